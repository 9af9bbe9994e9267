#include "core/message_catalog.hpp"

#include <algorithm>

#include "messages_en.hpp"

namespace cqdt {
namespace {

constexpr std::string_view kPlaceholder = "{}";
// Values are translated in turn (a noun, a nested sentence); the depth bounds the recursion.
constexpr int kMaxDepth = 4;

std::vector<std::string_view> SplitTemplate(std::string_view vi) {
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  for (std::size_t hole = vi.find(kPlaceholder); hole != std::string_view::npos;
       hole = vi.find(kPlaceholder, at)) {
    parts.push_back(vi.substr(at, hole - at));
    at = hole + kPlaceholder.size();
  }
  parts.push_back(vi.substr(at));
  return parts;
}

// Fills `captures` with the values of the placeholders when `message` is `parts` filled in.
// Each value is the shortest text before the next literal part; the last part ends the message.
bool Match(const std::vector<std::string_view>& parts, std::string_view message,
           std::vector<std::string_view>& captures) {
  captures.clear();
  if (!message.starts_with(parts.front()) || !message.ends_with(parts.back())) {
    return false;
  }
  std::size_t at = parts.front().size();
  const std::size_t end = message.size() - parts.back().size();
  if (at > end) {
    return false;
  }
  for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
    const std::size_t found = message.find(parts[i], at);
    if (found == std::string_view::npos || found + parts[i].size() > end) {
      return false;
    }
    captures.push_back(message.substr(at, found - at));
    at = found + parts[i].size();
  }
  captures.push_back(message.substr(at, end - at));
  return true;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// `en` with `{}` (in order) or `{0}`..`{9}` replaced by `values`.
std::string Fill(std::string_view en, const std::vector<std::string>& values) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < en.size(); ++i) {
    if (en[i] == '{' && i + 1 < en.size()) {
      if (en[i + 1] == '}') {
        if (next < values.size()) {
          out += values[next];
        }
        ++next;
        ++i;
        continue;
      }
      if (i + 2 < en.size() && en[i + 1] >= '0' && en[i + 1] <= '9' && en[i + 2] == '}') {
        const auto index = static_cast<std::size_t>(en[i + 1] - '0');
        if (index < values.size()) {
          out += values[index];
        }
        i += 2;
        continue;
      }
    }
    out += en[i];
  }
  return out;
}

}  // namespace

namespace internal {

std::vector<std::span<const MessageTranslation>> EnglishMessageTables() {
  return {EnglishPlatformMessages(),
          EnglishPeopleMessages(),
          EnglishSigningMessages(),
          EnglishTokenSigningMessages(),
          EnglishLimitMessages(),
          EnglishNotifyMessages(),
          EnglishPdfStampMessages(),
          EnglishDocumentMessages(),
          EnglishIncomingMessages(),
          EnglishOutgoingMessages(),
          EnglishDeliveryMessages(),
          EnglishProcessingMessages(),
          EnglishQueueMessages(),
          EnglishSigning2Messages(),
          EnglishLooseEndsMessages(),
          EnglishReleaseFaster2Messages(),
          EnglishRecordsMessages(),
          EnglishExtractionMessages(),
          EnglishImportMessages(),
          EnglishReportsMessages(),
          EnglishArchiveMessages(),
          EnglishOnestopMessages(),
          EnglishDossierMessages(),
          EnglishPortalMessages(),
          EnglishOidcMessages(),
          EnglishFeedbackMessages(),
          EnglishProactiveMessages(),
          EnglishExchangeMessages(),
          EnglishExchangeHubMessages(),
          EnglishExchangeRequestMessages(),
          EnglishPortalOnlineMessages(),
          EnglishLiveMessages(),
          EnglishIndex766AnalysisMessages(),
          EnglishMailTemplateMessages(),
          EnglishMailMessages(),
          EnglishMailIntakeMessages()};
}

}  // namespace internal

MessageCatalog::MessageCatalog(std::vector<MessageTranslation> entries)
    : entries_(std::move(entries)) {
  for (const MessageTranslation& entry : entries_) {
    if (entry.vi.find(kPlaceholder) == std::string_view::npos) {
      exact_.emplace(entry.vi, entry.en);
      continue;
    }
    Template t;
    t.parts = SplitTemplate(entry.vi);
    for (std::string_view part : t.parts) {
      t.literal_size += part.size();
    }
    t.en = entry.en;
    templates_.push_back(std::move(t));
  }
  // Most specific first: the first template that matches is the best one.
  std::stable_sort(templates_.begin(), templates_.end(), [](const Template& a, const Template& b) {
    return a.literal_size > b.literal_size;
  });
}

bool MessageCatalog::TranslateInto(std::string_view message, int depth, std::string& out) const {
  if (auto it = exact_.find(message); it != exact_.end()) {
    out = it->second;
    return true;
  }
  if (depth >= kMaxDepth) {
    return false;
  }
  std::vector<std::string_view> captures;
  for (const Template& t : templates_) {
    if (!Match(t.parts, message, captures)) {
      continue;
    }
    std::vector<std::string> values;
    values.reserve(captures.size());
    for (std::string_view capture : captures) {
      // Codes, numbers and file names stay as they are; Vietnamese words and sentences are
      // looked up in turn (a noun such as "cơ quan", a nested message).
      std::string translated;
      if (!IsAscii(capture) && TranslateInto(capture, depth + 1, translated)) {
        values.push_back(std::move(translated));
      } else {
        values.emplace_back(capture);
      }
    }
    out = Fill(t.en, values);
    return true;
  }
  return false;
}

std::string MessageCatalog::Translate(std::string_view message, Language language) const {
  if (language == Language::kVietnamese || message.empty()) {
    return std::string(message);
  }
  std::string out;
  if (TranslateInto(message, 0, out)) {
    return out;
  }
  return std::string(message);
}

const MessageCatalog& MessageCatalog::Default() {
  static const MessageCatalog kCatalog = [] {
    std::vector<MessageTranslation> all;
    for (auto table : internal::EnglishMessageTables()) {
      all.insert(all.end(), table.begin(), table.end());
    }
    return MessageCatalog(std::move(all));
  }();
  return kCatalog;
}

std::string Localize(std::string_view message, Language language) {
  return MessageCatalog::Default().Translate(message, language);
}

}  // namespace cqdt
