// The clerks' reception of packages from outside this instance (reception.hpp).
#include <algorithm>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/document_number.hpp"
#include "crypto/crypto.hpp"
#include "db/statement.hpp"
#include "exchange/reception.hpp"
#include "hub_rows.hpp"
#include "reception_rows.hpp"
#include "text/normalize.hpp"

namespace cqdt::exchange {
namespace {

using identity::Principal;
using identity::Role;

bool MayRead(const Principal& p, AgencyId agency) {
  return p.realm == identity::Realm::kStaff && p.agency_id == agency &&
         (p.Has(Role::kClerk) || p.Has(Role::kLeader));
}

bool IsRegistrable(const Attachment& a) {
  auto detected = documents::DetectContent(a.bytes);
  return detected.has_value();
}

// Decree 30/2020 ordinal from the package's type: by name first (edxml.md §3.3), then by the
// table B code, else công văn.
int Ordinal(const DocumentHeader& h) {
  auto fold = [](const std::string& s) {
    auto f = text::FoldForSearch(s);
    return f ? *f : s;
  };
  const std::string name = fold(h.type_name);
  for (const DocumentType& t : AdministrativeDocumentTypes()) {
    if (!name.empty() && fold(t.name) == name) {
      return t.ordinal;
    }
  }
  if (h.type == 2 && h.type_detail) {
    for (const DocumentType& t : AdministrativeDocumentTypes()) {
      if (t.edxml_type_detail == *h.type_detail) {
        return t.ordinal;
      }
    }
  }
  return OfficialLetterType().ordinal;
}

const char* UrgencyOf(int priority) {
  switch (priority) {
    case 1:
      return "urgent";
    case 2:
      return "very_urgent";
    case 3:
    case 4:
      return "express";
    default:
      return "normal";
  }
}

std::string IsoDate(const std::string& edxml) {
  return edxml.size() == 10
             ? edxml.substr(0, 4) + "-" + edxml.substr(5, 2) + "-" + edxml.substr(8, 2)
             : "";
}

}  // namespace

const char* ReceptionStateName(ReceptionState s) {
  switch (s) {
    case ReceptionState::kRegistered:
      return "registered";
    case ReceptionState::kRefused:
      return "refused";
    case ReceptionState::kRevoked:
      return "revoked";
    case ReceptionState::kSuperseded:
      return "superseded";
    case ReceptionState::kReceived:
      break;
  }
  return "received";
}

ReceptionState ParseReceptionState(std::string_view name) {
  for (ReceptionState s : {ReceptionState::kRegistered, ReceptionState::kRefused,
                           ReceptionState::kRevoked, ReceptionState::kSuperseded}) {
    if (name == ReceptionStateName(s)) {
      return s;
    }
  }
  return ReceptionState::kReceived;
}

const char* ReceptionStateLabel(ReceptionState s) {
  switch (s) {
    case ReceptionState::kRegistered:
      return "Đã vào sổ";
    case ReceptionState::kRefused:
      return "Đã từ chối";
    case ReceptionState::kRevoked:
      return "Đã thu hồi";
    case ReceptionState::kSuperseded:
      return "Đã được thay thế";
    case ReceptionState::kReceived:
      break;
  }
  return "Chờ tiếp nhận";
}

const char* RecallStateLabel(std::string_view state) {
  if (state == "requested") {
    return "Bên gửi đề nghị thu hồi";
  }
  if (state == "accepted") {
    return "Đã đồng ý thu hồi";
  }
  if (state == "refused") {
    return "Đã từ chối thu hồi";
  }
  return "";
}

Result<std::vector<ExternalReception>> ReceptionService::List(db::Transaction& tx,
                                                              const Principal& p,
                                                              const ReceptionFilter& filter) const {
  if (!MayRead(p, p.agency_id)) {
    return Error::PermissionDenied();
  }
  const long long agency = p.agency_id.value();
  const int limit = std::clamp(filter.limit, 1, 200), offset = std::max(filter.offset, 0);
  std::vector<ExternalReception> found;
  if (filter.state == "all") {
    found = internal::SelectReceptions(
        tx, "WHERE agency_id = :a ORDER BY id DESC LIMIT :l OFFSET :o", agency, limit, offset);
  } else if (filter.state == "recall") {
    found = internal::SelectReceptions(tx,
                                       "WHERE agency_id = :a AND recall_state = 'requested' "
                                       "ORDER BY id DESC LIMIT :l OFFSET :o",
                                       agency, limit, offset);
  } else if (filter.state == "received" || filter.state == "registered" ||
             filter.state == "refused" || filter.state == "revoked" ||
             filter.state == "superseded") {
    found = internal::SelectReceptions(
        tx, "WHERE agency_id = :a AND state = :s ORDER BY id DESC LIMIT :l OFFSET :o", agency,
        filter.state, limit, offset);
  } else {
    return Error::InvalidField("status", "format",
                               "Trạng thái phải là received, registered, refused, revoked, "
                               "superseded, recall hoặc all.");
  }
  for (ExternalReception& r : found) {
    if (r.business == BusinessType::kUpdate || r.business == BusinessType::kReplace) {
      r.replaces = internal::ReceptionLinks(tx, r.id);
    }
  }
  return found;
}

Result<int> ReceptionService::CountWaiting(db::Transaction& tx, const Principal& p) const {
  if (!MayRead(p, p.agency_id)) {
    return 0;
  }
  const long long agency = p.agency_id.value();
  int n = 0;
  db::Run(tx,
          "SELECT COUNT(*) FROM exchange_reception WHERE agency_id = :a AND (state = 'received' "
          "OR recall_state = 'requested')",
          soci::use(agency), soci::into(n));
  return n;
}

Result<ExternalReception> ReceptionService::Load(db::Transaction& tx, const Principal& p,
                                                 ReceptionId id) const {
  const long long key = id.value();
  auto found = internal::SelectReceptions(tx, "WHERE id = :id", key);
  if (found.empty() || !MayRead(p, found.front().agency_id)) {
    return Error::NotFound("văn bản đến qua trục liên thông", std::to_string(id.value()));
  }
  found.front().replaces = internal::ReceptionLinks(tx, id);
  return std::move(found.front());
}

Result<Inspection> ReceptionService::Package(db::Transaction& tx,
                                             const ExternalReception& r) const {
  CQDT_ASSIGN_OR_RETURN(std::string bytes, hub_.MessageBytes(tx, r.message_id));
  InspectOptions options;  // checked on arrival; read again for its content only
  options.max_package_bytes = std::max<std::size_t>(options.max_package_bytes, bytes.size());
  Inspection in = Inspect(bytes, options);
  if (in.kind != PackageKind::kDocument) {
    return Error::Internal();
  }
  return in;
}

Result<ReceptionDetail> ReceptionService::Get(db::Transaction& tx, const Principal& p,
                                              ReceptionId id) const {
  CQDT_ASSIGN_OR_RETURN(ExternalReception r, Load(tx, p, id));
  CQDT_ASSIGN_OR_RETURN(Inspection in, Package(tx, r));
  ReceptionDetail d;
  d.header = in.document.header;
  d.warnings = in.warnings;
  int index = 0;
  for (const Attachment& a : in.document.attachments) {
    ReceptionFile f;
    f.index = ++index;
    f.name = a.name;
    auto detected = documents::DetectContent(a.bytes);
    f.content_type = detected ? detected->content_type : a.content_type;
    f.registrable = detected.has_value();
    f.size = static_cast<std::int64_t>(a.bytes.size());
    f.sha256 = crypto::Sha256Hex(a.bytes);
    d.files.push_back(std::move(f));
  }
  d.reception = std::move(r);
  return d;
}

Result<Attachment> ReceptionService::File(db::Transaction& tx, const Principal& p, ReceptionId id,
                                          int index) const {
  CQDT_ASSIGN_OR_RETURN(ExternalReception r, Load(tx, p, id));
  CQDT_ASSIGN_OR_RETURN(Inspection in, Package(tx, r));
  if (index < 1 || index > static_cast<int>(in.document.attachments.size())) {
    return Error::NotFound("tệp", std::to_string(index));
  }
  return std::move(in.document.attachments[static_cast<std::size_t>(index - 1)]);
}

Result<std::vector<Attachment>> ReceptionService::Files(db::Transaction& tx, const Principal& p,
                                                        ReceptionId id) const {
  CQDT_ASSIGN_OR_RETURN(ExternalReception r, Load(tx, p, id));
  CQDT_ASSIGN_OR_RETURN(Inspection in, Package(tx, r));
  return std::move(in.document.attachments);
}

Result<RegisterExternalOutcome> ReceptionService::Register(db::Transaction& tx, const Principal& p,
                                                           const audit::Actor& actor,
                                                           ReceptionId id,
                                                           std::int64_t expected_version,
                                                           const RegisterExternalInput& in) {
  CQDT_ASSIGN_OR_RETURN(ExternalReception r, Load(tx, p, id));
  if (!p.Has(Role::kClerk)) {
    return Error::PermissionDenied("Chỉ văn thư của cơ quan nhận mới tiếp nhận văn bản.");
  }
  if (r.version != expected_version) {
    return Error::Conflict("Văn bản vừa được người khác xử lý; hãy tải lại.");
  }
  if (r.state != ReceptionState::kReceived) {
    return Error::FailedPrecondition("Văn bản không còn chờ tiếp nhận.");
  }
  CQDT_ASSIGN_OR_RETURN(Inspection pkg, Package(tx, r));
  const DocumentHeader& h = pkg.document.header;
  documents::IncomingInput input;
  input.agency_id = r.agency_id;
  input.type_ordinal = in.type_ordinal.value_or(Ordinal(h));
  input.number_text = in.number_text.value_or(
      h.code_notation.empty() ? h.code_number : h.code_number + "/" + h.code_notation);
  input.issued_date = IsoDate(h.promulgation_date);
  input.sender_name =
      (h.from.organ_name.empty() ? h.from.organ_id : h.from.organ_name).substr(0, 300);
  input.subject = h.subject.substr(0, 500);
  input.signer_name = h.full_name.substr(0, 300);
  input.signer_position = h.position.substr(0, 300);
  input.urgency = UrgencyOf(h.priority);
  input.channel = "electronic";
  input.page_count = h.page_amount.value_or(0);
  input.arrival_date = in.arrival_date;
  input.due_date = in.due_date.empty() ? IsoDate(h.due_date) : in.due_date;
  input.description = in.description;
  input.confirm_duplicate = in.confirm_duplicate;
  std::string others;
  int index = 0;
  for (const Attachment& a : pkg.document.attachments) {
    ++index;
    if (!IsRegistrable(a)) {
      others += (others.empty() ? "" : ", ") + a.name;
      continue;
    }
    auto verdict = in.signature_verdicts.find(index);
    CQDT_ASSIGN_OR_RETURN(
        documents::DocumentFile f,
        files_.Upload(tx, actor, r.agency_id, a.name, a.bytes,
                      verdict == in.signature_verdicts.end() ? "" : verdict->second));
    input.file_ids.push_back(f.id);
  }
  if (!others.empty()) {
    // Files the register does not hold (Word, spreadsheets...) stay in the package, which the
    // reception keeps; the description says so.
    const std::string note = "Tệp khác trong gói tin liên thông: " + others + ".";
    input.description = input.description.empty() ? note : input.description + " " + note;
    input.description = input.description.substr(0, 1000);
  }
  CQDT_ASSIGN_OR_RETURN(documents::RegisterOutcome registered,
                        incoming_.Register(tx, actor, p, input));
  RegisterExternalOutcome out;
  if (!registered.document) {
    out.duplicates = std::move(registered.duplicates);
    return out;
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  r.state = ReceptionState::kRegistered;
  r.status = "03";
  r.incoming_document_id = registered.document->id;
  CQDT_RETURN_IF_ERROR(internal::SaveReception(tx, r, expected_version, now));
  // Decree 30/2020 art. 21.2(c): the sender hears that it was registered.
  CQDT_RETURN_IF_ERROR(SendFromAgency(
      tx, actor, r, h, "03",
      "Văn thư đã tiếp nhận, số đến " + std::to_string(registered.document->arrival_number)));
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"exchange.reception.register", "exchange_reception", std::to_string(r.id.value()),
       "Vào sổ văn bản đến qua trục liên thông " + r.document_id.substr(0, 120)}));
  out.reception = r;
  out.incoming = std::move(registered.document);
  return out;
}

}  // namespace cqdt::exchange

namespace cqdt::exchange {

Status ReceptionService::SendFromAgency(db::Transaction& tx, const audit::Actor& actor,
                                        const ExternalReception& r, const DocumentHeader& h,
                                        const std::string& code, const std::string& description) {
  auto delivery = internal::DeliveryById(tx, r.delivery_id);
  if (!delivery) {
    return Error::Internal();
  }
  Organization me;
  me.organ_id = delivery->recipient;
  for (const Organization& to : h.to) {
    if (to.organ_id == me.organ_id) {
      me.organ_name = to.organ_name;
    }
  }
  ResponseFor rf{h.from.organ_id,
                 h.code_notation.empty() ? h.code_number : h.code_number + "/" + h.code_notation,
                 h.promulgation_date, h.document_id};
  auto sent = hub_.SendStatus(tx, actor, me, rf, code, description);
  if (!sent) {
    return sent.error();
  }
  return Ok();
}

Result<ExternalReception> ReceptionService::Refuse(db::Transaction& tx, const Principal& p,
                                                   const audit::Actor& actor, ReceptionId id,
                                                   std::int64_t expected_version,
                                                   const std::string& reason) {
  CQDT_ASSIGN_OR_RETURN(ExternalReception r, Load(tx, p, id));
  if (!p.Has(Role::kClerk)) {
    return Error::PermissionDenied("Chỉ văn thư của cơ quan nhận mới tiếp nhận văn bản.");
  }
  if (r.version != expected_version) {
    return Error::Conflict("Văn bản vừa được người khác xử lý; hãy tải lại.");
  }
  if (r.state != ReceptionState::kReceived) {
    return Error::FailedPrecondition("Văn bản không còn chờ tiếp nhận.");
  }
  std::string why = reason;
  while (!why.empty() && (why.back() == ' ' || why.back() == '\n')) {
    why.pop_back();
  }
  if (why.empty() || why.size() > 1000) {
    return Error::InvalidField("reason", "required", "Cần lý do từ chối (tối đa 1000 ký tự).");
  }
  CQDT_ASSIGN_OR_RETURN(Inspection pkg, Package(tx, r));
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  r.state = ReceptionState::kRefused;
  r.status = "02";
  r.note = why;
  CQDT_RETURN_IF_ERROR(internal::SaveReception(tx, r, expected_version, now));
  // Decree 30/2020 art. 21.2(b): returned through the system with the reason.
  CQDT_RETURN_IF_ERROR(SendFromAgency(tx, actor, r, pkg.document.header, "02", why));
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"exchange.reception.refuse", "exchange_reception", std::to_string(r.id.value()),
       "Từ chối văn bản đến qua trục liên thông " + r.document_id.substr(0, 120) + ": " + why}));
  return r;
}

Result<int> ReceptionService::ReportProgress(db::Transaction& tx, const audit::Actor& actor,
                                             int limit, bool dry_run) {
  const int n = std::clamp(limit, 1, 1000);
  auto open = internal::SelectReceptions(
      tx,
      "WHERE state = 'registered' AND status <> '06' AND recall_state <> 'accepted' "
      "ORDER BY updated_at, id "
      "LIMIT :l",
      n);
  int sent = 0;
  for (ExternalReception& r : open) {
    if (!r.incoming_document_id.IsSet()) {
      continue;
    }
    auto state = incoming_.StateForSystem(tx, r.incoming_document_id);
    if (!state) {
      continue;
    }
    // documents' incoming states as the sender's status codes (edxml.md §7.2).
    std::string code;
    if (*state == "assigned") {
      code = "04";
    } else if (*state == "in_progress") {
      code = "05";
    } else if (*state == "completed") {
      code = "06";
    }
    if (code.empty() || code <= r.status) {
      continue;  // nothing new, or a step back the sender must not see (monotonic, §7.3)
    }
    if (dry_run) {
      ++sent;
      continue;
    }
    CQDT_ASSIGN_OR_RETURN(Inspection pkg, Package(tx, r));
    const std::string description = code == "04"   ? "Lãnh đạo: Phân công xử lý"
                                    : code == "05" ? "Đang xử lý văn bản đến"
                                                   : "Hoàn thành xử lý";
    const std::int64_t version = r.version;
    r.status = code;
    CQDT_RETURN_IF_ERROR(internal::SaveReception(tx, r, version, ToUnixSeconds(clock_.Now())));
    CQDT_RETURN_IF_ERROR(SendFromAgency(tx, actor, r, pkg.document.header, code, description));
    ++sent;
  }
  return sent;
}

}  // namespace cqdt::exchange
