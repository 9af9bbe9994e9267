// Strict edXML output (build.hpp) through xml::XmlWriter.
#include "exchange/build.hpp"

#include <cctype>
#include <string>
#include <vector>

#include "crypto/crypto.hpp"
#include "document_types.hpp"
#include "xml/writer.hpp"
#include "zip_codec.hpp"

namespace cqdt::exchange {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string Extension(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? "" : Lower(name.substr(dot + 1));
}

// Writes edXML:<name> elements.
class Writer {
 public:
  explicit Writer(xml::XmlWriter& w) : w_(w) {}
  void Start(const std::string& name) { w_.Start("edXML:" + name); }
  void End() { w_.End(); }
  void Element(const std::string& name, const std::string& text) {
    w_.Element("edXML:" + name, text);
  }
  void Optional(const std::string& name, const std::string& text) {
    if (!text.empty()) {
      Element(name, text);
    }
  }
  void Organization(const std::string& name, const exchange::Organization& o) {
    Start(name);
    Element("OrganId", o.organ_id);
    Optional("OrganizationInCharge", o.organization_in_charge);
    Optional("OrganName", o.organ_name);
    Optional("OrganAdd", o.organ_add);
    Optional("Email", o.email);
    Optional("Telephone", o.telephone);
    Optional("Fax", o.fax);
    Optional("Website", o.website);
    End();
  }
  void Staff(const StaffInfo& s) {
    Start("StaffInfo");
    Optional("Department", s.department);
    Optional("Staff", s.staff);
    Optional("Email", s.email);
    Optional("Mobile", s.mobile);
    End();
  }
  void ResponseFor(const exchange::ResponseFor& r) {
    Start("ResponseFor");
    Element("OrganId", r.organ_id);
    Element("Code", r.code);
    Element("PromulgationDate", r.promulgation_date);
    Element("DocumentId", r.document_id);
    End();
  }
  xml::XmlWriter& raw() { return w_; }

 private:
  xml::XmlWriter& w_;
};

Error Missing(const std::string& field, const std::string& what) {
  return Error::InvalidField(field, "required", "Gói tin cần có " + what + " (" + field + ").");
}

void StartEnvelope(xml::XmlWriter& w) {
  w.Attribute("xmlns", std::string(kQcvnNamespace));
  w.Start("edXML:edXMLEnvelope");
  w.Attribute("xmlns:edXML", std::string(kQcvnNamespace));
  w.Start("edXML:edXMLHeader");
}

}  // namespace

std::string ContentTypeFor(const std::string& file_name) {
  const std::string ext = Extension(file_name);
  if (ext == "pdf")
    return "application/pdf";
  if (ext == "doc")
    return "application/msword";
  if (ext == "docx")
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ext == "xls")
    return "application/vnd.ms-excel";
  if (ext == "xlsx")
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ext == "zip")
    return "application/zip";
  return "application/octet-stream";
}

bool TravelsZipped(const std::string& file_name) {
  return ContentTypeFor(file_name) == "application/octet-stream";
}

Result<std::string> BuildDocumentPackage(const DocumentPackage& package) {
  const DocumentHeader& h = package.header;
  if (h.from.organ_id.empty()) {
    return Missing("From/OrganId", "mã định danh cơ quan gửi");
  }
  if (h.to.empty()) {
    return Missing("To", "cơ quan nhận");
  }
  for (const auto& t : h.to) {
    if (t.organ_id.empty()) {
      return Missing("To/OrganId", "mã định danh cơ quan nhận");
    }
  }
  if (h.document_id.empty()) {
    return Missing("DocumentId", "mã văn bản");
  }
  if (h.subject.empty()) {
    return Missing("Subject", "trích yếu");
  }
  // Attachments first: zipping may fail, and nothing is written half.
  struct Part {
    std::string id, name, description, type, base64;
  };
  std::vector<Part> parts;
  for (std::size_t i = 0; i < package.attachments.size(); ++i) {
    const Attachment& a = package.attachments[i];
    if (a.name.empty()) {
      return Missing("AttachmentName", "tên tệp đính kèm");
    }
    Part p;
    p.id = a.content_id.empty() ? std::to_string(i + 1) : a.content_id;
    p.name = a.name;
    p.description = a.description;
    // A ZIP's bytes under another name (a .doc that is really OOXML) travel zipped too: the
    // receiver takes any one-file ZIP apart (edxml.md §5 rule 4) and must find these bytes.
    const std::string ext = Extension(a.name);
    const bool zip_inside =
        internal::LooksLikeZip(a.bytes) && ext != "zip" && !internal::IsZipContainerFormat(ext);
    if (TravelsZipped(a.name) || zip_inside) {
      CQDT_ASSIGN_OR_RETURN(std::string zipped, internal::ZipSingle(a.name, a.bytes));
      p.type = "application/zip";
      p.base64 = crypto::Base64Encode(zipped);
    } else {
      p.type = ContentTypeFor(a.name);
      p.base64 = crypto::Base64Encode(a.bytes);
    }
    parts.push_back(std::move(p));
  }

  // Type and TypeDetail from the type's name when it is in the tables (edxml.md §3.3: senders
  // emit the right codes plus the name).
  int type = h.type == 1 ? 1 : 2;
  std::optional<int> detail = h.type_detail;
  if (auto known = internal::FindDocumentType(h.type_name, type)) {
    type = known->type;
    detail = known->detail;
  }

  xml::XmlWriter xw("edXML");
  Writer w(xw);
  StartEnvelope(xw);
  w.Start("MessageHeader");
  w.Organization("From", h.from);
  for (const auto& t : h.to) {
    w.Organization("To", t);
  }
  w.Element("DocumentId", h.document_id);
  w.Start("Code");
  w.Element("CodeNumber", h.code_number);
  w.Element("CodeNotation", h.code_notation);
  w.End();
  w.Start("PromulgationInfo");
  w.Optional("Place", h.place);
  w.Element("PromulgationDate", h.promulgation_date);
  w.End();
  w.Start("DocumentType");
  w.Element("Type", std::to_string(type));
  if (detail) {
    w.Element("TypeDetail", std::to_string(*detail));
  }
  w.Element("TypeName", h.type_name);
  w.End();
  w.Element("Subject", h.subject);
  w.Optional("Content", h.content);
  w.Start("SignerInfo");
  w.Optional("Competence", h.competence);
  w.Element("Position", h.position);
  w.Element("FullName", h.full_name);
  w.End();
  w.Optional("DueDate", h.due_date);
  if (!h.to_places.empty()) {
    w.Start("ToPlaces");
    for (const auto& p : h.to_places) {
      w.Element("Place", p);
    }
    w.End();
  }
  w.Start("OtherInfo");
  // Decree 30/2020 knows no level 4 ("hỏa tốc hẹn giờ"): it travels as 3 (edxml.md §3.1, T8).
  w.Element("Priority", std::to_string(h.priority >= 4 ? 3 : std::max(h.priority, 0)));
  w.Optional("SphereOfPromulgation", h.sphere_of_promulgation);
  w.Optional("TyperNotation", h.typer_notation);
  if (h.promulgation_amount) {
    w.Element("PromulgationAmount", std::to_string(*h.promulgation_amount));
  }
  if (h.page_amount) {
    w.Element("PageAmount", std::to_string(*h.page_amount));
  }
  w.Element("Direction", h.direction ? "true" : "false");
  if (!h.appendixes.empty()) {
    w.Start("Appendixes");
    for (const auto& a : h.appendixes) {
      w.Element("Appendix", a);
    }
    w.End();
  }
  w.End();
  for (const auto& r : h.response_for) {
    w.ResponseFor(r);
  }
  w.Element("SteeringType", std::to_string(h.steering_type));
  w.End();  // MessageHeader

  w.Start("TraceHeaderList");
  for (const auto& t : h.traces) {
    w.Start("TraceHeader");
    w.Element("OrganId", t.organ_id);
    w.Element("Timestamp", t.timestamp);
    w.End();
  }
  const Business& b = h.business;
  w.Start("Bussiness");  // sic: the standard's spelling
  w.Optional("DocumentId", b.document_id);
  w.Element("BussinessDocType", std::to_string(static_cast<int>(b.type)));
  w.Element("BussinessDocReason",
            b.reason.empty() ? std::string(BusinessTypeLabel(b.type)) : b.reason);
  w.Element("Paper", std::to_string(b.paper));
  if (b.staff) {
    w.Staff(*b.staff);
  }
  if (b.type == BusinessType::kUpdate) {
    w.Start("BussinessDocumentInfo");
    w.Element("DocumentInfo", b.document_info_changed ? "1" : "0");
    w.Element("DocumentReceiver", b.receivers_changed ? "1" : "0");
    w.Start("ReceiverList");
    for (const auto& r : b.receivers) {
      w.Start("Receiver");
      w.Element("OrganId", r.organ_id);
      w.Element("ReceiverType", std::to_string(r.receiver_type));
      w.End();
    }
    w.End();
    w.End();
  }
  if (b.type == BusinessType::kReplace) {
    w.Start("ReplacementInfoList");
    for (const auto& r : b.replacements) {
      w.Start("ReplacementInfo");
      w.Element("DocumentId", r.document_id);
      w.Start("OrganIdList");
      for (const auto& id : r.organ_ids) {
        w.Element("OrganId", id);
      }
      w.End();
      w.End();
    }
    w.End();
  }
  w.End();  // Bussiness
  w.End();  // TraceHeaderList
  w.End();  // edXMLHeader

  w.Start("edXMLBody");
  w.Start("edXMLManifest");
  xw.Attribute("version", "1.0");
  for (const Part& p : parts) {
    w.Start("Reference");
    w.Element("ContentId", "cid:" + p.id);
    w.Element("ContentType", p.type);
    w.Optional("Description", p.description);
    w.Element("AttachmentName", p.name);
    w.End();
  }
  w.End();
  w.End();
  w.End();  // edXMLEnvelope
  if (!parts.empty()) {
    // Outside the envelope the edXML: prefix is out of scope: the payloads sit unprefixed in the
    // root's default namespace (the same QCVN namespace), as edxml.md §10 writes them.
    xw.Start("AttachmentEncoded");
    for (const Part& p : parts) {
      xw.Start("Attachment");
      xw.Element("ContentId", "cid:" + p.id);
      xw.Element("AttachmentName", p.name);
      if (!p.description.empty()) {
        xw.Element("Description", p.description);
      }
      xw.Element("ContentType", p.type);
      xw.Element("ContentTransferEncoded", p.base64);
      xw.End();
    }
    xw.End();
  }
  return xw.Finish();
}

Result<std::string> BuildStatusPackage(const StatusPackage& s) {
  if (s.from.organ_id.empty()) {
    return Missing("From/OrganId", "mã định danh đơn vị gửi trạng thái");
  }
  if (s.response_for.document_id.empty()) {
    return Missing("ResponseFor/DocumentId", "mã văn bản được phản hồi");
  }
  if (!IsKnownStatusCode(s.status_code)) {
    return Error::InvalidField("StatusCode", "format",
                               "Mã trạng thái '" + s.status_code + "' không hợp lệ.");
  }
  if (s.timestamp.empty()) {
    return Missing("Timestamp", "thời điểm");
  }
  xml::XmlWriter xw("edXML");
  Writer w(xw);
  StartEnvelope(xw);
  w.Start("MessageHeader");
  w.Organization("From", s.from);
  w.ResponseFor(s.response_for);
  if (s.staff) {
    w.Staff(*s.staff);
  }
  w.Element("StatusCode", s.status_code);
  w.Optional("Description", s.description);
  w.Element("Timestamp", s.timestamp);
  w.End();
  return xw.Finish();
}

}  // namespace cqdt::exchange
