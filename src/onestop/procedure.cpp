#include "onestop/procedure.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/text.hpp"

namespace cqdt::onestop {

const char* LevelName(Level v) {
  switch (v) {
    case Level::kCentral:
      return "central";
    case Level::kProvince:
      return "province";
    case Level::kCommune:
      return "commune";
  }
  return "commune";
}

std::optional<Level> ParseLevel(std::string_view s) {
  for (Level v : {Level::kCentral, Level::kProvince, Level::kCommune}) {
    if (s == LevelName(v)) {
      return v;
    }
  }
  return std::nullopt;
}

std::string LevelLabel(Level v) {
  switch (v) {
    case Level::kCentral:
      return "Trung ương";
    case Level::kProvince:
      return "Cấp tỉnh";
    case Level::kCommune:
      return "Cấp xã";
  }
  return "Cấp xã";
}

const char* ChannelName(Channel v) {
  switch (v) {
    case Channel::kDirect:
      return "direct";
    case Channel::kOnline:
      return "online";
    case Channel::kPostal:
      return "postal";
  }
  return "direct";
}

std::optional<Channel> ParseChannel(std::string_view s) {
  for (Channel v : {Channel::kDirect, Channel::kOnline, Channel::kPostal}) {
    if (s == ChannelName(v)) {
      return v;
    }
  }
  return std::nullopt;
}

std::string ChannelLabel(Channel v) {
  switch (v) {
    case Channel::kDirect:
      return "Trực tiếp";
    case Channel::kOnline:
      return "Trực tuyến";
    case Channel::kPostal:
      return "Dịch vụ bưu chính công ích";
  }
  return "Trực tiếp";
}

const char* DeadlineUnitName(DeadlineUnit v) {
  switch (v) {
    case DeadlineUnit::kWorkingDays:
      return "working_days";
    case DeadlineUnit::kDays:
      return "days";
    case DeadlineUnit::kWorkingHours:
      return "working_hours";
  }
  return "working_days";
}

std::optional<DeadlineUnit> ParseDeadlineUnit(std::string_view s) {
  for (DeadlineUnit v :
       {DeadlineUnit::kWorkingDays, DeadlineUnit::kDays, DeadlineUnit::kWorkingHours}) {
    if (s == DeadlineUnitName(v)) {
      return v;
    }
  }
  return std::nullopt;
}

std::string DeadlineUnitLabel(DeadlineUnit v) {
  switch (v) {
    case DeadlineUnit::kWorkingDays:
      return "ngày làm việc";
    case DeadlineUnit::kDays:
      return "ngày";
    case DeadlineUnit::kWorkingHours:
      return "giờ làm việc";
  }
  return "ngày làm việc";
}

const char* OnlineLevelName(OnlineLevel v) {
  switch (v) {
    case OnlineLevel::kInformation:
      return "information";
    case OnlineLevel::kPartial:
      return "partial";
    case OnlineLevel::kFull:
      return "full";
  }
  return "partial";
}

std::optional<OnlineLevel> ParseOnlineLevel(std::string_view s) {
  for (OnlineLevel v : {OnlineLevel::kInformation, OnlineLevel::kPartial, OnlineLevel::kFull}) {
    if (s == OnlineLevelName(v)) {
      return v;
    }
  }
  return std::nullopt;
}

std::string OnlineLevelLabel(OnlineLevel v) {
  switch (v) {
    case OnlineLevel::kInformation:
      return "Cung cấp thông tin trực tuyến";
    case OnlineLevel::kPartial:
      return "Dịch vụ công trực tuyến một phần";
    case OnlineLevel::kFull:
      return "Dịch vụ công trực tuyến toàn trình";
  }
  return "Dịch vụ công trực tuyến một phần";
}

const char* SubjectName(Subject v) {
  switch (v) {
    case Subject::kCitizen:
      return "citizen";
    case Subject::kForeigner:
      return "foreigner";
    case Subject::kBusiness:
      return "business";
    case Subject::kOrganization:
      return "organization";
  }
  return "citizen";
}

std::optional<Subject> ParseSubject(std::string_view s) {
  for (Subject v :
       {Subject::kCitizen, Subject::kForeigner, Subject::kBusiness, Subject::kOrganization}) {
    if (s == SubjectName(v)) {
      return v;
    }
  }
  return std::nullopt;
}

std::string SubjectLabel(Subject v) {
  switch (v) {
    case Subject::kCitizen:
      return "Công dân Việt Nam";
    case Subject::kForeigner:
      return "Người nước ngoài";
    case Subject::kBusiness:
      return "Doanh nghiệp";
    case Subject::kOrganization:
      return "Tổ chức";
  }
  return "Công dân Việt Nam";
}

const char* PerformerName(Performer v) {
  switch (v) {
    case Performer::kCounter:
      return "counter";
    case Performer::kOfficer:
      return "officer";
    case Performer::kUnitHead:
      return "unit_head";
    case Performer::kLeader:
      return "leader";
    case Performer::kOtherAgency:
      return "other_agency";
  }
  return "officer";
}

std::optional<Performer> ParsePerformer(std::string_view s) {
  for (Performer v : {Performer::kCounter, Performer::kOfficer, Performer::kUnitHead,
                      Performer::kLeader, Performer::kOtherAgency}) {
    if (s == PerformerName(v)) {
      return v;
    }
  }
  return std::nullopt;
}

std::string PerformerLabel(Performer v) {
  switch (v) {
    case Performer::kCounter:
      return "Bộ phận Một cửa";
    case Performer::kOfficer:
      return "Chuyên viên xử lý";
    case Performer::kUnitHead:
      return "Lãnh đạo phòng";
    case Performer::kLeader:
      return "Lãnh đạo cơ quan";
    case Performer::kOtherAgency:
      return "Cơ quan phối hợp (liên thông)";
  }
  return "Chuyên viên xử lý";
}

std::optional<double> DeadlineWorkingHours(const Deadline& d) {
  switch (d.unit) {
    case DeadlineUnit::kWorkingDays:
      return d.amount * kHoursPerWorkingDay;
    case DeadlineUnit::kWorkingHours:
      return d.amount;
    case DeadlineUnit::kDays:
      return std::nullopt;
  }
  return std::nullopt;
}

double ProcessHours(const std::vector<ProcessStep>& steps) {
  double total = 0;
  for (const auto& s : steps) {
    total += s.hours;
  }
  return total;
}

namespace {

// 5 -> "5", 0.5 -> "0,5" (the Vietnamese decimal comma), 1.25 -> "1,25".
std::string Amount(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  std::string s = buffer;
  while (!s.empty() && s.back() == '0') {
    s.pop_back();
  }
  if (!s.empty() && s.back() == '.') {
    s.pop_back();
  }
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

bool IsCodeChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' ||
         c == '-' || c == '_';
}

// The checks of one text field at a JSON path; messages name the path.
class Checker {
 public:
  explicit Checker(std::vector<FieldError>& errors) : errors_(errors) {}

  void Text(std::string& value, const std::string& path, std::size_t min, std::size_t max) {
    if (!IsValidUtf8(value) || HasControlChars(value)) {
      Add(path, "format", "Trường '" + path + "' chứa ký tự không hợp lệ.");
      return;
    }
    value = Trim(value);
    const std::size_t n = CodePointCount(value);
    if (n < min || n > max) {
      Add(path, n < min ? "required" : "length",
          "Trường '" + path + "' phải có từ " + std::to_string(min) + " đến " +
              std::to_string(max) + " ký tự.");
    }
  }

  void Count(std::size_t n, const std::string& path, std::size_t min, std::size_t max) {
    if (n < min || n > max) {
      Add(path, "count",
          "Trường '" + path + "' phải có từ " + std::to_string(min) + " đến " +
              std::to_string(max) + " mục.");
    }
  }

  void Range(double v, const std::string& path, double min, double max, bool min_exclusive) {
    if (!std::isfinite(v) || (min_exclusive ? v <= min : v < min) || v > max) {
      Add(path, "range",
          "Trường '" + path + "' phải " + (min_exclusive ? "lớn hơn " : "từ ") + Amount(min) +
              (min_exclusive ? " và không quá " : " đến ") + Amount(max) + ".");
    }
  }

  void Add(const std::string& path, const char* code, std::string message) {
    errors_.push_back({path, code, std::move(message)});
  }

 private:
  std::vector<FieldError>& errors_;
};

// Hundredths at most: what the catalogue stores (an import run twice compares equal).
double Hundredths(double v) {
  return std::isfinite(v) ? static_cast<double>(std::llround(v * 100)) / 100.0 : v;
}

}  // namespace

std::string DeadlineLabel(const Deadline& d) {
  return Amount(d.amount) + " " + DeadlineUnitLabel(d.unit);
}

bool IsNationalCode(std::string_view code) {
  if (code.size() != 8 || code[1] != '.') {
    return false;
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i != 1 && (code[i] < '0' || code[i] > '9')) {
      return false;
    }
  }
  return true;
}

std::vector<FieldError> CheckProcedureContent(ProcedureContent& c) {
  std::vector<FieldError> errors;
  Checker check(errors);
  check.Text(c.code, "code", 1, 40);
  if (!c.code.empty() && (!std::all_of(c.code.begin(), c.code.end(), IsCodeChar) ||
                          std::none_of(c.code.begin(), c.code.end(),
                                       [](char ch) { return ch >= '0' && ch <= '9'; }))) {
    check.Add("code", "format",
              "Trường 'code' (mã thủ tục) gồm chữ cái, chữ số và các dấu . - _, có ít nhất một "
              "chữ số (ví dụ 1.001193 hoặc DP.000001).");
  }
  c.national_code = Trim(c.national_code);
  if (!c.national_code.empty() && !IsNationalCode(c.national_code)) {
    check.Add("nationalCode", "format",
              "Trường 'nationalCode' (mã TTHC quốc gia) phải có dạng d.dddddd (ví dụ 1.001193) "
              "hoặc để trống.");
  }
  check.Text(c.name, "name", 1, 1000);
  check.Text(c.published_number, "publishedBy.number", 0, 100);
  c.published_date = Trim(c.published_date);
  if (!c.published_date.empty() && !ParseIsoDate(c.published_date)) {
    check.Add("publishedBy.date", "format",
              "Trường 'publishedBy.date' phải là ngày dạng YYYY-MM-DD hoặc để trống.");
  }
  check.Text(c.sector_code, "sector.code", 0, 50);
  check.Text(c.sector_name, "sector.name", 1, 300);
  check.Count(c.subjects.size(), "subjects", 1, 4);
  if (std::set<Subject>(c.subjects.begin(), c.subjects.end()).size() != c.subjects.size()) {
    check.Add("subjects", "duplicate", "Trường 'subjects' có đối tượng lặp lại.");
  }
  check.Count(c.performers.size(), "performers", 0, 20);
  for (std::size_t i = 0; i < c.performers.size(); ++i) {
    check.Text(c.performers[i], "performers[" + std::to_string(i) + "]", 1, 300);
  }
  check.Count(c.channels.size(), "channels", 1, 3);
  std::set<Channel> seen;
  for (std::size_t i = 0; i < c.channels.size(); ++i) {
    ChannelOffer& ch = c.channels[i];
    const std::string at = "channels[" + std::to_string(i) + "]";
    if (!seen.insert(ch.channel).second) {
      const std::string field = at + ".channel";
      check.Add(field, "duplicate",
                "Trường '" + field + "': mỗi cách thức thực hiện chỉ khai một lần.");
    }
    ch.deadline.amount = Hundredths(ch.deadline.amount);
    const double max = ch.deadline.unit == DeadlineUnit::kWorkingHours ? 2000 : 3650;
    check.Range(ch.deadline.amount, at + ".deadline.amount", 0, max, true);
    check.Text(ch.deadline.note, at + ".deadline.note", 0, 1000);
    check.Count(ch.fees.size(), at + ".fees", 0, 20);
    for (std::size_t j = 0; j < ch.fees.size(); ++j) {
      Fee& f = ch.fees[j];
      const std::string fee = at + ".fees[" + std::to_string(j) + "]";
      check.Text(f.name, fee + ".name", 1, 500);
      check.Range(static_cast<double>(f.amount), fee + ".amount", 0, 1e12, false);
      check.Text(f.note, fee + ".note", 0, 1000);
    }
    check.Text(ch.description, at + ".description", 0, 2000);
  }
  check.Count(c.documents.size(), "documents", 0, 100);
  for (std::size_t i = 0; i < c.documents.size(); ++i) {
    RequiredDocument& d = c.documents[i];
    const std::string at = "documents[" + std::to_string(i) + "]";
    check.Text(d.name, at + ".name", 1, 1000);
    check.Range(d.originals, at + ".originals", 0, 100, false);
    check.Range(d.copies, at + ".copies", 0, 100, false);
    check.Text(d.template_name, at + ".template", 0, 500);
  }
  check.Range(c.sets, "sets", 1, 20, false);
  check.Text(c.conditions, "conditions", 0, 10000);
  check.Text(c.result_name, "result.name", 1, 1000);
  check.Count(c.legal_basis.size(), "legalBasis", 0, 100);
  for (std::size_t i = 0; i < c.legal_basis.size(); ++i) {
    check.Text(c.legal_basis[i], "legalBasis[" + std::to_string(i) + "]", 1, 1000);
  }
  check.Count(c.chain.size(), "interAgency", 0, 20);
  for (std::size_t i = 0; i < c.chain.size(); ++i) {
    const std::string at = "interAgency[" + std::to_string(i) + "]";
    check.Text(c.chain[i].name, at + ".name", 1, 500);
    check.Text(c.chain[i].agency, at + ".agency", 1, 300);
  }
  check.Count(c.process.size(), "process", 0, 50);
  for (std::size_t i = 0; i < c.process.size(); ++i) {
    const std::string at = "process[" + std::to_string(i) + "]";
    check.Text(c.process[i].name, at + ".name", 1, 300);
    c.process[i].hours = Hundredths(c.process[i].hours);
    check.Range(c.process[i].hours, at + ".hours", 0, 2000, true);
  }
  check.Count(c.unconfirmed.size(), "unconfirmed", 0, 200);
  for (std::size_t i = 0; i < c.unconfirmed.size(); ++i) {
    check.Text(c.unconfirmed[i], "unconfirmed[" + std::to_string(i) + "]", 1, 200);
  }
  check.Count(c.sources.size(), "sources", 0, 100);
  for (std::size_t i = 0; i < c.sources.size(); ++i) {
    check.Text(c.sources[i], "sources[" + std::to_string(i) + "]", 1, 1000);
  }
  return errors;
}

std::vector<ProcessFit> CheckProcessFits(const ProcedureContent& c) {
  std::vector<ProcessFit> out;
  const double total = ProcessHours(c.process);
  for (const auto& ch : c.channels) {
    if (auto hours = DeadlineWorkingHours(ch.deadline)) {
      out.push_back({ch.channel, *hours, total, total <= *hours + 1e-9});
    }
  }
  return out;
}

}  // namespace cqdt::onestop
