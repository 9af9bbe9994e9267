#include "calendar_year_file.hpp"

#include <algorithm>
#include <charconv>

namespace cqdt::calendar_file {
namespace {

constexpr std::size_t kMaxLineBytes = 1000;
constexpr int kMinYear = LunarCalendar::kMinYear;
constexpr int kMaxYear = LunarCalendar::kMaxYear;

}  // namespace

Result<YearInfo> ParseYearFile(std::string_view text, const std::string& name) {
  auto fail = [&name](int line, const std::string& message) {
    std::string where = line > 0 ? name + ":" + std::to_string(line) : name;
    std::string prefix =
        line > 0 ? "Tệp " + name + ", dòng " + std::to_string(line) + ": " : "Tệp " + name + ": ";
    return Error::InvalidField(where, "format", prefix + message);
  };
  // Untrusted input (an admin's file): bounded size, UTF-8, no control characters but \n, \r.
  if (text.size() > kMaxFileBytes) {
    return fail(0, "tệp quá lớn (tối đa 256 KB).");
  }
  if (!IsValidUtf8(text)) {
    return fail(0, "tệp phải được mã hóa UTF-8.");
  }
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);  // a BOM from Windows editors
  }
  YearInfo info;
  info.from_notice = true;
  info.file = name;
  bool have_source = false;
  int number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    if (raw.size() > kMaxLineBytes) {
      return fail(number, "dòng quá dài (tối đa 1000 byte).");
    }
    std::string line = Trim(raw);
    if (HasControlChars(line) || line.find('\t') != std::string::npos) {
      return fail(number, "dòng chứa ký tự điều khiển.");
    }
    if (line.empty() || line[0] == '#') {
      if (end == text.size()) {
        break;
      }
      continue;
    }
    if (line.rfind("year:", 0) == 0) {
      if (info.year != 0) {
        return fail(number, "khai báo 'year:' hai lần.");
      }
      std::string v = Trim(std::string_view(line).substr(5));
      int y = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), y);
      if (v.size() != 4 || ec != std::errc() || ptr != v.data() + v.size() || y < kMinYear ||
          y > kMaxYear) {
        return fail(number, "năm phải là số có 4 chữ số từ 1900 đến 2100.");
      }
      info.year = y;
    } else if (line.rfind("source:", 0) == 0) {
      std::string v = Trim(std::string_view(line).substr(7));
      if (v.empty() || CodePointCount(v) > 500) {
        return fail(number, "'source:' phải ghi số, ngày của văn bản (tối đa 500 ký tự).");
      }
      info.source = v;
      have_source = true;
    } else if (line[0] >= '0' && line[0] <= '9') {
      if (info.year == 0 || !have_source) {
        return fail(number, "phải khai báo 'year:' và 'source:' trước các ngày.");
      }
      std::string_view rest(line);
      auto date = ParseIsoDate(rest.substr(0, 10));
      if (!date || rest.size() < 11 || rest[10] != ' ') {
        return fail(number, "ngày phải có dạng YYYY-MM-DD, theo sau là loại ngày và tên.");
      }
      if (date->year != info.year) {
        return fail(number, "ngày " + FormatIsoDate(*date) + " không thuộc năm " +
                                std::to_string(info.year) + ".");
      }
      rest.remove_prefix(11);
      std::size_t space = rest.find(' ');
      std::string_view kind_text = rest.substr(0, space);
      CalendarDay day;
      day.date = *date;
      if (kind_text == "holiday") {
        day.kind = DayKind::kHoliday;
      } else if (kind_text == "compensatory-off") {
        day.kind = DayKind::kCompensatoryOff;
      } else if (kind_text == "swap-off") {
        day.kind = DayKind::kSwapOff;
      } else if (kind_text == "swap-work") {
        day.kind = DayKind::kSwapWork;
      } else if (kind_text == "local-off") {
        day.kind = DayKind::kLocalOff;
      } else {
        return fail(number, "loại ngày '" + std::string(kind_text) +
                                "' không hợp lệ (holiday, compensatory-off, swap-off, "
                                "swap-work, local-off).");
      }
      std::string day_name = space == std::string_view::npos ? "" : Trim(rest.substr(space + 1));
      // A trailing confidence mark: [H], [M] or [L].
      if (day_name.size() >= 3 && day_name.back() == ']' && day_name[day_name.size() - 3] == '[') {
        char c = day_name[day_name.size() - 2];
        if (c != 'H' && c != 'M' && c != 'L') {
          return fail(number, "độ tin cậy phải là [H], [M] hoặc [L].");
        }
        day.confidence = std::string(1, c);
        day_name = Trim(std::string_view(day_name).substr(0, day_name.size() - 3));
      }
      if (day_name.empty() || CodePointCount(day_name) > 200) {
        return fail(number, "thiếu tên ngày nghỉ (tối đa 200 ký tự).");
      }
      day.name = day_name;
      bool weekend = IsWeekend(day.date);
      if (day.kind == DayKind::kSwapWork && !weekend) {
        return fail(number, "ngày làm bù (swap-work) phải là thứ Bảy hoặc Chủ nhật.");
      }
      if ((day.kind == DayKind::kSwapOff || day.kind == DayKind::kCompensatoryOff) && weekend) {
        return fail(number, "ngày nghỉ hoán đổi hoặc nghỉ bù phải là ngày từ thứ Hai đến thứ Sáu.");
      }
      for (const auto& other : info.days) {
        if (other.date == day.date) {
          return fail(number, "ngày " + FormatIsoDate(day.date) + " đã được khai báo.");
        }
      }
      info.days.push_back(std::move(day));
    } else {
      return fail(number,
                  "dòng không hiểu được; chỉ chấp nhận 'year:', 'source:', ngày hoặc "
                  "chú thích bắt đầu bằng '#'.");
    }
    if (end == text.size()) {
      break;
    }
  }
  if (info.year == 0) {
    return fail(0, "thiếu dòng 'year: YYYY'.");
  }
  if (!have_source) {
    return fail(0, "thiếu dòng 'source:' ghi văn bản quyết định.");
  }
  std::sort(info.days.begin(), info.days.end(),
            [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; });
  return info;
}

}  // namespace cqdt::calendar_file
