// ProcedureTemplateService (procedure_templates.hpp).
#include "onestop/procedure_templates.hpp"

#include "core/lunar_calendar.hpp"
#include "core/text.hpp"

namespace cqdt::onestop {

std::optional<std::pair<std::string, std::string>> TemplateFormat(std::string_view bytes) {
  if (bytes.starts_with("%PDF-")) {
    return std::make_pair(".pdf", "application/pdf");
  }
  if (bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    return std::make_pair(".doc", "application/msword");
  }
  if (bytes.starts_with("PK\x03\x04")) {
    // An OpenDocument package names its type in a first, stored "mimetype" entry.
    constexpr std::string_view kOdt = "mimetypeapplication/vnd.oasis.opendocument.text";
    if (bytes.size() >= 30 + kOdt.size() && bytes.substr(30, kOdt.size()) == kOdt) {
      return std::make_pair(".odt", "application/vnd.oasis.opendocument.text");
    }
    if (bytes.find("word/") != std::string_view::npos) {
      return std::make_pair(
          ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }
  }
  return std::nullopt;
}

Result<Published> ProcedureTemplateService::Attach(
    db::Transaction& tx, const identity::Principal& p, const audit::Actor& actor,
    const std::string& code, int ordinal, const std::string& name, std::string_view bytes) {
  // The newest version: the one in force, or one already scheduled after it.
  CQDT_ASSIGN_OR_RETURN(std::vector<ProcedureVersion> versions, catalogue_.Versions(tx, code));
  if (versions.empty()) {
    return Error::NotFound("thủ tục", code);
  }
  const ProcedureVersion& newest = versions.front();
  ProcedureContent content = newest.content;
  if (ordinal < 1 || ordinal > static_cast<int>(content.documents.size())) {
    return Error::InvalidField("ordinal", "unknown", "Thủ tục không có giấy tờ số thứ tự này.");
  }
  if (bytes.empty() || bytes.size() > kMaxTemplateBytes) {
    return Error::InvalidField("file", "size", "Tệp mẫu phải có nội dung và không quá 10 MB.");
  }
  if (!TemplateFormat(bytes)) {
    return Error::InvalidField("file", "format",
                               "Tệp mẫu phải là PDF, Word (.doc, .docx) hoặc OpenDocument (.odt).");
  }
  // Stored before it is named in the catalogue: an unnamed blob is harmless, a name without
  // its blob is not.
  CQDT_ASSIGN_OR_RETURN(blob::BlobInfo stored, blobs_.Put(bytes));
  RequiredDocument& d = content.documents[static_cast<std::size_t>(ordinal - 1)];
  d.template_sha256 = stored.sha256;
  if (d.template_name.empty()) {
    d.template_name = Trim(name).empty() ? d.name : Trim(name);
  }
  // A scheduled version is replaced on its own date; the version in force, from today. When
  // that version cannot be replaced (a dossier was received under it today), the day after.
  const auto newest_from = ParseIsoDate(newest.effective_from);
  CQDT_ASSIGN_OR_RETURN(ProcedureVersion current, catalogue_.Current(tx, code));
  const bool scheduled = newest.id != current.id;
  auto published =
      catalogue_.Publish(tx, p, actor, content, scheduled ? newest.effective_from : "");
  if (!published && published.error().code() == ErrorCode::kConflict && newest_from) {
    published = catalogue_.Publish(tx, p, actor, content, FormatIsoDate(AddDays(*newest_from, 1)));
  }
  return published;
}

Result<TemplateFile> ProcedureTemplateService::Get(db::Transaction& tx, const std::string& code,
                                                   int ordinal) const {
  CQDT_ASSIGN_OR_RETURN(ProcedureVersion current, catalogue_.Current(tx, code));
  const auto& docs = current.content.documents;
  if (ordinal < 1 || ordinal > static_cast<int>(docs.size()) ||
      docs[static_cast<std::size_t>(ordinal - 1)].template_sha256.empty()) {
    return Error::NotFound("mẫu giấy tờ", code + "/" + std::to_string(ordinal));
  }
  const RequiredDocument& d = docs[static_cast<std::size_t>(ordinal - 1)];
  CQDT_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(d.template_sha256));
  auto format = TemplateFormat(bytes);
  TemplateFile out;
  out.file_name = (d.template_name.empty() ? d.name : d.template_name) +
                  (format ? format->first : std::string(".bin"));
  out.content_type = format ? format->second : "application/octet-stream";
  out.bytes = std::move(bytes);
  return out;
}

}  // namespace cqdt::onestop
