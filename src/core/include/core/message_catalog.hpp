// The English renderings of the messages cqdt shows to people.
//
// Every module writes its client-facing messages in Vietnamese (core/result.hpp): Error messages,
// field errors, the sentences of a signature verification report. A client that prefers English
// (HTTP Accept-Language) gets them translated at the edge, by the one catalog here: a table of
// Vietnamese message *templates* and their English renderings. A message is the template with
// its `{}` placeholders filled, so "Không tìm thấy cơ quan '000.00.01.H01'." is found through
// "Không tìm thấy {} '{}'." -> "No {} '{}' was found." and the filled values are translated in
// turn when they are catalog entries themselves ("cơ quan" -> "agency"), and kept as they are
// otherwise (codes, names, numbers). See docs/decisions/0005-english-messages.md.
//
// Contract of the data (messages_en_*.cpp):
// - `vi` is a message as the code builds it, `{}` standing for each value concatenated in; a value
//   may be empty. Adjacent placeholders ("{}{}") are not allowed: there is no text to split on.
// - `en` uses `{}` for the values in the same order, or `{0}`..`{9}` to reorder them.
// - Every Vietnamese string literal of src/ (outside tests, the CLI and data tables) is part of an
//   entry: message_catalog_test.cpp scans the sources, so a new message cannot be forgotten.
//
// Thread safety: a catalog is immutable after construction; Translate may be called from any
// thread. Default() is built on first use (thread-safe static).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cqdt {

enum class Language { kVietnamese, kEnglish };

struct MessageTranslation {
  std::string_view vi;
  std::string_view en;
};

class MessageCatalog {
 public:
  // The entries must outlive the catalog (they are string literals in practice).
  explicit MessageCatalog(std::vector<MessageTranslation> entries);

  // `message` in `language`. Vietnamese, or a message no entry matches, comes back unchanged:
  // a missing translation shows the Vietnamese text, never an empty one.
  std::string Translate(std::string_view message, Language language) const;

  const std::vector<MessageTranslation>& entries() const { return entries_; }

  // The catalog of every message of cqdt (the messages_en_*.cpp tables).
  static const MessageCatalog& Default();

 private:
  struct Template {
    std::vector<std::string_view> parts;  // the literal text around the placeholders
    std::size_t literal_size = 0;         // how specific the template is
    std::string_view en;
  };

  bool TranslateInto(std::string_view message, int depth, std::string& out) const;

  std::vector<MessageTranslation> entries_;
  std::unordered_map<std::string_view, std::string_view> exact_;
  std::vector<Template> templates_;
};

// MessageCatalog::Default().Translate(message, language).
std::string Localize(std::string_view message, Language language);

}  // namespace cqdt
