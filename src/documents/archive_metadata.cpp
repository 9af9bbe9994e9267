// The metadata files of an archive package: Phụ lục VI items (Decree 30/2020) of records and
// documents as XML (libxml2's writer, through the xml module) and JSON. The JSON is a file format
// of the package, not an HTTP body: nlohmann::json writes it (decision 0016).
#include "archive_metadata.hpp"

#include <nlohmann/json.hpp>

#include "documents/file_plan_service.hpp"
#include "xml/writer.hpp"

namespace cqdt::documents::archive_internal {
namespace {

using nlohmann::json;

std::string Num(std::int64_t v) { return std::to_string(v); }

// Phụ lục VI item 14/15 Priority is one digit (van-thu.md §8 notes): the urgency as edXML codes
// it (0 normal, 1 urgent, 2 very urgent, 3 express). Confidentiality is kept beside it in its own
// element, since the appendix has one code for both.
int PriorityCode(Urgency u) {
  switch (u) {
    case Urgency::kNormal:
      return 0;
    case Urgency::kUrgent:
      return 1;
    case Urgency::kVeryUrgent:
      return 2;
    case Urgency::kExpress:
      return 3;
  }
  return 0;
}

void FileCodeXml(xml::XmlWriter& w, const std::string& organ, int catalog,
                 const std::string& notation) {
  w.Start("FileCode");
  w.Element("OrganId", organ);
  w.Element("FileCatalog", catalog > 0 ? Num(catalog) : "");
  w.Element("FileNotation", notation);
  w.End();
}

void FilesXml(xml::XmlWriter& w, const std::vector<FileRef>& files) {
  w.Start("Files");
  for (const auto& f : files) {
    w.Start("File");
    w.Element("Role", f.role);
    w.Element("Version", Num(f.version));
    w.Element("Name", f.name);
    w.Element("ContentType", f.content_type);
    w.Element("Size", Num(static_cast<std::int64_t>(f.size)));
    w.Element("Sha256", f.sha256);
    w.Element("Path", f.path);
    w.End();
  }
  w.End();
}

json FilesJson(const std::vector<FileRef>& files) {
  json out = json::array();
  for (const auto& f : files) {
    out.push_back({{"Role", f.role},
                   {"Version", f.version},
                   {"Name", f.name},
                   {"ContentType", f.content_type},
                   {"Size", f.size},
                   {"Sha256", f.sha256},
                   {"Path", f.path}});
  }
  return out;
}

std::string Dump(const json& j) { return j.dump(2) + "\n"; }

}  // namespace

std::pair<std::string, std::string> SplitNumberText(const std::string& number_text) {
  const auto slash = number_text.find('/');
  if (slash == std::string::npos) {
    return {number_text, ""};
  }
  return {number_text.substr(0, slash), number_text.substr(slash + 1)};
}

// Phụ lục VI §8.3: FileCode (OrganId, FileCatalog, FileNotation), Title, Maintenance, Rights,
// Creator, Language, StartDate, EndDate, DocTotal, PageTotal, Description.
std::string RecordXml(const WorkRecord& r, const std::vector<FileRef>& files) {
  xml::XmlWriter w("Record");
  FileCodeXml(w, r.organ_id, r.file_catalog, r.notation);
  w.Element("Title", r.title);
  w.Element("Maintenance", RetentionLabel(r.retention_years));
  w.Element("Rights", RecordRightsLabel(r.rights));
  w.Element("Creator", r.creator_name);
  w.Element("Language", r.language);
  w.Element("StartDate", r.start_date);
  w.Element("EndDate", r.end_date);
  w.Element("DocTotal", Num(r.doc_total));
  w.Element("PageTotal", Num(r.page_total));
  w.Element("Description", r.description);
  FilesXml(w, files);
  return w.Finish();
}

std::string RecordJson(const WorkRecord& r, const std::vector<FileRef>& files) {
  json j = {
      {"FileCode",
       {{"OrganId", r.organ_id}, {"FileCatalog", r.file_catalog}, {"FileNotation", r.notation}}},
      {"Title", r.title},
      {"Maintenance", RetentionLabel(r.retention_years)},
      {"Rights", RecordRightsLabel(r.rights)},
      {"Creator", r.creator_name},
      {"Language", r.language},
      {"StartDate", r.start_date},
      {"EndDate", r.end_date},
      {"DocTotal", r.doc_total},
      {"PageTotal", r.page_total},
      {"Description", r.description},
      {"Files", FilesJson(files)}};
  return Dump(j);
}

const char* TraceActionLabel(std::string_view code) {
  static constexpr std::pair<std::string_view, const char*> kLabels[] = {
      {"documents.registered", "Vào sổ"},    {"documents.submitted", "Trình lãnh đạo"},
      {"documents.assigned", "Giao xử lý"},  {"documents.accepted", "Nhận xử lý"},
      {"documents.commented", "Ý kiến"},     {"documents.extension_requested", "Xin gia hạn"},
      {"documents.completed", "Hoàn thành"}, {"documents.returned", "Trả lại văn thư"},
  };
  for (const auto& [c, label] : kLabels) {
    if (c == code) {
      return label;
    }
  }
  return "Cập nhật";
}

// Phụ lục VI §8.1 (outgoing, 16 items) and §8.2 (incoming, 18 items).
std::string DocumentXml(const DocumentMeta& m) {
  const Document& d = m.document;
  const auto [number, notation] = SplitNumberText(d.number_text);
  xml::XmlWriter w("Document");
  w.Attribute("direction", DirectionName(d.direction));
  FileCodeXml(w, d.file_organ_id, d.file_catalog, d.file_notation);
  w.Element("DocOrdinal", Num(d.doc_ordinal));
  w.Element("TypeName", m.type_name);
  w.Element("CodeNumber", number);
  w.Element("CodeNotation", notation);
  w.Element("IssuedDate", d.issued_date);
  w.Element("OrganName", m.organ_name);
  w.Element("Subject", d.subject);
  w.Element("Language", d.language);
  w.Element("PageAmount", Num(d.page_count));
  w.Element("Description", d.description);
  if (d.direction == Direction::kIncoming) {
    w.Element("ArrivalDate", d.arrival_date);
    w.Element("ArrivalNumber", d.arrival_number > 0 ? Num(d.arrival_number) : "");
  }
  w.Start("SignerInfo");
  w.Element("Position", d.signer_position);
  w.Element("FullName", d.signer_name);
  w.End();
  if (d.direction == Direction::kOutgoing) {
    for (const auto& to : m.recipients) {
      w.Start("To");
      w.Element("OrganId", to.organ_id);
      w.Element("OrganName", to.organ_name);
      w.End();
    }
  }
  w.Element("Priority", Num(PriorityCode(d.urgency)));
  w.Element("Confidentiality", ConfidentialityName(d.confidentiality));
  if (d.direction == Direction::kOutgoing) {
    w.Element("IssuedAmount", d.issued_amount > 0 ? Num(d.issued_amount) : "");
  } else {
    w.Element("ToPlaces", d.to_places);
    w.Start("TraceHeaderList");
    for (const auto& t : m.trace) {
      w.Start("TraceHeader");
      w.Element("Time", t.at);
      w.Element("By", t.by);
      w.Element("Action", TraceActionLabel(t.code));
      w.Element("ActionCode", t.code);
      w.Element("Detail", t.detail);
      w.End();
    }
    w.End();
  }
  w.Element("DueDate", d.due_date);
  FilesXml(w, m.files);
  return w.Finish();
}

std::string DocumentJson(const DocumentMeta& m) {
  const Document& d = m.document;
  const auto [number, notation] = SplitNumberText(d.number_text);
  json j = {{"Direction", DirectionName(d.direction)},
            {"FileCode",
             {{"OrganId", d.file_organ_id},
              {"FileCatalog", d.file_catalog},
              {"FileNotation", d.file_notation}}},
            {"DocOrdinal", d.doc_ordinal},
            {"TypeName", m.type_name},
            {"CodeNumber", number},
            {"CodeNotation", notation},
            {"IssuedDate", d.issued_date},
            {"OrganName", m.organ_name},
            {"Subject", d.subject},
            {"Language", d.language},
            {"PageAmount", d.page_count},
            {"Description", d.description},
            {"SignerInfo", {{"Position", d.signer_position}, {"FullName", d.signer_name}}},
            {"Priority", PriorityCode(d.urgency)},
            {"Confidentiality", ConfidentialityName(d.confidentiality)},
            {"DueDate", d.due_date},
            {"Files", FilesJson(m.files)}};
  if (d.direction == Direction::kIncoming) {
    j["ArrivalDate"] = d.arrival_date;
    j["ArrivalNumber"] = d.arrival_number;
    j["ToPlaces"] = d.to_places;
    json trace = json::array();
    for (const auto& t : m.trace) {
      trace.push_back({{"Time", t.at},
                       {"By", t.by},
                       {"Action", TraceActionLabel(t.code)},
                       {"ActionCode", t.code},
                       {"Detail", t.detail}});
    }
    j["TraceHeaderList"] = std::move(trace);
  } else {
    j["IssuedAmount"] = d.issued_amount;
    json to = json::array();
    for (const auto& r : m.recipients) {
      to.push_back({{"OrganId", r.organ_id}, {"OrganName", r.organ_name}});
    }
    j["To"] = std::move(to);
  }
  return Dump(j);
}

std::string TransferXml(const TransferMeta& t) {
  xml::XmlWriter w("ArchiveTransfer");
  w.Element("OrganId", t.organ_id);
  w.Element("OrganName", t.organ_name);
  w.Element("CreatedAt", t.created_at);
  w.Element("CreatedBy", t.created_by);
  w.Start("Records");
  for (const WorkRecord* r : t.records) {
    w.Start("Record");
    w.Element("FileCode", r->FileCode());
    w.Element("Title", r->title);
    w.Element("DocTotal", Num(r->doc_total));
    w.End();
  }
  w.End();
  return w.Finish();
}

std::string TransferJson(const TransferMeta& t) {
  json records = json::array();
  for (const WorkRecord* r : t.records) {
    records.push_back(
        {{"FileCode", r->FileCode()}, {"Title", r->title}, {"DocTotal", r->doc_total}});
  }
  return Dump({{"OrganId", t.organ_id},
               {"OrganName", t.organ_name},
               {"CreatedAt", t.created_at},
               {"CreatedBy", t.created_by},
               {"Records", std::move(records)}});
}

}  // namespace cqdt::documents::archive_internal
