// The clerk's side of the mail intake (intake.hpp): the queue, an item, its files, and the
// registration or discarding of an item.
#include <algorithm>
#include <string>
#include <vector>

#include "core/document_number.hpp"
#include "core/text.hpp"
#include "intake_message.hpp"
#include "intake_rows.hpp"
#include "mailroom/intake.hpp"

namespace cqdt::mailroom {
namespace {

using identity::Principal;
using identity::Role;

// The clerks and leaders of the agency whose mailbox it is (Decree 30/2020 art. 20: the clerk
// receives incoming documents; the leader follows them).
bool MayRead(const Principal& p, AgencyId agency) {
  return p.realm == identity::Realm::kStaff && p.agency_id.IsSet() && p.agency_id == agency &&
         (p.Has(Role::kClerk) || p.Has(Role::kLeader));
}

// At most 20 files go with a registration (documents' limit).
constexpr std::size_t kMaxRegisteredFiles = 20;

std::string TrimmedReason(const std::string& reason) {
  std::string why = reason;
  while (!why.empty() &&
         (why.back() == ' ' || why.back() == '\n' || why.back() == '\r' || why.back() == '\t')) {
    why.pop_back();
  }
  std::size_t start = 0;
  while (start < why.size() && (why[start] == ' ' || why[start] == '\n' || why[start] == '\t')) {
    ++start;
  }
  return why.substr(start);
}

}  // namespace

const char* IntakeStateName(IntakeState s) {
  switch (s) {
    case IntakeState::kRegistered:
      return "registered";
    case IntakeState::kDiscarded:
      return "discarded";
    case IntakeState::kReceived:
      break;
  }
  return "received";
}

const char* IntakeStateLabel(IntakeState s) {
  switch (s) {
    case IntakeState::kRegistered:
      return "Đã vào sổ";
    case IntakeState::kDiscarded:
      return "Đã loại bỏ";
    case IntakeState::kReceived:
      break;
  }
  return "Chờ tiếp nhận";
}

RegistrationDraft IntakeService::Draft(const IntakeDetail& detail) {
  const IntakeItem& item = detail.item;
  RegistrationDraft d;
  d.number_text = internal::FindDocumentNumber(item.subject, &d.type_ordinal);
  if (d.type_ordinal == 0) {
    d.type_ordinal = OfficialLetterType().ordinal;
  }
  d.arrival_date = documents::TodayInVietnam(FromUnixSeconds(item.received_at));
  d.issued_date =
      item.sent_at ? documents::TodayInVietnam(FromUnixSeconds(*item.sent_at)) : d.arrival_date;
  const std::string address = item.from_address;
  d.sender_name = item.from_name.empty() ? address
                  : address.empty()      ? item.from_name
                                         : item.from_name + " <" + address + ">";
  d.sender_name = internal::CutUtf8(d.sender_name, 300);
  d.subject = internal::CutUtf8(item.subject, 500);
  for (const IntakeFile& f : detail.files) {
    if (f.registrable && d.file_positions.size() < kMaxRegisteredFiles) {
      d.file_positions.push_back(f.position);
    }
  }
  return d;
}

Result<IntakeDetail> IntakeService::Load(db::Transaction& tx, const Principal& p,
                                         IntakeId id) const {
  auto stored = internal::LoadDetail(tx, id);
  if (!stored || !MayRead(p, stored->detail.item.agency_id)) {
    return Error::NotFound("thư điện tử đến", std::to_string(id.value()));
  }
  return std::move(stored->detail);
}

Result<IntakePage> IntakeService::List(db::Transaction& tx, const Principal& p,
                                       const IntakeFilter& filter) const {
  if (!MayRead(p, p.agency_id)) {
    return Error::PermissionDenied();
  }
  std::string state = filter.state;
  if (state == "all") {
    state.clear();
  } else if (state != "received" && state != "registered" && state != "discarded") {
    return Error::InvalidField("status", "format",
                               "Trạng thái phải là received, registered, discarded hoặc all.");
  }
  IntakePage page;
  page.items = internal::ListItems(tx, p.agency_id, state, std::clamp(filter.limit, 1, 200),
                                   std::max(filter.offset, 0));
  page.total = internal::CountItems(tx, p.agency_id, state);
  return page;
}

Result<int> IntakeService::CountWaiting(db::Transaction& tx, const Principal& p) const {
  if (!MayRead(p, p.agency_id)) {
    return 0;
  }
  return static_cast<int>(internal::CountItems(tx, p.agency_id, "received"));
}

Result<IntakeDetail> IntakeService::Get(db::Transaction& tx, const Principal& p,
                                        IntakeId id) const {
  return Load(tx, p, id);
}

Result<IntakeContent> IntakeService::File(db::Transaction& tx, const Principal& p, IntakeId id,
                                          int position) const {
  CQDT_ASSIGN_OR_RETURN(IntakeDetail d, Load(tx, p, id));
  for (const IntakeFile& f : d.files) {
    if (f.position == position) {
      CQDT_ASSIGN_OR_RETURN(std::string bytes, blob::NameCorruptFile(blobs_.Get(f.sha256), f.name));
      return IntakeContent{f.name,
                           f.detected_type.empty() ? "application/octet-stream" : f.detected_type,
                           std::move(bytes)};
    }
  }
  return Error::NotFound("tệp", std::to_string(position));
}

Result<IntakeContent> IntakeService::RawMessage(db::Transaction& tx, const Principal& p,
                                                IntakeId id) const {
  auto stored = internal::LoadDetail(tx, id);
  if (!stored || !MayRead(p, stored->detail.item.agency_id)) {
    return Error::NotFound("thư điện tử đến", std::to_string(id.value()));
  }
  if (stored->raw_sha256.empty()) {
    return Error::NotFound("thư gốc", std::to_string(id.value()));
  }
  CQDT_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(stored->raw_sha256));
  return IntakeContent{"thu-" + std::to_string(id.value()) + ".eml", "message/rfc822",
                       std::move(bytes)};
}

Result<RegisterIntakeOutcome> IntakeService::Register(db::Transaction& tx, const Principal& p,
                                                      const audit::Actor& actor, IntakeId id,
                                                      std::int64_t expected_version,
                                                      const RegisterIntakeInput& in) {
  CQDT_ASSIGN_OR_RETURN(IntakeDetail d, Load(tx, p, id));
  if (!p.Has(Role::kClerk)) {
    return Error::PermissionDenied("Chỉ văn thư của cơ quan mới tiếp nhận văn bản đến.");
  }
  if (d.item.version != expected_version) {
    return Error::Conflict("Thư vừa được người khác xử lý; hãy tải lại.");
  }
  if (d.item.state != IntakeState::kReceived) {
    return Error::FailedPrecondition("Thư không còn chờ tiếp nhận.");
  }
  const RegistrationDraft draft = Draft(d);
  documents::IncomingInput input;
  input.agency_id = d.item.agency_id;
  input.type_ordinal = in.type_ordinal.value_or(draft.type_ordinal);
  input.number_text = in.number_text.value_or(draft.number_text);
  input.issued_date = in.issued_date.value_or(draft.issued_date);
  input.sender_name = in.sender_name.value_or(draft.sender_name);
  input.subject = in.subject.value_or(draft.subject);
  input.signer_name = in.signer_name.value_or("");
  input.signer_position = in.signer_position.value_or("");
  input.urgency = in.urgency.value_or("normal");
  input.channel = "electronic";
  input.arrival_date = in.arrival_date.value_or(draft.arrival_date);
  input.due_date = in.due_date.value_or("");
  input.description = in.description.value_or("");
  input.confirm_duplicate = in.confirm_duplicate;
  const std::vector<int> positions = in.file_positions.value_or(draft.file_positions);
  std::vector<FieldError> errors;
  std::vector<const IntakeFile*> chosen;
  for (int position : positions) {
    auto f = std::find_if(d.files.begin(), d.files.end(),
                          [&](const IntakeFile& x) { return x.position == position; });
    if (f == d.files.end()) {
      errors.push_back(
          {"filePositions", "unknown", "Thư không có tệp thứ " + std::to_string(position) + "."});
    } else if (!f->registrable) {
      errors.push_back({"filePositions", "type",
                        "Tệp '" + f->name + "' không phải PDF hay ảnh: sổ văn bản không nhận."});
    } else if (std::find(chosen.begin(), chosen.end(), &*f) == chosen.end()) {
      chosen.push_back(&*f);
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  for (const IntakeFile* f : chosen) {
    CQDT_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(f->sha256));
    auto verdict = in.signature_verdicts.find(f->position);
    CQDT_ASSIGN_OR_RETURN(
        documents::DocumentFile uploaded,
        files_.Upload(tx, actor, d.item.agency_id, f->name, bytes,
                      verdict == in.signature_verdicts.end() ? "" : verdict->second));
    input.file_ids.push_back(uploaded.id);
  }
  std::string others;
  for (const IntakeFile& f : d.files) {
    if (std::find(chosen.begin(), chosen.end(), &f) == chosen.end()) {
      others += (others.empty() ? "" : ", ") + f.name;
    }
  }
  if (!others.empty()) {
    // The files the register does not hold stay with the e-mail item; the description says so.
    const std::string note = "Tệp khác trong thư điện tử: " + others + ".";
    input.description =
        internal::CutUtf8(input.description.empty() ? note : input.description + " " + note, 1000);
  }
  CQDT_ASSIGN_OR_RETURN(documents::RegisterOutcome registered,
                        incoming_.Register(tx, actor, p, input));
  RegisterIntakeOutcome out;
  if (!registered.document) {
    out.duplicates = std::move(registered.duplicates);
    return out;
  }
  IntakeItem item = d.item;
  item.state = IntakeState::kRegistered;
  item.document_id = registered.document->id;
  item.handled_by = actor.name;
  item.handled_at = ToUnixSeconds(clock_.Now());
  if (!internal::SaveHandled(tx, item, expected_version)) {
    return Error::Conflict("Thư vừa được người khác xử lý; hãy tải lại.");
  }
  item.version = expected_version + 1;
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"mailroom.intake.register", "mailroom_intake", std::to_string(item.id.value()),
                     "Vào sổ văn bản đến nhận qua thư điện tử từ " + item.from_address +
                         ", số đến " + std::to_string(registered.document->arrival_number)}));
  out.item = std::move(item);
  out.incoming = std::move(registered.document);
  return out;
}

Result<IntakeItem> IntakeService::Discard(db::Transaction& tx, const Principal& p,
                                          const audit::Actor& actor, IntakeId id,
                                          std::int64_t expected_version,
                                          const std::string& reason) {
  CQDT_ASSIGN_OR_RETURN(IntakeDetail d, Load(tx, p, id));
  if (!p.Has(Role::kClerk)) {
    return Error::PermissionDenied("Chỉ văn thư của cơ quan mới tiếp nhận văn bản đến.");
  }
  if (d.item.version != expected_version) {
    return Error::Conflict("Thư vừa được người khác xử lý; hãy tải lại.");
  }
  if (d.item.state != IntakeState::kReceived) {
    return Error::FailedPrecondition("Thư không còn chờ tiếp nhận.");
  }
  const std::string why = TrimmedReason(reason);
  if (why.empty() || CodePointCount(why) > 1000 || !IsValidUtf8(why)) {
    return Error::InvalidField("reason", "required", "Cần lý do loại bỏ (tối đa 1000 ký tự).");
  }
  IntakeItem item = d.item;
  item.state = IntakeState::kDiscarded;
  item.discard_reason = why;
  item.handled_by = actor.name;
  item.handled_at = ToUnixSeconds(clock_.Now());
  if (!internal::SaveHandled(tx, item, expected_version)) {
    return Error::Conflict("Thư vừa được người khác xử lý; hãy tải lại.");
  }
  item.version = expected_version + 1;
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"mailroom.intake.discard", "mailroom_intake", std::to_string(item.id.value()),
       "Loại bỏ thư điện tử từ " + item.from_address + ": " + internal::CutUtf8(why, 300)}));
  return item;
}

}  // namespace cqdt::mailroom
