// The document package's header and trace (reader.hpp): edxml.md §2, read order-independently,
// with the spellings and omissions of the corpus FINDINGS noted as warnings.
#include <set>
#include <string>

#include "core/edxml_document_id.hpp"
#include "document_types.hpp"
#include "reader.hpp"

namespace cqdt::exchange::internal {

void Reader::ReadDocument(const xml::Element& header, const xml::Element& envelope,
                          const xml::Element& root) {
  Inspection& o = out_;
  o.kind = PackageKind::kDocument;
  DocumentHeader& h = o.document.header;

  if (const xml::Element* from = header.Child("From")) {
    h.from = ReadOrganization(*from, "From");
    if (h.from.organ_name.empty()) {
      Warn("missing-optional", "Gói tin không có tên cơ quan gửi (From/OrganName).");
    }
  } else {
    Refuse(RefusalReason::kMissingField, "From", "Gói tin thiếu cơ quan gửi (From).");
  }
  std::set<std::string> seen;
  for (const xml::Element* to : header.Children("To")) {
    Organization org = ReadOrganization(*to, "To");
    if (!org.organ_id.empty() && !seen.insert(org.organ_id).second) {
      Refuse(RefusalReason::kDuplicateRecipient, "To/OrganId",
             "Cơ quan nhận '" + org.organ_id + "' được ghi hai lần trong gói tin.");
    }
    h.to.push_back(std::move(org));
  }
  if (h.to.empty()) {
    Refuse(RefusalReason::kMissingField, "To", "Gói tin không có cơ quan nhận (To).");
  }

  h.document_id = Text(header, "DocumentId");
  if (h.document_id.empty()) {
    Refuse(RefusalReason::kMissingField, "DocumentId", "Gói tin thiếu mã văn bản (DocumentId).");
  } else if (auto id = ParseEdxmlDocumentId(h.document_id); !id) {
    Warn("document-id-format", "Mã văn bản '" + h.document_id.substr(0, 100) +
                                   "' không theo dạng <mã cơ quan>,<yyyy/MM/dd>,<số>/<ký hiệu>.");
  }

  if (const xml::Element* code = header.Child("Code")) {
    h.code_number = Text(*code, "CodeNumber");
    h.code_notation = Text(*code, "CodeNotation");
  }
  if (h.code_number.empty()) {
    Warn("missing-optional", "Gói tin không có số văn bản (Code/CodeNumber).");
  }
  if (const xml::Element* info = header.Child("PromulgationInfo")) {
    h.place = Text(*info, "Place");
    h.promulgation_date = ReadDate(*info, "PromulgationDate", "PromulgationInfo/PromulgationDate");
  }
  if (h.promulgation_date.empty()) {
    Warn("missing-optional", "Gói tin không có ngày ban hành (PromulgationInfo/PromulgationDate).");
  }

  if (const xml::Element* type = header.Child("DocumentType")) {
    h.type_name = Text(*type, "TypeName");
    if (type->children.empty()) {
      h.type_name = Trim(type->text);  // the flat legacy layout names the type as text
    }
    const int raw_type = ReadInt(*type, "Type", "DocumentType/Type", 0, 9999, 0);
    const std::string detail = Text(*type, "TypeDetail");
    if (!detail.empty()) {
      h.type_detail = ReadInt(*type, "TypeDetail", "DocumentType/TypeDetail", 0, 9999, 0);
    }
    // Receivers key on TypeName first (edxml.md §3.3): the SDK sample sends Type 1, TypeDetail 0,
    // "Công văn"; some builders put 18 in Type.
    auto by_name = FindDocumentType(h.type_name, raw_type == 1 ? 1 : 2);
    if (raw_type == 1 || raw_type == 2) {
      h.type = raw_type;
      if (by_name && by_name->type != raw_type) {
        Warn("document-type", "Loại văn bản '" + h.type_name + "' không khớp mã Type " +
                                  std::to_string(raw_type) + "; xếp loại theo tên.");
      }
    } else if (by_name) {
      h.type = by_name->type;
      Warn("document-type", "Mã loại văn bản Type " + std::to_string(raw_type) +
                                " không theo QCVN 102:2016; xếp loại theo tên '" + h.type_name +
                                "'.");
    } else {
      Refuse(RefusalReason::kBadValue, "DocumentType/Type",
             "Loại văn bản (Type " + std::to_string(raw_type) + ", '" + h.type_name.substr(0, 60) +
                 "') không có trong bảng mã QCVN 102:2016.");
    }
  } else {
    Warn("missing-optional", "Gói tin không có loại văn bản (DocumentType).");
  }

  h.subject = Text(header, "Subject");
  if (h.subject.empty()) {
    Refuse(RefusalReason::kMissingField, "Subject", "Gói tin thiếu trích yếu văn bản (Subject).");
  }
  h.content = Text(header, "Content");
  if (const xml::Element* signer = header.Child("SignerInfo")) {
    h.competence = Text(*signer, "Competence");
    h.position = Text(*signer, "Position");
    h.full_name = Text(*signer, "FullName");
  }
  h.due_date = ReadDate(header, "DueDate", "DueDate");
  if (const xml::Element* places = header.Child("ToPlaces")) {
    for (const xml::Element* p : places->Children("Place")) {
      if (std::string t = Trim(p->text); !t.empty()) {
        h.to_places.push_back(std::move(t));
      }
    }
  }
  if (const xml::Element* other = header.Child("OtherInfo")) {
    h.priority = ReadInt(*other, "Priority", "OtherInfo/Priority", 0, 4, 0);
    if (h.priority == 4) {
      Warn("priority-legacy",
           "Độ khẩn 4 (hỏa tốc hẹn giờ) không còn trong Nghị định 30/2020; xử lý như hỏa tốc.");
    }
    h.sphere_of_promulgation = Text(*other, "SphereOfPromulgation");
    h.typer_notation = Text(*other, "TyperNotation");
    if (!Text(*other, "PromulgationAmount").empty()) {
      h.promulgation_amount =
          ReadInt(*other, "PromulgationAmount", "OtherInfo/PromulgationAmount", 0, 1000000, 0);
    }
    if (!Text(*other, "PageAmount").empty()) {
      h.page_amount = ReadInt(*other, "PageAmount", "OtherInfo/PageAmount", 0, 1000000, 0);
    }
    h.direction = Text(*other, "Direction") == "true";
    if (const xml::Element* apps = other->Child("Appendixes")) {
      for (const xml::Element* a : apps->Children("Appendix")) {
        if (std::string t = Trim(a->text); !t.empty()) {
          h.appendixes.push_back(std::move(t));
        }
      }
    }
  }
  for (const xml::Element* rf : header.Children("ResponseFor")) {
    ResponseFor r = ReadResponseFor(*rf);
    if (!r.document_id.empty() || !r.code.empty()) {  // empty <ResponseFor/> elements occur
      h.response_for.push_back(std::move(r));
    }
  }
  // SteeringType: 0/1/2; one SDK documents 1/2/3 for the same meanings (edxml.md §3.2).
  h.steering_type = ReadInt(header, "SteeringType", "SteeringType", 0, 3, 0);
  if (h.steering_type == 3) {
    h.steering_type = 2;
  }

  const xml::Element* header_parent = envelope.Child("edXMLHeader");
  ReadTrace(header_parent != nullptr ? *header_parent : envelope);
  ReadAttachments(envelope, root);
}

void Reader::ReadTrace(const xml::Element& header_parent) {
  DocumentHeader& h = out_.document.header;
  const xml::Element* list = header_parent.Child("TraceHeaderList");
  if (list == nullptr && header_parent.Child("MessageHeader") != nullptr) {
    list = header_parent.Child("MessageHeader")->Child("TraceHeaderList");  // flat legacy layout
  }
  if (list == nullptr) {
    Warn("missing-optional", "Gói tin không có vết chuyển (TraceHeaderList).");
    return;
  }
  for (const xml::Element* t : list->Children("TraceHeader")) {
    TraceHeader trace{Text(*t, "OrganId"), Text(*t, "Timestamp")};
    if (trace.organ_id.empty() || trace.organ_id == "null") {
      Warn("missing-optional", "Một vết chuyển (TraceHeader) không có mã cơ quan.");
      trace.organ_id.clear();
    }
    h.traces.push_back(std::move(trace));
  }
  const xml::Element* business = list->Child("Bussiness");  // sic, as the standard spells it
  std::string prefix = "Bussiness";
  if (business == nullptr) {
    business = list->Child("Business");
    prefix = "Business";
    if (business != nullptr) {
      Warn("business-spelling", "Gói tin viết Business thay cho Bussiness như QCVN 102:2016.");
    }
  }
  if (business == nullptr) {
    Warn("missing-optional", "Gói tin không có nghiệp vụ (Bussiness); coi là văn bản mới.");
    return;
  }
  Business& b = h.business;
  b.document_id = Text(*business, "DocumentId");
  b.type = static_cast<BusinessType>(
      ReadInt(*business, prefix + "DocType", "Bussiness/BussinessDocType", 0, 3, 0));
  b.reason = Text(*business, prefix + "DocReason");
  b.paper = ReadInt(*business, "Paper", "Bussiness/Paper", 0, 1, 0);
  b.staff = ReadStaff(business->Child("StaffInfo"));
  if (const xml::Element* info = business->Child(prefix + "DocumentInfo")) {
    b.document_info_changed = Text(*info, "DocumentInfo") == "1";
    b.receivers_changed = Text(*info, "DocumentReceiver") == "1";
    if (const xml::Element* list2 = info->Child("ReceiverList")) {
      for (const xml::Element* rc : list2->Children("Receiver")) {
        ReceiverChange change{Text(*rc, "OrganId"),
                              ReadInt(*rc, "ReceiverType", "Receiver/ReceiverType", 0, 1, 1)};
        CheckOrganId(change.organ_id, "Receiver/OrganId");
        b.receivers.push_back(std::move(change));
      }
    }
  }
  if (const xml::Element* list3 = business->Child("ReplacementInfoList")) {
    for (const xml::Element* ri : list3->Children("ReplacementInfo")) {
      ReplacementInfo info;
      info.document_id = Text(*ri, "DocumentId");
      if (const xml::Element* ids = ri->Child("OrganIdList")) {
        for (const xml::Element* id : ids->Children("OrganId")) {
          info.organ_ids.push_back(Trim(id->text));
        }
      }
      b.replacements.push_back(std::move(info));
    }
  }
  // A revoke or an update names the document it acts on (in Bussiness or in ResponseFor); a
  // replacement names the replaced ones.
  const bool has_target = !b.document_id.empty() || !h.response_for.empty();
  if ((b.type == BusinessType::kRevoke || b.type == BusinessType::kUpdate) && !has_target) {
    Refuse(RefusalReason::kMissingField, "Bussiness/DocumentId",
           "Gói tin thu hồi hoặc cập nhật không nêu văn bản được thu hồi, cập nhật "
           "(Bussiness/DocumentId).");
  }
  if (b.type == BusinessType::kReplace && b.replacements.empty() && b.document_id.empty()) {
    Refuse(RefusalReason::kMissingField, "Bussiness/ReplacementInfoList",
           "Gói tin thay thế không nêu văn bản bị thay thế (ReplacementInfoList).");
  }
}

}  // namespace cqdt::exchange::internal
