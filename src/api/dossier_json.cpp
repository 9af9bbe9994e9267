#include "dossier_json.hpp"

#include "api/dossier_file.hpp"

namespace cqdt::api {

namespace {

using namespace onestop;

std::string Time(std::int64_t seconds) {
  return seconds == 0 ? "" : ToIsoVietnam(FromUnixSeconds(seconds));
}

json StateJson(DossierState s, const http::Request& req) {
  return {{"name", DossierStateName(s)},
          {"label", http::Localized(DossierStateLabel(s), req)},
          {"syncCode", SyncCode(s)}};
}

json TimelinessJson(const std::optional<Timeliness>& t, const http::Request& req) {
  if (!t) {
    return nullptr;
  }
  return {{"name", TimelinessName(*t)}, {"label", http::Localized(TimelinessLabel(*t), req)}};
}

}  // namespace

json DossierFileJson(const DossierFile& f) {
  return {{"id", f.id.value()},
          {"kind", DossierFileKindName(f.kind)},
          {"documentOrdinal", f.document_ordinal},
          {"name", f.name},
          {"contentType", f.content_type},
          {"size", f.size},
          {"uploadedAt", Time(f.uploaded_at)},
          {"fromCitizen", f.citizen.IsSet()},
          {"reused", f.reused}};
}

json DossierJson(const Dossier& d, const std::vector<DossierAction>& actions,
                 const http::Request& req) {
  json checklist = json::array();
  for (const ChecklistItem& c : d.checklist) {
    checklist.push_back({{"ordinal", c.ordinal},
                         {"name", c.name},
                         {"originals", c.originals},
                         {"copies", c.copies},
                         {"required", c.required},
                         {"provided", c.provided},
                         {"byData", c.by_data},
                         {"reused", c.reused}});
  }
  json steps = json::array();
  for (const DossierStep& s : d.steps) {
    steps.push_back(
        {{"ordinal", s.ordinal},
         {"name", s.name},
         {"performer", PerformerName(s.performer)},
         {"performerLabel", http::Localized(PerformerLabel(s.performer), req)},
         {"hours", s.hours},
         {"agency", s.agency.IsSet() ? json{{"id", s.agency.value()}, {"name", s.agency_name}}
                                     : json(nullptr)},
         {"assignee", s.assignee.IsSet()
                          ? json{{"id", s.assignee.value()}, {"name", s.assignee_name}}
                          : json(nullptr)},
         {"startedAt", Time(s.started_at)},
         {"plannedEnd", Time(s.planned_end)},
         {"finishedAt", Time(s.finished_at)},
         {"finishedBy", s.finished_by},
         {"outcome", TimelinessJson(s.outcome, req)},
         {"note", s.note}});
  }
  json files = json::array();
  for (const DossierFile& f : d.files) {
    files.push_back(DossierFileJson(f));
  }
  json allowed = json::array();
  for (DossierAction a : actions) {
    allowed.push_back({{"name", DossierActionName(a)},
                       {"label", http::Localized(DossierActionLabel(a), req)},
                       {"needsReason", NeedsReason(a)}});
  }
  return {{"code", d.code},
          {"procedure",
           {{"code", d.procedure_code},
            {"name", d.procedure_name},
            {"versionId", d.version_id.value()}}},
          {"receivingAgencyId", d.receiving_agency.value()},
          {"decidingAgencyId", d.deciding_agency.value()},
          {"channel", ChannelName(d.channel)},
          {"channelCode", static_cast<int>(d.channel)},
          {"channelLabel", http::Localized(ChannelLabel(d.channel), req)},
          {"state", StateJson(d.state, req)},
          {"applicant",
           {{"name", d.applicant.name},
            {"idNumber", d.applicant.id_number},
            {"address", d.applicant.address},
            {"phone", d.applicant.phone},
            {"email", d.applicant.email},
            {"representative", d.applicant.representative}}},
          {"sets", d.sets},
          {"submittedAt", Time(d.submitted_at)},
          {"receivedAt", Time(d.received_at)},
          {"receivedBy", d.received_by},
          {"deadline",
           {{"amount", d.deadline.amount},
            {"unit", DeadlineUnitName(d.deadline.unit)},
            {"label", http::Localized(DeadlineLabel(d.deadline), req)}}},
          {"transferDueAt", Time(d.transfer_due_at)},
          {"appointmentAt", Time(d.appointment_at)},
          {"dueAt", Time(d.due_at)},
          {"newAppointmentAt", Time(d.new_appointment_at)},
          {"fee", d.fee},
          {"feePaid", d.fee_paid},
          {"delivery", ResultDeliveryName(d.delivery)},
          {"deliveryLabel", http::Localized(ResultDeliveryLabel(d.delivery), req)},
          {"resultNote", d.result_note},
          {"resultDocumentId",
           d.result_document.IsSet() ? json(d.result_document.value()) : json(nullptr)},
          {"finishedAt", Time(d.finished_at)},
          {"returnedAt", Time(d.returned_at)},
          {"returnedTo", d.returned_to},
          {"timeliness", TimelinessJson(d.timeliness, req)},
          {"lateFlag", d.late_flag},
          {"note", d.note},
          {"updatedAt", d.updated_at},
          {"checklist", std::move(checklist)},
          {"steps", std::move(steps)},
          {"files", std::move(files)},
          {"actions", std::move(allowed)}};
}

json DossierSummaryJson(const DossierSummary& s, const http::Request& req) {
  return {{"code", s.code},
          {"procedureCode", s.procedure_code},
          {"procedureName", s.procedure_name},
          {"applicantName", s.applicant_name},
          {"state", StateJson(s.state, req)},
          {"channel", ChannelName(s.channel)},
          {"channelLabel", http::Localized(ChannelLabel(s.channel), req)},
          {"receivedAt", Time(s.received_at)},
          {"dueAt", Time(s.due_at)},
          {"newAppointmentAt", Time(s.new_appointment_at)},
          {"lateFlag", s.late_flag},
          {"currentStep", s.current_step},
          {"assigneeName", s.assignee_name}};
}

json DossierEventJson(const DossierEvent& e, const http::Request& req) {
  std::string label = e.action == "receive"        ? "tiếp nhận"
                      : e.action == "draft_result" ? "soạn văn bản kết quả"
                      : e.action == "fee_paid"     ? "ghi nhận đã nộp phí"
                                                   : "";
  if (auto a = ParseDossierAction(e.action)) {
    label = DossierActionLabel(*a);
  }
  return {{"at", Time(e.at)},
          {"actor", e.actor_name},
          {"action", e.action},
          {"actionLabel", http::Localized(label, req)},
          {"from", StateJson(e.from, req)},
          {"to", StateJson(e.to, req)},
          {"note", e.note}};
}

json TrackedDossierJson(const TrackedDossier& t, const http::Request& req) {
  json steps = json::array();
  for (const auto& s : t.steps) {
    steps.push_back({{"ordinal", s.ordinal},
                     {"name", s.name},
                     {"agencyName", s.agency_name},
                     {"startedAt", Time(s.started_at)},
                     {"finishedAt", Time(s.finished_at)}});
  }
  json timeline = json::array();
  for (const auto& e : t.timeline) {
    json line = DossierEventJson(e, req);
    line.erase("actor");
    line.erase("note");
    timeline.push_back(std::move(line));
  }
  return {{"code", t.code},
          {"procedure", {{"code", t.procedure_code}, {"name", t.procedure_name}}},
          {"receivingAgencyName", t.receiving_agency_name},
          {"fee", {{"amount", t.fee}, {"paid", t.fee_paid}}},
          {"channel", ChannelName(t.channel)},
          {"state", StateJson(t.state, req)},
          {"receivedAt", Time(t.received_at)},
          {"appointmentAt", Time(t.appointment_at)},
          {"dueAt", Time(t.due_at)},
          {"newAppointmentAt", Time(t.new_appointment_at)},
          {"finishedAt", Time(t.finished_at)},
          {"returnedAt", Time(t.returned_at)},
          {"timeliness", TimelinessJson(t.timeliness, req)},
          {"steps", steps},
          {"timeline", timeline}};
}

}  // namespace cqdt::api

namespace cqdt::api {

std::string DossierDocumentText(const onestop::Dossier& d,
                                const std::vector<onestop::DossierEvent>& timeline) {
  const http::Request req;  // no Accept-Language: Vietnamese
  json doc = DossierJson(d, {}, req);
  doc.erase("actions");
  json events = json::array();
  for (const auto& e : timeline) {
    events.push_back(DossierEventJson(e, req));
  }
  doc["timeline"] = std::move(events);
  return doc.dump(2) + "\n";
}

}  // namespace cqdt::api
