#include "onestop/catalogue_workbook.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>

#include "core/text.hpp"
#include "report/workbook.hpp"
#include "report/workbook_reader.hpp"
#include "text/search.hpp"

namespace cqdt::onestop {

namespace {

constexpr const char* kProcedures = "Thủ tục";
constexpr const char* kChannels = "Cách thức";
constexpr const char* kFees = "Phí, lệ phí";
constexpr const char* kDocuments = "Thành phần hồ sơ";
constexpr const char* kLegal = "Căn cứ pháp lý";
constexpr const char* kChain = "Liên thông";
constexpr const char* kProcess = "Quy trình nội bộ";

constexpr const char* kCode = "Mã thủ tục";
constexpr const char* kChannel = "Cách thức";

const std::vector<std::string> kProcedureColumns = {kCode,
                                                    "Mã TTHC quốc gia",
                                                    "Tên thủ tục",
                                                    "Số quyết định công bố",
                                                    "Ngày công bố",
                                                    "Cấp thực hiện",
                                                    "Mã lĩnh vực",
                                                    "Lĩnh vực",
                                                    "Đối tượng",
                                                    "Cơ quan thực hiện",
                                                    "Số bộ hồ sơ",
                                                    "Yêu cầu, điều kiện",
                                                    "Kết quả",
                                                    "Kết quả điện tử",
                                                    "Mức độ trực tuyến",
                                                    "Tính lại thời hạn khi bổ sung",
                                                    "Chưa xác minh",
                                                    "Nguồn"};
const std::vector<std::string> kChannelColumns = {kCode,    kChannel,           "Thời hạn",
                                                  "Đơn vị", "Ghi chú thời hạn", "Mô tả"};
const std::vector<std::string> kFeeColumns = {kCode, kChannel, "Tên phí, lệ phí", "Mức thu (đồng)",
                                              "Ghi chú"};
const std::vector<std::string> kDocumentColumns = {
    kCode,      "Tên giấy tờ",       "Bản chính",       "Bản sao",
    "Bắt buộc", "Thay bằng dữ liệu", "Mẫu đơn, tờ khai"};
const std::vector<std::string> kLegalColumns = {kCode, "Văn bản"};
const std::vector<std::string> kChainColumns = {kCode, "Nội dung liên thông", "Cơ quan"};
const std::vector<std::string> kProcessColumns = {kCode, "Bước", "Người thực hiện",
                                                  "Số giờ làm việc"};

std::string Join(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) {
    out += (out.empty() ? "" : "; ") + s;
  }
  return out;
}

// One item per line of the cell (a performer, a source, an unconfirmed path may hold "; ").
std::string JoinLines(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) {
    out += (out.empty() ? "" : "\n") + s;
  }
  return out;
}

std::vector<std::string> Split(const std::string& joined, char separator = ';') {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t semi = joined.find(separator, start);
    if (semi == std::string::npos) {
      semi = joined.size();
    }
    std::string part = Trim(joined.substr(start, semi - start));
    if (!part.empty()) {
      out.push_back(std::move(part));
    }
    start = semi + 1;
  }
  return out;
}

// 8 -> "8", 0.5 -> "0.5" (Excel reads a dot in a number cell).
std::string Number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  std::string s = buffer;
  while (!s.empty() && s.back() == '0') {
    s.pop_back();
  }
  if (!s.empty() && s.back() == '.') {
    s.pop_back();
  }
  return s;
}

const char* YesNo(bool v) { return v ? "Có" : "Không"; }

report::Sheet MakeSheet(const char* name, const std::vector<std::string>& headers) {
  report::Sheet s;
  s.name = name;
  for (const auto& h : headers) {
    s.columns.push_back(
        {h, h == "Tên thủ tục" || h == "Tên giấy tờ" ? 50.0 : 18.0, report::CellKind::kText});
  }
  return s;
}

// Reads a value as one of `values` by its name or its label, folded (case, tones ignored).
template <typename E>
std::optional<E> ByNameOrLabel(const std::string& text, const std::vector<E>& values,
                               const char* (*name)(E), std::string (*label)(E)) {
  const std::string key = text::SearchKey(text);
  for (E v : values) {
    if (key == text::SearchKey(name(v)) || key == text::SearchKey(label(v))) {
      return v;
    }
  }
  return std::nullopt;
}

std::optional<bool> Bool(const std::string& text) {
  const std::string key = text::SearchKey(text);
  if (key == "co" || key == "1" || key == "true" || key == "x") {
    return true;
  }
  if (key == "khong" || key == "0" || key == "false" || key.empty()) {
    return false;
  }
  return std::nullopt;
}

std::optional<double> Decimal(const std::string& text) {
  std::string t = Trim(text);
  for (char& c : t) {
    if (c == ',') {
      c = '.';  // "0,5"
    }
  }
  if (t.empty()) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end == nullptr || *end != '\0' || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// One sheet read with its columns found by header.
class SheetView {
 public:
  SheetView(const report::ReadSheet* sheet, const std::vector<std::string>& headers,
            std::vector<FieldError>& file_errors)
      : sheet_(sheet) {
    if (sheet_ == nullptr) {
      return;
    }
    const auto& head = sheet_->rows.empty() ? std::vector<std::string>() : sheet_->rows[0];
    for (const auto& h : headers) {
      for (std::size_t c = 0; c < head.size(); ++c) {
        if (text::SearchKey(head[c]) == text::SearchKey(h)) {
          columns_[h] = c;
        }
      }
      if (columns_.count(h) == 0) {
        file_errors.push_back(
            {sheet_->name, "column", "Trang '" + sheet_->name + "' thiếu cột '" + h + "'."});
      }
    }
  }
  std::size_t rows() const { return sheet_ == nullptr ? 0 : sheet_->rows.size(); }
  const std::string& name() const { return sheet_->name; }
  // The cell of row r (0 = the header) under `header`, trimmed; "" when absent.
  std::string At(std::size_t r, const std::string& header) const {
    auto it = columns_.find(header);
    if (sheet_ == nullptr || it == columns_.end() || r >= sheet_->rows.size() ||
        it->second >= sheet_->rows[r].size()) {
      return "";
    }
    return Trim(sheet_->rows[r][it->second]);
  }
  bool Empty(std::size_t r) const {
    if (sheet_ == nullptr || r >= sheet_->rows.size()) {
      return true;
    }
    for (const auto& cell : sheet_->rows[r]) {
      if (!Trim(cell).empty()) {
        return false;
      }
    }
    return true;
  }

 private:
  const report::ReadSheet* sheet_;
  std::map<std::string, std::size_t> columns_;
};

std::string Where(const SheetView& s, std::size_t r) {
  return "Trang '" + s.name() + "', dòng " + std::to_string(r + 1) + ": ";
}

const std::vector<Level> kLevels = {Level::kCentral, Level::kProvince, Level::kCommune};
const std::vector<Channel> kChannelValues = {Channel::kDirect, Channel::kOnline, Channel::kPostal};
const std::vector<DeadlineUnit> kUnits = {DeadlineUnit::kWorkingDays, DeadlineUnit::kDays,
                                          DeadlineUnit::kWorkingHours};
const std::vector<OnlineLevel> kOnlineLevels = {OnlineLevel::kInformation, OnlineLevel::kPartial,
                                                OnlineLevel::kFull};
const std::vector<Subject> kSubjects = {Subject::kCitizen, Subject::kForeigner, Subject::kBusiness,
                                        Subject::kOrganization};
const std::vector<Performer> kPerformers = {Performer::kCounter, Performer::kOfficer,
                                            Performer::kUnitHead, Performer::kLeader,
                                            Performer::kOtherAgency};

}  // namespace

Result<std::string> WriteCatalogueWorkbook(const std::filesystem::path& tmp_dir,
                                           const std::vector<ProcedureVersion>& versions) {
  report::Workbook book;
  book.title = "Danh mục thủ tục hành chính";
  book.author = "cqdt";
  report::Sheet procedures = MakeSheet(kProcedures, kProcedureColumns);
  report::Sheet channels = MakeSheet(kChannels, kChannelColumns);
  report::Sheet fees = MakeSheet(kFees, kFeeColumns);
  report::Sheet documents = MakeSheet(kDocuments, kDocumentColumns);
  report::Sheet legal = MakeSheet(kLegal, kLegalColumns);
  report::Sheet chain = MakeSheet(kChain, kChainColumns);
  report::Sheet process = MakeSheet(kProcess, kProcessColumns);
  for (const auto& v : versions) {
    const ProcedureContent& c = v.content;
    std::vector<std::string> subjects;
    for (Subject s : c.subjects) {
      subjects.push_back(SubjectLabel(s));
    }
    procedures.rows.push_back({c.code, c.national_code, c.name, c.published_number,
                               c.published_date, LevelLabel(c.level), c.sector_code, c.sector_name,
                               Join(subjects), JoinLines(c.performers), std::to_string(c.sets),
                               c.conditions, c.result_name, YesNo(c.result_electronic),
                               OnlineLevelLabel(c.online_level), YesNo(c.restart_on_supplement),
                               JoinLines(c.unconfirmed), JoinLines(c.sources)});
    for (const auto& ch : c.channels) {
      channels.rows.push_back({c.code, ChannelLabel(ch.channel), Number(ch.deadline.amount),
                               DeadlineUnitLabel(ch.deadline.unit), ch.deadline.note,
                               ch.description});
      for (const auto& f : ch.fees) {
        fees.rows.push_back(
            {c.code, ChannelLabel(ch.channel), f.name, std::to_string(f.amount), f.note});
      }
    }
    for (const auto& d : c.documents) {
      documents.rows.push_back({c.code, d.name, std::to_string(d.originals),
                                std::to_string(d.copies), YesNo(d.required),
                                YesNo(d.replaceable_by_data), d.template_name});
    }
    for (const auto& l : c.legal_basis) {
      legal.rows.push_back({c.code, l});
    }
    for (const auto& l : c.chain) {
      chain.rows.push_back({c.code, l.name, l.agency});
    }
    for (const auto& s : c.process) {
      process.rows.push_back({c.code, s.name, PerformerLabel(s.performer), Number(s.hours)});
    }
  }
  book.sheets = {procedures, channels, fees, documents, legal, chain, process};
  return report::WriteWorkbook(tmp_dir, book);
}

Result<std::vector<ImportItem>> ReadCatalogueWorkbook(std::string_view xlsx) {
  CQDT_ASSIGN_OR_RETURN(auto sheets, report::ReadWorkbook(xlsx));
  auto find = [&](const char* name) -> const report::ReadSheet* {
    for (const auto& s : sheets) {
      if (text::SearchKey(s.name) == text::SearchKey(name)) {
        return &s;
      }
    }
    return nullptr;
  };
  std::vector<FieldError> file_errors;
  if (find(kProcedures) == nullptr) {
    return Error::InvalidField("file", "sheet",
                               "Tệp Excel không có trang 'Thủ tục' (danh sách thủ tục).");
  }
  SheetView procedures(find(kProcedures), kProcedureColumns, file_errors);
  SheetView channels(find(kChannels), kChannelColumns, file_errors);
  SheetView fees(find(kFees), kFeeColumns, file_errors);
  SheetView documents(find(kDocuments), kDocumentColumns, file_errors);
  SheetView legal(find(kLegal), kLegalColumns, file_errors);
  SheetView chain(find(kChain), kChainColumns, file_errors);
  SheetView process(find(kProcess), kProcessColumns, file_errors);
  if (!file_errors.empty()) {
    return Error::Invalid(std::move(file_errors), "Tệp Excel thiếu cột cần có.");
  }
  std::vector<ImportItem> items;
  std::map<std::string, std::size_t> by_code;
  for (std::size_t r = 1; r < procedures.rows(); ++r) {
    if (procedures.Empty(r)) {
      continue;
    }
    ImportItem item;
    item.row = static_cast<int>(r + 1);
    ProcedureContent& c = item.content;
    auto bad = [&](const char* field, const std::string& what) {
      item.errors.push_back({field, "format", Where(procedures, r) + what});
    };
    c.code = procedures.At(r, kCode);
    c.national_code = procedures.At(r, "Mã TTHC quốc gia");
    if (c.code.empty()) {
      c.code = c.national_code;
    }
    c.name = procedures.At(r, "Tên thủ tục");
    c.published_number = procedures.At(r, "Số quyết định công bố");
    c.published_date = procedures.At(r, "Ngày công bố");
    if (auto v = ByNameOrLabel(procedures.At(r, "Cấp thực hiện"), kLevels, LevelName, LevelLabel)) {
      c.level = *v;
    } else {
      bad("level", "cấp thực hiện phải là Trung ương, Cấp tỉnh hoặc Cấp xã.");
    }
    c.sector_code = procedures.At(r, "Mã lĩnh vực");
    c.sector_name = procedures.At(r, "Lĩnh vực");
    for (const auto& s : Split(procedures.At(r, "Đối tượng"))) {
      if (auto v = ByNameOrLabel(s, kSubjects, SubjectName, SubjectLabel)) {
        c.subjects.push_back(*v);
      } else {
        bad("subjects", "đối tượng '" + s + "' không hợp lệ.");
      }
    }
    c.performers = Split(procedures.At(r, "Cơ quan thực hiện"), '\n');
    const std::string sets = procedures.At(r, "Số bộ hồ sơ");
    auto sets_value = Decimal(sets.empty() ? "1" : sets);
    if (sets_value && *sets_value == std::floor(*sets_value) && *sets_value >= 0 &&
        *sets_value <= 1000) {
      c.sets = static_cast<int>(*sets_value);
    } else {
      bad("sets", "số bộ hồ sơ phải là số nguyên.");
    }
    c.conditions = procedures.At(r, "Yêu cầu, điều kiện");
    c.result_name = procedures.At(r, "Kết quả");
    auto electronic = Bool(procedures.At(r, "Kết quả điện tử"));
    auto restart = Bool(procedures.At(r, "Tính lại thời hạn khi bổ sung"));
    if (!electronic || !restart) {
      bad(electronic ? "restartOnSupplement" : "result.electronic",
          "giá trị phải là Có hoặc Không.");
    }
    c.result_electronic = electronic.value_or(false);
    c.restart_on_supplement = restart.value_or(false);
    if (auto v = ByNameOrLabel(procedures.At(r, "Mức độ trực tuyến"), kOnlineLevels,
                               OnlineLevelName, OnlineLevelLabel)) {
      c.online_level = *v;
    } else {
      bad("onlineLevel", "mức độ trực tuyến không hợp lệ.");
    }
    c.unconfirmed = Split(procedures.At(r, "Chưa xác minh"), '\n');
    c.sources = Split(procedures.At(r, "Nguồn"), '\n');
    if (!c.code.empty() && by_code.count(c.code) == 0) {
      by_code[c.code] = items.size();
    }
    items.push_back(std::move(item));
  }
  // The lists, each row joined to its procedure by code (the first row of that code).
  auto owner = [&](const SheetView& s, std::size_t r) -> ImportItem* {
    const std::string code = s.At(r, kCode);
    auto it = by_code.find(code);
    if (it == by_code.end()) {
      file_errors.push_back(
          {s.name(), "unknown",
           Where(s, r) + "mã thủ tục '" + code + "' không có trên trang 'Thủ tục'."});
      return nullptr;
    }
    return &items[it->second];
  };
  auto channel_of = [&](const SheetView& s, std::size_t r, ImportItem& item,
                        const char* field) -> std::optional<Channel> {
    auto v = ByNameOrLabel(s.At(r, kChannel), kChannelValues, ChannelName, ChannelLabel);
    if (!v) {
      item.errors.push_back({field, "format", Where(s, r) + "cách thức không hợp lệ."});
    }
    return v;
  };
  for (std::size_t r = 1; r < channels.rows(); ++r) {
    ImportItem* item = channels.Empty(r) ? nullptr : owner(channels, r);
    if (item == nullptr) {
      continue;
    }
    const std::string at = "channels[" + std::to_string(item->content.channels.size()) + "]";
    ChannelOffer ch;
    ch.channel = channel_of(channels, r, *item, "channels").value_or(Channel::kDirect);
    if (auto amount = Decimal(channels.At(r, "Thời hạn"))) {
      ch.deadline.amount = *amount;
    } else {
      item->errors.push_back(
          {at + ".deadline.amount", "format", Where(channels, r) + "thời hạn phải là một số."});
    }
    if (auto unit =
            ByNameOrLabel(channels.At(r, "Đơn vị"), kUnits, DeadlineUnitName, DeadlineUnitLabel)) {
      ch.deadline.unit = *unit;
    } else {
      item->errors.push_back(
          {at + ".deadline.unit", "format",
           Where(channels, r) + "đơn vị phải là ngày làm việc, ngày hoặc giờ làm việc."});
    }
    ch.deadline.note = channels.At(r, "Ghi chú thời hạn");
    ch.description = channels.At(r, "Mô tả");
    item->content.channels.push_back(std::move(ch));
  }
  for (std::size_t r = 1; r < fees.rows(); ++r) {
    ImportItem* item = fees.Empty(r) ? nullptr : owner(fees, r);
    if (item == nullptr) {
      continue;
    }
    auto channel = channel_of(fees, r, *item, "channels");
    ChannelOffer* target = nullptr;
    for (auto& ch : item->content.channels) {
      if (channel && ch.channel == *channel) {
        target = &ch;
      }
    }
    if (channel && target == nullptr) {
      item->errors.push_back({"channels", "unknown",
                              Where(fees, r) + "cách thức này chưa có trên trang 'Cách thức'."});
      continue;
    }
    if (target == nullptr) {
      continue;
    }
    Fee f;
    f.name = fees.At(r, "Tên phí, lệ phí");
    auto amount =
        Decimal(fees.At(r, "Mức thu (đồng)").empty() ? "0" : fees.At(r, "Mức thu (đồng)"));
    if (amount && *amount == std::floor(*amount) && std::fabs(*amount) < 1e15) {
      f.amount = static_cast<std::int64_t>(*amount);
    } else {
      item->errors.push_back(
          {"fees", "format", Where(fees, r) + "mức thu phải là số đồng, không có phần lẻ."});
    }
    f.note = fees.At(r, "Ghi chú");
    target->fees.push_back(std::move(f));
  }
  for (std::size_t r = 1; r < documents.rows(); ++r) {
    ImportItem* item = documents.Empty(r) ? nullptr : owner(documents, r);
    if (item == nullptr) {
      continue;
    }
    RequiredDocument d;
    d.name = documents.At(r, "Tên giấy tờ");
    auto originals =
        Decimal(documents.At(r, "Bản chính").empty() ? "0" : documents.At(r, "Bản chính"));
    auto copies = Decimal(documents.At(r, "Bản sao").empty() ? "0" : documents.At(r, "Bản sao"));
    auto required = Bool(documents.At(r, "Bắt buộc"));
    auto replaceable = Bool(documents.At(r, "Thay bằng dữ liệu"));
    if (!originals || !copies || *originals != std::floor(*originals) ||
        *copies != std::floor(*copies) || std::fabs(*originals) > 1000 ||
        std::fabs(*copies) > 1000 || !required || !replaceable) {
      item->errors.push_back({"documents", "format",
                              Where(documents, r) +
                                  "số bản phải là số nguyên; Bắt buộc và Thay bằng dữ liệu là Có "
                                  "hoặc Không."});
      continue;
    }
    d.originals = static_cast<int>(*originals);
    d.copies = static_cast<int>(*copies);
    d.required = *required;
    d.replaceable_by_data = *replaceable;
    d.template_name = documents.At(r, "Mẫu đơn, tờ khai");
    item->content.documents.push_back(std::move(d));
  }
  for (std::size_t r = 1; r < legal.rows(); ++r) {
    if (ImportItem* item = legal.Empty(r) ? nullptr : owner(legal, r)) {
      item->content.legal_basis.push_back(legal.At(r, "Văn bản"));
    }
  }
  for (std::size_t r = 1; r < chain.rows(); ++r) {
    if (ImportItem* item = chain.Empty(r) ? nullptr : owner(chain, r)) {
      item->content.chain.push_back({chain.At(r, "Nội dung liên thông"), chain.At(r, "Cơ quan")});
    }
  }
  for (std::size_t r = 1; r < process.rows(); ++r) {
    ImportItem* item = process.Empty(r) ? nullptr : owner(process, r);
    if (item == nullptr) {
      continue;
    }
    ProcessStep s;
    s.name = process.At(r, "Bước");
    auto performer =
        ByNameOrLabel(process.At(r, "Người thực hiện"), kPerformers, PerformerName, PerformerLabel);
    auto hours = Decimal(process.At(r, "Số giờ làm việc"));
    if (!performer || !hours) {
      item->errors.push_back(
          {"process", "format",
           Where(process, r) + "người thực hiện hoặc số giờ làm việc không hợp lệ."});
      continue;
    }
    s.performer = *performer;
    s.hours = *hours;
    item->content.process.push_back(std::move(s));
  }
  if (!file_errors.empty()) {
    return Error::Invalid(std::move(file_errors),
                          "Có dòng trong tệp Excel không gắn được với thủ tục nào.");
  }
  return items;
}

}  // namespace cqdt::onestop
