// EmbedCms: the completion half of two-step PDF signing (the signature value came from a token
// the server never held; see signing/external_signing.hpp).
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pdf/pdf.hpp"

namespace cqdt::pdf {

namespace {

// The integers of the newest "/ByteRange [a b c d]" (the prepared signature is the last thing
// SignPdf wrote). nullopt when there is none or it does not parse.
std::optional<std::array<std::int64_t, 4>> LastByteRange(std::string_view pdf) {
  const std::size_t at = pdf.rfind("/ByteRange");
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t p = pdf.find('[', at);
  if (p == std::string_view::npos || p > at + 16) {
    return std::nullopt;
  }
  ++p;
  std::array<std::int64_t, 4> out{};
  for (auto& v : out) {
    while (p < pdf.size() && pdf[p] == ' ') {
      ++p;
    }
    const auto [end, ec] = std::from_chars(pdf.data() + p, pdf.data() + pdf.size(), v);
    if (ec != std::errc() || v < 0) {
      return std::nullopt;
    }
    p = static_cast<std::size_t>(end - pdf.data());
  }
  return out;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

Result<std::string> EmbedCms(std::string_view pdf, std::string_view cms) {
  // The file comes from our own storage (SignPdf's output), but every offset is checked against
  // it all the same, without a full parse: the newest ByteRange must end at the end of the file
  // and its gap must be exactly one hex string, the reserved /Contents.
  const auto br = LastByteRange(pdf);
  const auto size = static_cast<std::int64_t>(pdf.size());
  if (!br || (*br)[0] != 0 || (*br)[1] <= 0 || (*br)[2] <= (*br)[1] + 2 || (*br)[2] > size ||
      (*br)[3] != size - (*br)[2]) {
    return Error::Malformed("Tệp PDF chuẩn bị ký không hợp lệ.");
  }
  const auto gap_start = static_cast<std::size_t>((*br)[1]);  // at '<'
  const auto gap_end = static_cast<std::size_t>((*br)[2]);    // after '>'
  if (pdf[gap_start] != '<' || pdf[gap_end - 1] != '>' || (gap_end - gap_start) % 2 != 0 ||
      !std::all_of(pdf.begin() + static_cast<std::ptrdiff_t>(gap_start) + 1,
                   pdf.begin() + static_cast<std::ptrdiff_t>(gap_end) - 1, IsHex)) {
    return Error::Malformed("Tệp PDF chuẩn bị ký không hợp lệ.");
  }
  const std::size_t capacity = (gap_end - gap_start - 2) / 2;
  if (cms.empty()) {
    return Error::InvalidField("signature", "required", "Chữ ký số rỗng.");
  }
  if (cms.size() > capacity) {
    return Error::TooLarge("Chữ ký số vượt quá dung lượng dành sẵn trong tệp PDF.");
  }
  std::string out(pdf);
  static constexpr char kHex[] = "0123456789ABCDEF";
  char* hex = out.data() + gap_start + 1;
  for (unsigned char c : cms) {
    *hex++ = kHex[c >> 4];
    *hex++ = kHex[c & 15];
  }
  std::fill(hex, out.data() + gap_end - 1, '0');
  return out;
}

}  // namespace cqdt::pdf
