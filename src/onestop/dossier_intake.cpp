// What the counter's receipt and the portal's online submission share: the procedure's offer,
// fees, checklist and steps, the applicant's fields, the names of the steps' agencies.
#include <map>

#include "core/text.hpp"
#include "dossier_internal.hpp"

namespace cqdt::onestop::internal {

void CheckField(const std::string& value, const char* field, const char* label, std::size_t min,
                std::size_t max, std::vector<FieldError>& errors, std::string& out) {
  if (auto v = CheckText(value, field, label, min, max, errors)) {
    out = *v;
  }
}

// The names of the steps' agencies, for the pages and the forms.
void NameAgencies(db::Transaction& tx, const org::AgencyService& agencies, Dossier& d,
                  const org::Agency* known) {
  std::map<std::int64_t, std::string> names;
  if (known != nullptr) {
    names[known->id.value()] = known->name;
  }
  for (DossierStep& s : d.steps) {
    if (!s.agency.IsSet()) {
      continue;
    }
    auto [it, fresh] = names.try_emplace(s.agency.value());
    if (fresh) {
      if (auto a = agencies.GetCached(tx, s.agency)) {
        it->second = a->name;
      }
    }
    s.agency_name = it->second;
  }
}

// The applicant as the client sent it, checked; errors name applicant.* fields.
Applicant CheckApplicant(const Applicant& in, std::vector<FieldError>& errors) {
  Applicant a;
  CheckField(in.name, "applicant.name", "Họ tên người nộp", 1, 300, errors, a.name);
  CheckField(in.id_number, "applicant.idNumber", "Số định danh", 0, 20, errors, a.id_number);
  CheckField(in.address, "applicant.address", "Địa chỉ", 0, 500, errors, a.address);
  CheckField(in.phone, "applicant.phone", "Số điện thoại", 0, 20, errors, a.phone);
  CheckField(in.email, "applicant.email", "Thư điện tử", 0, 254, errors, a.email);
  CheckField(in.representative, "applicant.representative", "Người nộp thay", 0, 300, errors,
             a.representative);
  if (!a.email.empty() && !IsPlausibleEmail(a.email)) {
    errors.push_back({"applicant.email", "format", "Thư điện tử không hợp lệ."});
  }
  return a;
}

// The procedure's offer for `channel`, or null.
const ChannelOffer* OfferOf(const ProcedureContent& c, Channel channel) {
  for (const ChannelOffer& o : c.channels) {
    if (o.channel == channel) {
      return &o;
    }
  }
  return nullptr;
}

std::int64_t FeesOf(const ChannelOffer& offer) {
  std::int64_t fee = 0;
  for (const Fee& f : offer.fees) {
    fee += f.amount;
  }
  return fee;
}

// The checklist of the procedure's documents, nothing yet provided.
std::vector<ChecklistItem> ChecklistOf(const ProcedureContent& c) {
  std::vector<ChecklistItem> out;
  for (std::size_t i = 0; i < c.documents.size(); ++i) {
    const RequiredDocument& rd = c.documents[i];
    out.push_back(
        {static_cast<int>(i) + 1, rd.name, rd.originals, rd.copies, rd.required, false, false});
  }
  return out;
}

// The dossier's steps from the procedure's process, none started and without their agencies; a
// procedure without a published process is handled in one step by an officer.
std::vector<DossierStep> StepsOf(const ProcedureContent& c, const ChannelOffer& offer) {
  std::vector<ProcessStep> process = c.process;
  if (process.empty()) {
    auto hours = DeadlineWorkingHours(offer.deadline);
    process.push_back({"Xử lý hồ sơ", Performer::kOfficer, hours ? *hours : kHoursPerWorkingDay});
  }
  std::vector<DossierStep> out;
  for (std::size_t i = 0; i < process.size(); ++i) {
    DossierStep s;
    s.ordinal = static_cast<int>(i) + 1;
    s.name = process[i].name;
    s.performer = process[i].performer;
    s.hours = process[i].hours;
    out.push_back(s);
  }
  return out;
}

}  // namespace cqdt::onestop::internal
