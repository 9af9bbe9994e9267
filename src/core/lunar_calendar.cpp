#include "core/lunar_calendar.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <mutex>
#include <numbers>

#include "lunar_calendar_algorithm.hpp"

namespace cqdt {

// ---------------------------------------------------------------------------------------------
// Julian day numbers.

std::int64_t ToJulianDay(const Date& d) {
  // Integer arithmetic of the reference (all operands are non-negative for years >= -4800).
  std::int64_t a = (14 - d.month) / 12;
  std::int64_t y = d.year + 4800 - a;
  std::int64_t m = d.month + 12 * a - 3;
  std::int64_t jd = d.day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
  if (jd < 2299161) {  // before 1582-10-15: the Julian calendar
    jd = d.day + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083;
  }
  return jd;
}

Date FromJulianDay(std::int64_t jd) {
  std::int64_t b = 0;
  std::int64_t c = 0;
  if (jd > 2299160) {
    std::int64_t a = jd + 32044;
    b = (4 * a + 3) / 146097;
    c = a - (b * 146097) / 4;
  } else {
    c = jd + 32082;
  }
  std::int64_t d = (4 * c + 3) / 1461;
  std::int64_t e = c - (1461 * d) / 4;
  std::int64_t m = (5 * e + 2) / 153;
  Date out;
  out.day = static_cast<int>(e - (153 * m + 2) / 5 + 1);
  out.month = static_cast<int>(m + 3 - 12 * (m / 10));
  out.year = static_cast<int>(b * 100 + d - 4800 + m / 10);
  return out;
}

int DayOfWeek(const Date& d) { return static_cast<int>((ToJulianDay(d) + 1) % 7); }

Date AddDays(const Date& d, std::int64_t days) { return FromJulianDay(ToJulianDay(d) + days); }

// ---------------------------------------------------------------------------------------------
// The reference algorithm. `floor` everywhere, never `round`, as the reference does: the results
// are then identical to every other port of it (lich-lam-viec.md §3, implementation notes).

namespace lunar_algorithm {
namespace {
constexpr double kPi = std::numbers::pi;
constexpr double kJd1900NewMoon = 2415021.076998695;
constexpr double kSynodicMonth = 29.530588853;
std::int64_t Floor(double x) { return static_cast<std::int64_t>(std::floor(x)); }
}  // namespace

double NewMoon(std::int64_t k) {
  const double kd = static_cast<double>(k);
  const double t = kd / 1236.85;  // Julian centuries from 1900-01-01 12:00
  const double t2 = t * t;
  const double t3 = t2 * t;
  const double dr = kPi / 180;
  double jd1 = 2415020.75933 + 29.53058868 * kd + 0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
  const double m = 359.2242 + 29.10535608 * kd - 0.0000333 * t2 - 0.00000347 * t3;     // Sun
  const double mpr = 306.0253 + 385.81691806 * kd + 0.0107306 * t2 + 0.00001236 * t3;  // Moon
  const double f = 21.2964 + 390.67050646 * kd - 0.0016528 * t2 - 0.00000239 * t3;     // latitude
  double c1 = (0.1734 - 0.000393 * t) * std::sin(m * dr) + 0.0021 * std::sin(2 * dr * m);
  c1 = c1 - 0.4068 * std::sin(mpr * dr) + 0.0161 * std::sin(dr * 2 * mpr);
  c1 = c1 - 0.0004 * std::sin(dr * 3 * mpr);
  c1 = c1 + 0.0104 * std::sin(dr * 2 * f) - 0.0051 * std::sin(dr * (m + mpr));
  c1 = c1 - 0.0074 * std::sin(dr * (m - mpr)) + 0.0004 * std::sin(dr * (2 * f + m));
  c1 = c1 - 0.0004 * std::sin(dr * (2 * f - m)) - 0.0006 * std::sin(dr * (2 * f + mpr));
  c1 = c1 + 0.0010 * std::sin(dr * (2 * f - mpr)) + 0.0005 * std::sin(dr * (2 * mpr + m));
  double delta_t = 0;  // TT - UT, in days
  if (t < -11) {
    delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
  } else {
    delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
  }
  return jd1 + c1 - delta_t;
}

double SunLongitude(double jd) {
  const double t = (jd - 2451545.0) / 36525;  // Julian centuries from J2000.0
  const double t2 = t * t;
  const double dr = kPi / 180;
  const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(dr * m);
  dl = dl + (0.019993 - 0.000101 * t) * std::sin(dr * 2 * m) + 0.000290 * std::sin(dr * 3 * m);
  double l = (l0 + dl) * dr;
  l = l - kPi * 2 * static_cast<double>(Floor(l / (kPi * 2)));
  return l;
}

std::int64_t NewMoonDay(std::int64_t k, double tz) { return Floor(NewMoon(k) + 0.5 + tz / 24); }

int SunSector(std::int64_t day_number, double tz) {
  return static_cast<int>(
      Floor(SunLongitude(static_cast<double>(day_number) - 0.5 - tz / 24) / kPi * 6));
}

std::int64_t LunarMonth11(int year, double tz) {
  const double off = static_cast<double>(ToJulianDay({year, 12, 31}) - 2415021);
  const std::int64_t k = Floor(off / kSynodicMonth);
  std::int64_t nm = NewMoonDay(k, tz);
  if (SunSector(nm, tz) >= 9) {  // the solstice already passed at this new moon
    nm = NewMoonDay(k - 1, tz);
  }
  return nm;
}

int LeapMonthOffset(std::int64_t a11, double tz) {
  const std::int64_t k = Floor((static_cast<double>(a11) - kJd1900NewMoon) / kSynodicMonth + 0.5);
  int i = 1;
  int arc = SunSector(NewMoonDay(k + i, tz), tz);
  int last = 0;
  do {
    last = arc;
    ++i;
    arc = SunSector(NewMoonDay(k + i, tz), tz);
  } while (arc != last && i < 14);
  return i - 1;
}

LunarDate SolarToLunar(const Date& d, double tz) {
  const std::int64_t day_number = ToJulianDay(d);
  const std::int64_t k = Floor((static_cast<double>(day_number) - kJd1900NewMoon) / kSynodicMonth);
  std::int64_t month_start = NewMoonDay(k + 1, tz);
  if (month_start > day_number) {
    month_start = NewMoonDay(k, tz);
  }
  std::int64_t a11 = LunarMonth11(d.year, tz);
  std::int64_t b11 = a11;
  int lunar_year = 0;
  if (a11 >= month_start) {
    lunar_year = d.year;
    a11 = LunarMonth11(d.year - 1, tz);
  } else {
    lunar_year = d.year + 1;
    b11 = LunarMonth11(d.year + 1, tz);
  }
  LunarDate out;
  out.day = static_cast<int>(day_number - month_start + 1);
  const int diff = static_cast<int>((month_start - a11) / 29);
  out.month = diff + 11;
  if (b11 - a11 > 365) {
    const int leap_diff = LeapMonthOffset(a11, tz);
    if (diff >= leap_diff) {
      out.month = diff + 10;
      out.leap = diff == leap_diff;
    }
  }
  if (out.month > 12) {
    out.month -= 12;
  }
  if (out.month >= 11 && diff < 4) {
    lunar_year -= 1;
  }
  out.year = lunar_year;
  return out;
}

}  // namespace lunar_algorithm

// ---------------------------------------------------------------------------------------------
// The cache: one segment per lunar "year" from month 11 of Y to month 11 of Y+1.

namespace {
constexpr int kFirstSegment = LunarCalendar::kMinYear - 1;  // holds January 1900
constexpr int kLastSegment = LunarCalendar::kMaxYear;       // holds December 2100
constexpr int kSegmentCount = kLastSegment - kFirstSegment + 1;
}  // namespace

struct LunarCalendar::Segment {
  struct Month {
    std::int64_t start = 0;  // local Julian day number of day 1
    int month = 0;
    int year = 0;  // lunar year the month belongs to
    bool leap = false;
  };
  std::array<Month, 13> months{};
  int count = 0;         // 12 or 13
  std::int64_t end = 0;  // start of month 11 of the next year
};

struct LunarCalendar::Slot {
  std::once_flag once;
  Segment segment;
};

LunarCalendar::LunarCalendar(double time_zone)
    : time_zone_(time_zone), slots_(std::make_unique<Slot[]>(kSegmentCount)) {}

LunarCalendar::~LunarCalendar() = default;

const LunarCalendar& LunarCalendar::Vietnam() {
  static const auto* calendar = new LunarCalendar(kVietnamTimeZone);  // never destroyed
  return *calendar;
}

const LunarCalendar::Segment* LunarCalendar::SegmentOf(int year) const {
  if (year < kFirstSegment || year > kLastSegment) {
    return nullptr;
  }
  Slot& slot = slots_[year - kFirstSegment];
  std::call_once(slot.once, [&] {
    namespace alg = lunar_algorithm;
    Segment& s = slot.segment;
    const std::int64_t a11 = alg::LunarMonth11(year, time_zone_);
    s.end = alg::LunarMonth11(year + 1, time_zone_);
    const bool leap_year = s.end - a11 > 365;
    const int leap_diff = leap_year ? alg::LeapMonthOffset(a11, time_zone_) : -1;
    s.count = leap_year ? 13 : 12;
    // The same k as the reference's LeapMonthOffset: the new moon that starts month 11.
    const auto k = static_cast<std::int64_t>(
        std::floor((static_cast<double>(a11) - 2415021.076998695) / 29.530588853 + 0.5));
    for (int diff = 0; diff < s.count; ++diff) {
      auto& m = s.months[static_cast<std::size_t>(diff)];
      m.start = diff == 0 ? a11 : alg::NewMoonDay(k + diff, time_zone_);
      m.month = diff + 11;
      if (leap_year && diff >= leap_diff) {
        m.month = diff + 10;
        m.leap = diff == leap_diff;
      }
      if (m.month > 12) {
        m.month -= 12;
      }
      m.year = (m.month >= 11 && diff < 4) ? year : year + 1;
    }
  });
  return &slot.segment;
}

Result<LunarDate> LunarCalendar::ToLunar(const Date& solar) const {
  // Untrusted input: a real Gregorian date inside the supported range.
  if (solar.year < kMinYear || solar.year > kMaxYear || solar.month < 1 || solar.month > 12 ||
      solar.day < 1 || solar.day > 31 || FromJulianDay(ToJulianDay(solar)) != solar) {
    return Error::InvalidField(
        "date", "range", "Ngày dương lịch phải là ngày có thật từ 01/01/1900 đến 31/12/2100.");
  }
  const std::int64_t jd = ToJulianDay(solar);
  const Segment* s = SegmentOf(solar.year);
  if (jd < s->months[0].start) {
    s = SegmentOf(solar.year - 1);
  }
  int i = s->count - 1;
  while (i > 0 && s->months[static_cast<std::size_t>(i)].start > jd) {
    --i;
  }
  const auto& m = s->months[static_cast<std::size_t>(i)];
  return LunarDate{static_cast<int>(jd - m.start + 1), m.month, m.year, m.leap};
}

Result<Date> LunarCalendar::ToSolar(const LunarDate& lunar) const {
  // Untrusted input: every part is checked before it is used.
  if (lunar.month < 1 || lunar.month > 12 || lunar.day < 1 || lunar.day > 30) {
    return Error::InvalidField("date", "format",
                               "Ngày âm lịch phải có ngày từ 1 đến 30 và tháng từ 1 đến 12.");
  }
  if (lunar.year < kFirstSegment || lunar.year > kLastSegment) {
    return Error::InvalidField("date", "range", "Năm âm lịch phải trong khoảng từ 1900 đến 2100.");
  }
  // Months 11 and 12 (and a leap 11 or 12) live in the segment of their own year, the others in
  // the previous year's segment.
  for (int seg_year : {lunar.year - 1, lunar.year}) {
    const Segment* s = SegmentOf(seg_year);
    if (s == nullptr) {
      continue;
    }
    for (int i = 0; i < s->count; ++i) {
      const auto& m = s->months[static_cast<std::size_t>(i)];
      if (m.year != lunar.year || m.month != lunar.month || m.leap != lunar.leap) {
        continue;
      }
      const std::int64_t next =
          i + 1 < s->count ? s->months[static_cast<std::size_t>(i + 1)].start : s->end;
      if (lunar.day > next - m.start) {
        return Error::InvalidField("date", "range",
                                   "Tháng " + std::to_string(lunar.month) +
                                       (lunar.leap ? " nhuận" : "") + " năm " +
                                       std::to_string(lunar.year) + " âm lịch chỉ có " +
                                       std::to_string(next - m.start) + " ngày.");
      }
      Date d = FromJulianDay(m.start + lunar.day - 1);
      if (d.year < kMinYear || d.year > kMaxYear) {
        break;
      }
      return d;
    }
  }
  if (lunar.leap) {
    // The reference routine silently ignores a wrong leap flag; we reject it (lich-lam-viec.md §3).
    int leap = LeapMonth(lunar.year);
    return Error::InvalidField(
        "leap", "not-leap",
        "Năm " + std::to_string(lunar.year) + " âm lịch không có tháng " +
            std::to_string(lunar.month) + " nhuận" +
            (leap > 0 ? " (tháng nhuận là tháng " + std::to_string(leap) + ")."
                      : " (năm này không có tháng nhuận)."));
  }
  return Error::InvalidField("date", "range", "Ngày âm lịch nằm ngoài khoảng hỗ trợ (1900–2100).");
}

int LunarCalendar::LeapMonth(int year) const {
  for (int seg_year : {year - 1, year}) {
    const Segment* s = SegmentOf(seg_year);
    if (s == nullptr) {
      continue;
    }
    for (int i = 0; i < s->count; ++i) {
      const auto& m = s->months[static_cast<std::size_t>(i)];
      if (m.leap && m.year == year) {
        return m.month;
      }
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------

std::string FormatLunarDate(const LunarDate& d) {
  return std::to_string(d.day) + "/" + std::to_string(d.month) + "/" + std::to_string(d.year) +
         (d.leap ? " (nhuận)" : "");
}

Result<LunarDate> ParseLunarDate(std::string_view text, bool leap) {
  // Untrusted input: digits and slashes only, bounded lengths.
  auto bad = [] {
    return Error::InvalidField("date", "format",
                               "Ngày âm lịch phải có dạng N/T/NNNN, ví dụ 15/8/2025.");
  };
  int parts[3] = {0, 0, 0};
  const std::size_t max_len[3] = {2, 2, 4};
  std::size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    std::size_t end = i < 2 ? text.find('/', pos) : text.size();
    if (end == std::string_view::npos) {
      return bad();
    }
    std::string_view part = text.substr(pos, end - pos);
    if (part.empty() || part.size() > max_len[i] || (i == 2 && part.size() != 4)) {
      return bad();
    }
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), parts[i]);
    if (ec != std::errc() || ptr != part.data() + part.size()) {
      return bad();
    }
    pos = end + 1;
  }
  return LunarDate{parts[0], parts[1], parts[2], leap};
}

}  // namespace cqdt
