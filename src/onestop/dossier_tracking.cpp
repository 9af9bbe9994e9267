// Public tracking of a dossier (issue 13, item 5): the code on the receipt and the last digits
// of the applicant's phone or ID number open what anyone may see of it.
#include <algorithm>
#include <cctype>

#include "dossier_internal.hpp"
#include "onestop/dossier_service.hpp"
#include "sql_dossier_repository.hpp"

namespace cqdt::onestop {

using namespace internal;

namespace {

constexpr std::size_t kMaxCodeLength = 64;

// The digits of `s`, in order.
std::string Digits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      out.push_back(c);
    }
  }
  return out;
}

// The check value `number` gives: its last 4 digits, or "" when it has 4 digits or fewer (it
// would be given away whole).
std::string CheckValue(const std::string& number) {
  const std::string digits = Digits(number);
  return digits.size() > kTrackingCheckDigits ? digits.substr(digits.size() - kTrackingCheckDigits)
                                              : std::string();
}

}  // namespace

Result<TrackedDossier> DossierService::Track(db::Transaction& tx, const std::string& code,
                                             const std::string& check) const {
  std::vector<FieldError> errors;
  const bool code_ok =
      !code.empty() && code.size() <= kMaxCodeLength &&
      std::all_of(code.begin(), code.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
      });
  if (!code_ok) {
    errors.push_back({"code", "format",
                      "Mã hồ sơ không hợp lệ: nhập mã in trên giấy tiếp nhận (chữ, số, dấu "
                      "chấm, gạch ngang)."});
  }
  const bool check_ok =
      check.size() == kTrackingCheckDigits && std::all_of(check.begin(), check.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      });
  if (!check_ok) {
    errors.push_back({"check", "format",
                      "Trường 'check' phải là 4 chữ số cuối của số điện thoại hoặc số định danh "
                      "của người nộp."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  // One answer for every miss: it says nothing of whether the code exists.
  const auto miss = [] {
    return Error(ErrorCode::kNotFound,
                 "Không tìm thấy hồ sơ với mã và 4 chữ số kiểm tra này. Vui lòng kiểm tra lại "
                 "giấy tiếp nhận.");
  };
  DossierRepository repo(tx);
  auto d = repo.Load(code);
  if (!d) {
    return miss();
  }
  std::vector<std::string> check_values;
  for (const std::string* number : {&d->applicant.phone, &d->applicant.id_number}) {
    if (std::string v = CheckValue(*number); !v.empty()) {
      check_values.push_back(std::move(v));
    }
  }
  if (std::find(check_values.begin(), check_values.end(), check) == check_values.end()) {
    return miss();
  }
  const auto receiving = agencies_.GetCached(tx, d->receiving_agency);
  NameAgencies(tx, agencies_, *d, receiving ? &*receiving : nullptr);
  TrackedDossier t;
  t.code = d->code;
  t.procedure_code = d->procedure_code;
  t.procedure_name = d->procedure_name;
  t.receiving_agency = d->receiving_agency;
  t.receiving_agency_name = receiving ? receiving->name : "";
  t.fee = d->fee;
  t.fee_paid = d->fee_paid;
  t.channel = d->channel;
  t.state = d->state;
  t.received_at = d->received_at;
  t.appointment_at = d->appointment_at;
  t.due_at = d->due_at;
  t.new_appointment_at = d->new_appointment_at;
  t.finished_at = d->finished_at;
  t.returned_at = d->returned_at;
  t.timeliness = d->timeliness;
  for (const DossierStep& s : d->steps) {
    t.steps.push_back({s.ordinal, s.name, s.agency_name, s.started_at, s.finished_at});
  }
  for (DossierEvent e : repo.Events(d->id)) {
    e.actor_name.clear();
    e.note.clear();
    t.timeline.push_back(std::move(e));
  }
  t.check_values = std::move(check_values);
  return t;
}

}  // namespace cqdt::onestop
