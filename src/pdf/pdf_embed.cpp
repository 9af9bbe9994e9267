// EmbedCms: the completion half of two-step PDF signing (the signature value came from a token
// the server never held; see signing/external_signing.hpp).
#include <algorithm>
#include <string>
#include <string_view>

#include "pdf/pdf.hpp"

namespace cqdt::pdf {

Result<std::string> EmbedCms(std::string_view pdf, std::string_view cms) {
  CQDT_ASSIGN_OR_RETURN(std::vector<PdfSignatureInfo> signatures, ReadSignatures(pdf));
  // The prepared signature is the newest one, and nothing follows its revision.
  if (signatures.empty() || !signatures.back().byte_range_valid ||
      !signatures.back().covers_whole_document) {
    return Error::Malformed("Tệp PDF chuẩn bị ký không hợp lệ.");
  }
  const PdfSignatureInfo& sig = signatures.back();
  const auto gap_start = static_cast<std::size_t>(sig.byte_range[1]);  // at '<'
  const auto gap_end = static_cast<std::size_t>(sig.byte_range[2]);    // after '>'
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
