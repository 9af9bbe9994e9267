// E-mail templates (issue 15 item 2): what each kind of notice looks like as an e-mail. The
// shipped defaults are data (settings/mail-templates.json, or [mail] templates_file); an
// administrator may change a template's subject and body (mailroom_template keeps the changed
// ones) and reset it to the default. Vietnamese first, English second: a rendered e-mail carries
// both, the Vietnamese part first.
//
// A template's subject and body are text with placeholders `{{name}}`. Known names:
//   recipientName, text (the notice's Vietnamese line), textEn (its English line), link (an
//   absolute URL, or ""), code (the notice's entity id: a dossier code, a document id), agency
//   (the sending agency's name), portal (the public base URL), date (today, dd/mm/yyyy, Vietnam
//   time), unsubscribe (the one-click opt-out URL, or ""), items (a digest's list, one line each).
// `{{#link}}...{{/link}}` keeps its inside only when `link` is not empty (same for any name).
// Unknown names are refused when a template is saved (field `subjectVi`, `bodyVi`, ...).
//
// Rendering gives a subject (one line: CR, LF and other controls never reach a header), a plain
// text body (vi, a separator line, en) and an HTML body: a fixed, inline-styled layout with the
// same text, every value HTML-escaped, URLs as links, the link as a button.
//
// Requires: any transaction for reads, a write transaction for Put / Reset.
// Thread safety: the defaults are immutable after construction; share it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"

namespace cqdt::mailroom {

struct MailTemplate {
  std::string kind;       // a notice kind ("onestop.received"), "mail.digest", "mail.test" or "*"
  std::string audience;   // "citizen" | "staff" | "all"
  bool required = false;  // legally required: the recipient cannot opt out (preferences.hpp)
  std::string name_vi, name_en;  // what lists show ("Hồ sơ đã được tiếp nhận")
  std::string subject_vi, subject_en;
  std::string body_vi, body_en;
  bool customised = false;  // an administrator's version (else the shipped default)
  std::string updated_by;
  std::int64_t updated_at = 0;
};

struct TemplateInput {
  std::string subject_vi, subject_en, body_vi, body_en;
};

// Placeholder values; `items` is the digest's list.
struct TemplateValues {
  std::map<std::string, std::string> values;
  std::vector<std::string> items;
};

struct RenderedMail {
  std::string subject;  // one line, Vietnamese then " / " English when both differ
  std::string text;     // text/plain
  std::string html;     // text/html
};

// Limits (code points).
constexpr std::size_t kMaxSubjectLength = 200;
constexpr std::size_t kMaxBodyLength = 5000;

class TemplateStore {
 public:
  explicit TemplateStore(std::vector<MailTemplate> defaults);

  // Reads the defaults file (a JSON array of templates: kind, audience, required, nameVi,
  // nameEn, subjectVi, subjectEn, bodyVi, bodyEn). kInvalidArgument naming the entry and field
  // for a bad file; the "*" template must be present (it serves kinds without their own).
  static Result<std::vector<MailTemplate>> LoadDefaults(const std::string& path);
  // The defaults shipped in the binary (settings/mail-templates.json, compiled in).
  static Result<std::vector<MailTemplate>> ShippedDefaults();

  // Every template (defaults with the administrator's changes applied), by kind.
  std::vector<MailTemplate> List(db::Transaction& tx) const;
  // The template for a kind: its own, else "*" (with `kind` set to the asked kind).
  MailTemplate For(db::Transaction& tx, const std::string& kind) const;
  // kNotFound for a kind without a shipped default (only those can be changed).
  Result<MailTemplate> Get(db::Transaction& tx, const std::string& kind) const;
  // Validates (lengths, no control characters in subjects, known placeholders, balanced
  // sections) and stores the administrator's version.
  Result<MailTemplate> Put(db::Transaction& tx, const std::string& kind, const TemplateInput& in,
                           const std::string& updated_by, std::int64_t now) const;
  // Back to the shipped default (no error when it was not changed).
  Status Reset(db::Transaction& tx, const std::string& kind) const;

  // Renders a template with values (also used for the editor's preview of unsaved input).
  static RenderedMail Render(const MailTemplate& t, const TemplateValues& values);
  // Validates an input without storing it (the preview's check).
  static Status Validate(const TemplateInput& in);

  bool IsRequired(const std::string& kind) const;  // from the defaults

 private:
  std::map<std::string, MailTemplate> defaults_;
};

}  // namespace cqdt::mailroom
