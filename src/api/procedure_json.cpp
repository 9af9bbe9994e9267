// The JSON of the procedure catalogue (issue 12 item 1): one shape for the API's answers, the
// export and the import file (src/app/demo/procedures.json is one), so that an export imports
// again unchanged. The labels and version fields an answer adds are ignored on input; any other
// unknown member is an error naming its path.
#include "procedure_json.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "api/catalogue_file.hpp"
#include "core/clock.hpp"

namespace cqdt::api {

namespace {

using namespace onestop;

// The members an answer adds (read back from an export, ignored).
const std::set<std::string> kOutputOnly = {
    "levelLabel",    "onlineLevelLabel", "subjectLabels", "version",   "versionId",
    "effectiveFrom", "effectiveTo",      "createdAt",     "createdBy", "processHours",
    "processFits",   "agencies",         "used"};

const std::set<std::string> kProcedureMembers = {
    "code",        "nationalCode", "name",        "publishedBy", "level",   "sector",
    "subjects",    "performers",   "channels",    "documents",   "sets",    "conditions",
    "result",      "legalBasis",   "onlineLevel", "interAgency", "process", "restartOnSupplement",
    "unconfirmed", "sources"};

json DeadlineJson(const onestop::Deadline& d, const http::Request& req) {
  return {{"amount", d.amount},
          {"unit", DeadlineUnitName(d.unit)},
          {"note", d.note},
          {"label", http::Localized(DeadlineLabel(d), req)}};
}

// Reads members of untrusted JSON at a path; every problem becomes a FieldError.
class Reader {
 public:
  explicit Reader(std::vector<FieldError>& errors) : errors_(errors) {}

  bool Object(const json& j, const std::string& path, const std::set<std::string>& allowed,
              const std::set<std::string>& ignored = {}) {
    if (!j.is_object()) {
      Add(path, "type", "Trường '" + path + "' phải là một đối tượng JSON.");
      return false;
    }
    for (const auto& [key, value] : j.items()) {
      if (allowed.count(key) == 0 && ignored.count(key) == 0) {
        const std::string at = Join(path, key);
        Add(at, "unknown", "Trường '" + at + "' không được hỗ trợ.");
      }
    }
    return true;
  }

  std::string String(const json& j, const std::string& path, const char* key,
                     bool required = false) {
    const std::string at = Join(path, key);
    if (!j.contains(key) || j[key].is_null()) {
      if (required) {
        Add(at, "required", "Thiếu trường bắt buộc '" + at + "'.");
      }
      return "";
    }
    if (!j[key].is_string()) {
      Add(at, "type", "Trường '" + at + "' phải là chuỗi.");
      return "";
    }
    return j[key].get<std::string>();
  }

  double Number(const json& j, const std::string& path, const char* key, double fallback) {
    const std::string at = Join(path, key);
    if (!j.contains(key) || j[key].is_null()) {
      return fallback;
    }
    if (!j[key].is_number()) {
      Add(at, "type", "Trường '" + at + "' phải là số.");
      return fallback;
    }
    return j[key].get<double>();
  }

  std::int64_t Integer(const json& j, const std::string& path, const char* key,
                       std::int64_t fallback) {
    const std::string at = Join(path, key);
    if (!j.contains(key) || j[key].is_null()) {
      return fallback;
    }
    if (!j[key].is_number_integer()) {
      Add(at, "type", "Trường '" + at + "' phải là số nguyên.");
      return fallback;
    }
    // Beyond int64 nlohmann keeps an unsigned; either way bounded before use.
    if (j[key].is_number_unsigned() && j[key].get<std::uint64_t>() > 1000000000000000ULL) {
      Add(at, "range", "Trường '" + at + "' quá lớn.");
      return fallback;
    }
    return j[key].get<std::int64_t>();
  }

  bool Bool(const json& j, const std::string& path, const char* key, bool fallback) {
    const std::string at = Join(path, key);
    if (!j.contains(key) || j[key].is_null()) {
      return fallback;
    }
    if (!j[key].is_boolean()) {
      Add(at, "type", "Trường '" + at + "' phải là true/false.");
      return fallback;
    }
    return j[key].get<bool>();
  }

  // The array at `key` (empty when absent); a non-array is an error.
  const json& Array(const json& j, const std::string& path, const char* key) {
    static const json kEmpty = json::array();
    const std::string at = Join(path, key);
    if (!j.contains(key) || j[key].is_null()) {
      return kEmpty;
    }
    if (!j[key].is_array()) {
      Add(at, "type", "Trường '" + at + "' phải là một danh sách.");
      return kEmpty;
    }
    if (j[key].size() > 1000) {
      Add(at, "count", "Trường '" + at + "' có quá nhiều mục.");
      return kEmpty;
    }
    return j[key];
  }

  std::vector<std::string> Strings(const json& j, const std::string& path, const char* key) {
    std::vector<std::string> out;
    const json& list = Array(j, path, key);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string at = Join(path, key) + "[" + std::to_string(i) + "]";
      if (!list[i].is_string()) {
        Add(at, "type", "Trường '" + at + "' phải là chuỗi.");
        continue;
      }
      out.push_back(list[i].get<std::string>());
    }
    return out;
  }

  template <typename E>
  E Enum(const json& j, const std::string& path, const char* key, E fallback,
         std::optional<E> (*parse)(std::string_view), const char* allowed) {
    const std::string at = Join(path, key);
    const std::string s = String(j, path, key, true);
    if (s.empty()) {
      return fallback;
    }
    auto v = parse(s);
    if (!v) {
      Add(at, "unknown", "Trường '" + at + "' phải là một trong: " + allowed + ".");
      return fallback;
    }
    return *v;
  }

  void Add(const std::string& path, const char* code, std::string message) {
    errors_.push_back({path, code, std::move(message)});
  }

  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

 private:
  std::vector<FieldError>& errors_;
};

}  // namespace

json ProcedureContentJson(const onestop::ProcedureContent& c, const http::Request& req) {
  json subjects = json::array(), subject_labels = json::array();
  for (Subject s : c.subjects) {
    subjects.push_back(SubjectName(s));
    subject_labels.push_back(http::Localized(SubjectLabel(s), req));
  }
  json channels = json::array();
  for (const auto& ch : c.channels) {
    json fees = json::array();
    for (const auto& f : ch.fees) {
      fees.push_back({{"name", f.name}, {"amount", f.amount}, {"note", f.note}});
    }
    channels.push_back({{"channel", ChannelName(ch.channel)},
                        {"channelCode", static_cast<int>(ch.channel)},
                        {"channelLabel", http::Localized(ChannelLabel(ch.channel), req)},
                        {"deadline", DeadlineJson(ch.deadline, req)},
                        {"fees", std::move(fees)},
                        {"description", ch.description}});
  }
  json documents = json::array();
  for (const auto& d : c.documents) {
    documents.push_back({{"name", d.name},
                         {"originals", d.originals},
                         {"copies", d.copies},
                         {"required", d.required},
                         {"replaceableByData", d.replaceable_by_data},
                         {"template", d.template_name},
                         {"hasTemplateFile", !d.template_sha256.empty()}});
  }
  json chain = json::array();
  for (const auto& l : c.chain) {
    chain.push_back({{"name", l.name}, {"agency", l.agency}});
  }
  json process = json::array();
  for (const auto& s : c.process) {
    process.push_back({{"name", s.name},
                       {"performer", PerformerName(s.performer)},
                       {"performerLabel", http::Localized(PerformerLabel(s.performer), req)},
                       {"hours", s.hours}});
  }
  return {{"code", c.code},
          {"nationalCode", c.national_code},
          {"name", c.name},
          {"publishedBy", {{"number", c.published_number}, {"date", c.published_date}}},
          {"level", LevelName(c.level)},
          {"levelLabel", http::Localized(LevelLabel(c.level), req)},
          {"sector", {{"code", c.sector_code}, {"name", c.sector_name}}},
          {"subjects", std::move(subjects)},
          {"subjectLabels", std::move(subject_labels)},
          {"performers", c.performers},
          {"channels", std::move(channels)},
          {"documents", std::move(documents)},
          {"sets", c.sets},
          {"conditions", c.conditions},
          {"result", {{"name", c.result_name}, {"electronic", c.result_electronic}}},
          {"legalBasis", c.legal_basis},
          {"onlineLevel", OnlineLevelName(c.online_level)},
          {"onlineLevelLabel", http::Localized(OnlineLevelLabel(c.online_level), req)},
          {"interAgency", std::move(chain)},
          {"process", std::move(process)},
          {"restartOnSupplement", c.restart_on_supplement},
          {"unconfirmed", c.unconfirmed},
          {"sources", c.sources}};
}

json ProcedureVersionJson(const onestop::ProcedureVersion& v, const http::Request& req) {
  json out = ProcedureContentJson(v.content, req);
  out["version"] = v.number;
  out["versionId"] = v.id.value();
  out["effectiveFrom"] = v.effective_from;
  out["effectiveTo"] = v.effective_to.empty() ? json() : json(v.effective_to);
  out["createdAt"] = v.created_at > 0 ? ToIsoVietnam(FromUnixSeconds(v.created_at)) : "";
  out["createdBy"] = v.created_by;
  out["processHours"] = ProcessHours(v.content.process);
  json fits = json::array();
  for (const auto& f : CheckProcessFits(v.content)) {
    fits.push_back({{"channel", ChannelName(f.channel)},
                    {"channelLabel", http::Localized(ChannelLabel(f.channel), req)},
                    {"deadlineHours", f.deadline_hours},
                    {"processHours", f.process_hours},
                    {"fits", f.fits}});
  }
  out["processFits"] = std::move(fits);
  return out;
}

json ProcedureSummaryJson(const onestop::ProcedureSummary& s, const http::Request& req) {
  return {{"code", s.code},
          {"nationalCode", s.national_code},
          {"name", s.name},
          {"level", LevelName(s.level)},
          {"levelLabel", http::Localized(LevelLabel(s.level), req)},
          {"sector", {{"code", s.sector_code}, {"name", s.sector_name}}},
          {"onlineLevel", OnlineLevelName(s.online_level)},
          {"onlineLevelLabel", http::Localized(OnlineLevelLabel(s.online_level), req)},
          {"version", s.version},
          {"effectiveFrom", s.effective_from},
          {"shortestDeadline", s.shortest ? DeadlineJson(*s.shortest, req) : json()},
          {"agencyCount", s.agency_count},
          {"hasUnconfirmed", s.has_unconfirmed}};
}

onestop::ProcedureContent ReadProcedureContent(const json& j, const std::string& path,
                                               std::vector<FieldError>& errors) {
  Reader r(errors);
  ProcedureContent c;
  if (!r.Object(j, path, kProcedureMembers, kOutputOnly)) {
    return c;
  }
  c.national_code = r.String(j, path, "nationalCode");
  c.code = r.String(j, path, "code");
  if (c.code.empty()) {
    c.code = c.national_code;  // the national code is the catalogue's key when no other is given
  }
  if (c.code.empty()) {
    const std::string at = Reader::Join(path, "code");
    r.Add(at, "required",
          "Thiếu trường bắt buộc '" + at + "' (mã thủ tục; khi không có mã TTHC quốc gia).");
  }
  c.name = r.String(j, path, "name", true);
  if (j.contains("publishedBy") && !j["publishedBy"].is_null()) {
    const std::string at = Reader::Join(path, "publishedBy");
    if (r.Object(j["publishedBy"], at, {"number", "date"})) {
      c.published_number = r.String(j["publishedBy"], at, "number");
      c.published_date = r.String(j["publishedBy"], at, "date");
    }
  }
  c.level = r.Enum(j, path, "level", Level::kCommune, ParseLevel, "central, province, commune");
  if (j.contains("sector")) {
    const std::string at = Reader::Join(path, "sector");
    if (r.Object(j["sector"], at, {"code", "name"})) {
      c.sector_code = r.String(j["sector"], at, "code");
      c.sector_name = r.String(j["sector"], at, "name", true);
    }
  } else {
    r.Add(Reader::Join(path, "sector"), "required",
          "Thiếu trường bắt buộc '" + Reader::Join(path, "sector") + "'.");
  }
  const auto subjects = r.Strings(j, path, "subjects");
  for (std::size_t i = 0; i < subjects.size(); ++i) {
    if (auto s = ParseSubject(subjects[i])) {
      c.subjects.push_back(*s);
    } else {
      const std::string at = Reader::Join(path, "subjects") + "[" + std::to_string(i) + "]";
      r.Add(at, "unknown",
            "Trường '" + at + "' phải là một trong: " +
                std::string("citizen, foreigner, business, organization") + ".");
    }
  }
  c.performers = r.Strings(j, path, "performers");
  const json& channels = r.Array(j, path, "channels");
  for (std::size_t i = 0; i < channels.size(); ++i) {
    const std::string at = Reader::Join(path, "channels") + "[" + std::to_string(i) + "]";
    const json& ch = channels[i];
    if (!r.Object(ch, at, {"channel", "deadline", "fees", "description"},
                  {"channelCode", "channelLabel"})) {
      continue;
    }
    ChannelOffer offer;
    offer.channel =
        r.Enum(ch, at, "channel", Channel::kDirect, ParseChannel, "direct, online, postal");
    const std::string dl = at + ".deadline";
    if (ch.contains("deadline") &&
        r.Object(ch["deadline"], dl, {"amount", "unit", "note"}, {"label"})) {
      offer.deadline.amount = r.Number(ch["deadline"], dl, "amount", 0);
      offer.deadline.unit = r.Enum(ch["deadline"], dl, "unit", DeadlineUnit::kWorkingDays,
                                   ParseDeadlineUnit, "working_days, days, working_hours");
      offer.deadline.note = r.String(ch["deadline"], dl, "note");
    } else if (!ch.contains("deadline")) {
      r.Add(dl, "required", "Thiếu trường bắt buộc '" + dl + "'.");
    }
    const json& fees = r.Array(ch, at, "fees");
    for (std::size_t k = 0; k < fees.size(); ++k) {
      const std::string fee_at = at + ".fees[" + std::to_string(k) + "]";
      if (!r.Object(fees[k], fee_at, {"name", "amount", "note"})) {
        continue;
      }
      offer.fees.push_back({r.String(fees[k], fee_at, "name", true),
                            r.Integer(fees[k], fee_at, "amount", 0),
                            r.String(fees[k], fee_at, "note")});
    }
    offer.description = r.String(ch, at, "description");
    c.channels.push_back(std::move(offer));
  }
  const json& documents = r.Array(j, path, "documents");
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const std::string at = Reader::Join(path, "documents") + "[" + std::to_string(i) + "]";
    if (!r.Object(documents[i], at,
                  // hasTemplateFile: written by the export, ignored on reading (files are uploaded
                  // on their own, procedure_templates.hpp).
                  {"name", "originals", "copies", "required", "replaceableByData", "template",
                   "hasTemplateFile"})) {
      continue;
    }
    RequiredDocument d;
    d.name = r.String(documents[i], at, "name", true);
    d.originals = static_cast<int>(
        std::clamp<std::int64_t>(r.Integer(documents[i], at, "originals", 1), -1, 1000));
    d.copies = static_cast<int>(
        std::clamp<std::int64_t>(r.Integer(documents[i], at, "copies", 0), -1, 1000));
    d.required = r.Bool(documents[i], at, "required", true);
    d.replaceable_by_data = r.Bool(documents[i], at, "replaceableByData", false);
    d.template_name = r.String(documents[i], at, "template");
    c.documents.push_back(std::move(d));
  }
  c.sets = static_cast<int>(std::clamp<std::int64_t>(r.Integer(j, path, "sets", 1), -1, 1000));
  c.conditions = r.String(j, path, "conditions");
  if (j.contains("result")) {
    const std::string at = Reader::Join(path, "result");
    if (r.Object(j["result"], at, {"name", "electronic"})) {
      c.result_name = r.String(j["result"], at, "name", true);
      c.result_electronic = r.Bool(j["result"], at, "electronic", false);
    }
  } else {
    r.Add(Reader::Join(path, "result"), "required",
          "Thiếu trường bắt buộc '" + Reader::Join(path, "result") + "'.");
  }
  c.legal_basis = r.Strings(j, path, "legalBasis");
  c.online_level = r.Enum(j, path, "onlineLevel", OnlineLevel::kPartial, ParseOnlineLevel,
                          "information, partial, full");
  const json& chain = r.Array(j, path, "interAgency");
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const std::string at = Reader::Join(path, "interAgency") + "[" + std::to_string(i) + "]";
    if (r.Object(chain[i], at, {"name", "agency"})) {
      c.chain.push_back(
          {r.String(chain[i], at, "name", true), r.String(chain[i], at, "agency", true)});
    }
  }
  const json& process = r.Array(j, path, "process");
  for (std::size_t i = 0; i < process.size(); ++i) {
    const std::string at = Reader::Join(path, "process") + "[" + std::to_string(i) + "]";
    if (!r.Object(process[i], at, {"name", "performer", "hours"}, {"performerLabel"})) {
      continue;
    }
    c.process.push_back({r.String(process[i], at, "name", true),
                         r.Enum(process[i], at, "performer", Performer::kOfficer, ParsePerformer,
                                "counter, officer, unit_head, leader, other_agency"),
                         r.Number(process[i], at, "hours", 0)});
  }
  c.restart_on_supplement = r.Bool(j, path, "restartOnSupplement", false);
  c.unconfirmed = r.Strings(j, path, "unconfirmed");
  c.sources = r.Strings(j, path, "sources");
  return c;
}

Result<std::vector<onestop::ImportItem>> ReadCatalogueFile(std::string_view text) {
  CQDT_ASSIGN_OR_RETURN(json doc, ParseJson(text));
  const json* list = nullptr;
  if (doc.is_array()) {
    list = &doc;
  } else if (doc.is_object() && doc.contains("procedures") && doc["procedures"].is_array()) {
    list = &doc["procedures"];
  } else {
    return Error::InvalidField("procedures", "type",
                               "Tệp danh mục phải là một danh sách thủ tục, hoặc một đối tượng có "
                               "trường 'procedures' là danh sách.");
  }
  if (list->size() > 20000) {
    return Error::InvalidField("procedures", "count",
                               "Tệp danh mục có tối đa 20000 thủ tục một lần nhập.");
  }
  std::vector<onestop::ImportItem> items;
  for (std::size_t i = 0; i < list->size(); ++i) {
    onestop::ImportItem item;
    item.row = static_cast<int>(i + 1);
    item.content = ReadProcedureContent((*list)[i], "", item.errors);
    items.push_back(std::move(item));
  }
  return items;
}

json ImportReportJson(const onestop::ImportReport& report, const http::Request& req) {
  json rows = json::array();
  for (const auto& row : report.rows) {
    json errors = json::array();
    for (const auto& e : row.errors) {
      errors.push_back(
          {{"field", e.field}, {"code", e.code}, {"message", http::Localized(e.message, req)}});
    }
    rows.push_back(
        {{"row", row.row},
         {"code", row.code},
         {"name", row.name},
         {"outcome", row.outcome ? json(PublishOutcomeName(*row.outcome)) : json()},
         {"outcomeLabel",
          row.outcome ? json(http::Localized(PublishOutcomeLabel(*row.outcome), req)) : json()},
         {"errors", std::move(errors)}});
  }
  return {{"dryRun", report.dry_run},    {"applied", report.applied},
          {"created", report.created},   {"newVersions", report.new_versions},
          {"replaced", report.replaced}, {"unchanged", report.unchanged},
          {"failed", report.failed},     {"rows", std::move(rows)}};
}

}  // namespace cqdt::api

namespace cqdt::api {

Result<std::vector<onestop::ImportItem>> ReadCatalogue(std::string_view text) {
  return ReadCatalogueFile(text);
}

std::string WriteCatalogue(const std::vector<onestop::ProcedureVersion>& versions) {
  http::Request vietnamese;
  json list = json::array();
  for (const auto& v : versions) {
    list.push_back(ProcedureVersionJson(v, vietnamese));
  }
  return json{{"procedures", std::move(list)}}.dump(1, ' ', false, json::error_handler_t::replace) +
         "\n";
}

std::string ImportReportText(const onestop::ImportReport& report) {
  http::Request vietnamese;
  return ImportReportJson(report, vietnamese).dump(1, ' ', false, json::error_handler_t::replace) +
         "\n";
}

}  // namespace cqdt::api
