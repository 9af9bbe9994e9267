#include "core/dossier_code.hpp"

#include <cstdio>

#include "code_tables.hpp"
#include "core/agency_code.hpp"

namespace cqdt {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return !s.empty();
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) {
    v = v * 10 + (c - '0');
  }
  return v;
}

Error Invalid(const std::string& field, const char* code, const std::string& message) {
  return Error::InvalidField(field, code, message);
}

}  // namespace

std::string DossierCode::Text() const {
  char tail[32];
  std::snprintf(tail, sizeof tail, "-%02d%02d%02d-%04d", received.year % 100, received.month,
                received.day, sequence);
  return agency_code + tail;
}

Result<DossierCode> MakeDossierCode(std::string_view agency_code, const Date& received,
                                    int sequence, const std::string& field) {
  // NĐ 61/2018 art. 26: the agency part is the mã định danh in the QCVN 102:2016 layout.
  auto agency = ParseAgencyCode(agency_code, field);
  if (!agency || agency->layout != AgencyCodeLayout::kQcvn102) {
    return Invalid(field, "agency",
                   "Mã hồ sơ phải bắt đầu bằng mã định danh của cơ quan tiếp nhận theo QCVN "
                   "102:2016 (DDD.CC.BB.AXX, ví dụ 000.00.04.H40).");
  }
  // TT 01/2018 art. 19: two-digit year, so the code can only name years 2000-2099.
  if (received.year < 2000 || received.year > 2099 || !ParseIsoDate(FormatIsoDate(received))) {
    return Invalid(field, "date",
                   "Ngày tiếp nhận trong mã hồ sơ không hợp lệ (YYMMDD, năm 2000-2099).");
  }
  // Four digits, counted from 0001 each day.
  if (sequence < 1 || sequence > kMaxDossierSequence) {
    return Invalid(field, "sequence", "Số thứ tự hồ sơ trong ngày phải từ 0001 đến 9999.");
  }
  return DossierCode{std::string(agency_code), received, sequence};
}

Result<DossierCode> ParseDossierCode(std::string_view text, const std::string& field) {
  // Untrusted input: fixed length 13 + 1 + 6 + 1 + 4 before anything else.
  constexpr std::size_t kAgencyLen = 13;
  if (text.size() != kAgencyLen + 12 || text[kAgencyLen] != '-' || text[kAgencyLen + 7] != '-' ||
      !AllDigits(text.substr(kAgencyLen + 1, 6)) || !AllDigits(text.substr(kAgencyLen + 8, 4))) {
    return Invalid(field, "format",
                   "Mã hồ sơ " + internal::QuoteForMessage(text) +
                       "không đúng định dạng <mã cơ quan>-<YYMMDD>-<NNNN>, ví dụ "
                       "000.00.04.H40-230414-0002.");
  }
  std::string_view date = text.substr(kAgencyLen + 1, 6);
  Date received{2000 + ToInt(date.substr(0, 2)), ToInt(date.substr(2, 2)),
                ToInt(date.substr(4, 2))};
  return MakeDossierCode(text.substr(0, kAgencyLen), received, ToInt(text.substr(kAgencyLen + 8)),
                         field);
}

}  // namespace cqdt
