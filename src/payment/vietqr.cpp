#include "payment/vietqr.hpp"

#include <png.h>
#include <qrencode.h>

#include <cstddef>
#include <cstdio>
#include <memory>

namespace cqdt::payment {

namespace {

constexpr std::int64_t kMaxAmount = 9'999'999'999'999;  // 13 digits, the EMVCo field's length
constexpr std::size_t kMaxPurpose = 25;

std::string Tlv(std::string_view id, std::string_view value) {
  char length[3];
  std::snprintf(length, sizeof length, "%02zu", value.size());
  return std::string(id) + length + std::string(value);
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return !s.empty();
}

bool IsTemplate(std::string_view id) {
  const int n = (id[0] - '0') * 10 + (id[1] - '0');
  return (n >= 26 && n <= 51) || n == 62;
}

// `parent`: the template these objects are in ("" at the top). Templates open at the top, and
// the beneficiary (01) inside the merchant account (38).
Result<std::vector<TlvField>> ParseObjects(std::string_view s, std::string_view parent) {
  std::vector<TlvField> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s.size() - i < 4 || !AllDigits(s.substr(i, 4))) {
      return Error::Malformed("Mã VietQR sai cấu trúc tại vị trí " + std::to_string(i) + ".");
    }
    const std::size_t length = static_cast<std::size_t>(std::stoi(std::string(s.substr(i + 2, 2))));
    if (s.size() - i - 4 < length) {
      return Error::Malformed("Mã VietQR sai cấu trúc tại vị trí " + std::to_string(i) + ".");
    }
    TlvField f{std::string(s.substr(i, 2)), std::string(s.substr(i + 4, length)), {}};
    if ((parent.empty() && IsTemplate(f.id)) || (parent == "38" && f.id == "01")) {
      CQDT_ASSIGN_OR_RETURN(f.children, ParseObjects(f.value, f.id));
    }
    out.push_back(std::move(f));
    i += 4 + length;
  }
  return out;
}

}  // namespace

std::uint16_t Crc16CcittFalse(std::string_view data) {
  std::uint16_t crc = 0xFFFF;
  for (unsigned char byte : data) {
    crc ^= static_cast<std::uint16_t>(byte) << 8;
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) != 0 ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021)
                                : static_cast<std::uint16_t>(crc << 1);
    }
  }
  return crc;
}

Result<std::string> BuildVietQr(const VietQrInput& in) {
  std::vector<FieldError> errors;
  if (in.bin.size() != 6 || !AllDigits(in.bin)) {
    errors.push_back({"bin", "format", "Mã ngân hàng (BIN của NAPAS) phải gồm đúng 6 chữ số."});
  }
  bool account_ok = !in.account.empty() && in.account.size() <= 19;
  for (char c : in.account) {
    account_ok =
        account_ok && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
  }
  if (!account_ok) {
    errors.push_back({"account", "format",
                      "Số tài khoản nhận phải gồm 1 đến 19 chữ số hoặc chữ cái không dấu."});
  }
  if (in.amount < 0 || in.amount > kMaxAmount) {
    errors.push_back({"amount", "range", "Số tiền phải từ 0 đến 9.999.999.999.999 đồng."});
  }
  bool purpose_ok = in.purpose.size() <= kMaxPurpose;
  for (char c : in.purpose) {
    purpose_ok = purpose_ok && c >= 0x20 && c <= 0x7E;
  }
  if (!purpose_ok) {
    errors.push_back({"purpose", "format", "Nội dung chuyển khoản có tối đa 25 ký tự không dấu."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  std::string p = Tlv("00", "01") + Tlv("01", in.amount > 0 ? "12" : "11");
  p += Tlv("38", Tlv("00", "A000000727") + Tlv("01", Tlv("00", in.bin) + Tlv("01", in.account)) +
                     Tlv("02", in.to_card ? "QRIBFTTC" : "QRIBFTTA"));
  p += Tlv("53", "704");
  if (in.amount > 0) {
    p += Tlv("54", std::to_string(in.amount));
  }
  p += Tlv("58", "VN");
  if (!in.purpose.empty()) {
    p += Tlv("62", Tlv("08", in.purpose));
  }
  p += "6304";
  char crc[5];
  std::snprintf(crc, sizeof crc, "%04X", Crc16CcittFalse(p));
  return p + crc;
}

Result<std::vector<TlvField>> ParseVietQr(std::string_view payload) {
  if (payload.size() < 8 || payload.substr(payload.size() - 8, 4) != "6304") {
    return Error::Malformed("Mã VietQR không kết thúc bằng mã kiểm tra CRC (6304).");
  }
  char crc[5];
  std::snprintf(crc, sizeof crc, "%04X", Crc16CcittFalse(payload.substr(0, payload.size() - 4)));
  if (payload.substr(payload.size() - 4) != crc) {
    return Error::Malformed("Mã kiểm tra CRC của mã VietQR không khớp.");
  }
  return ParseObjects(payload, "");
}

Result<std::string> QrPng(std::string_view text, int scale) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!qr) {
    return Error::InvalidField("text", "encode", "Không tạo được mã QR.");
  }
  constexpr int kQuiet = 4;
  const int modules = qr->width + 2 * kQuiet;
  const int size = modules * scale;
  std::string png;
  png_structp write = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = write ? png_create_info_struct(write) : nullptr;
  if (info == nullptr) {
    png_destroy_write_struct(&write, nullptr);
    return Error::Internal();
  }
  if (setjmp(png_jmpbuf(write))) {
    png_destroy_write_struct(&write, &info);
    return Error::Internal();
  }
  png_set_write_fn(
      write, &png,
      [](png_structp w, png_bytep data, png_size_t n) {
        static_cast<std::string*>(png_get_io_ptr(w))->append(reinterpret_cast<char*>(data), n);
      },
      nullptr);
  png_set_IHDR(write, info, static_cast<png_uint_32>(size), static_cast<png_uint_32>(size), 1,
               PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(write, info);
  // Each module row becomes one pixel row, written `scale` times.
  std::vector<png_byte> row(static_cast<std::size_t>((size + 7) / 8));
  for (int my = -kQuiet; my < qr->width + kQuiet; ++my) {
    std::fill(row.begin(), row.end(), 0xFF);  // white
    if (my >= 0 && my < qr->width) {
      const unsigned char* modules_row = qr->data + static_cast<std::ptrdiff_t>(my) * qr->width;
      for (int mx = 0; mx < qr->width; ++mx) {
        if ((modules_row[mx] & 1) == 0) {
          continue;
        }
        const int x0 = (mx + kQuiet) * scale;
        for (int x = x0; x < x0 + scale; ++x) {
          row[static_cast<std::size_t>(x / 8)] &= static_cast<png_byte>(~(0x80 >> (x % 8)));
        }
      }
    }
    for (int i = 0; i < scale; ++i) {
      png_write_row(write, row.data());
    }
  }
  png_write_end(write, nullptr);
  png_destroy_write_struct(&write, &info);
  return png;
}

}  // namespace cqdt::payment
