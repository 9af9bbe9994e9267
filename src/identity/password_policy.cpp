#include "identity/password_policy.hpp"

#include <zxcvbn.h>

#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "text/normalize.hpp"

namespace cqdt::identity {
namespace {

// zxcvbn's estimate, in bits (log2 of the guesses an attacker trying the likeliest passwords
// first would need). 10^8 guesses (26.6 bits) is zxcvbn's score 3, "safely unguessable:
// moderate protection from offline slow-hash scenario"; with argon2id and the login throttle
// that is far beyond an online attack.
constexpr double kMinGuessBits = 26.6;

// Words Vietnamese speakers put in passwords that zxcvbn's English dictionaries do not know,
// written without tones as they are typed in passwords (the check also folds the password).
// Written for cqdt from common knowledge of Vietnamese; not taken from any breach corpus.
// Words shorter than three letters are left out: they would match inside any random string.
constexpr const char* kVietnameseWords[] = {
    // "password", "account", love and family
    "matkhau", "matma", "baomat", "bimat", "taikhoan", "dangnhap", "quantri", "quantrivien",
    "nguoidung", "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "anhyeu", "emyeu", "iuem", "iuanh",
    "yeunhau", "tinhyeu", "nguoiyeu", "voyeu", "chongyeu", "hanhphuc", "giadinh", "thanhcong",
    "maimai", "muonnam", "chucmung", "xinchao", "camon", "hoilamgi", "khongbiet", "khongco",
    "conmeo", "concho", "meomeo", "buonqua", "vuive", "dethuong", "heocon", "banhmi", "caphe",
    "motnamhai", "dungquen",
    // places
    "vietnam", "hanoi", "saigon", "hochiminh", "tphcm", "danang", "haiphong", "cantho", "nhatrang",
    "dalat", "vungtau", "angiang", "kiengiang", "rachgia", "phuquoc", "longxuyen", "chaudoc",
    "hatien", "camau", "baclieu", "soctrang", "dongthap", "vinhlong", "bentre", "tiengiang",
    "longan", "quangninh", "thanhhoa", "nghean",
    // public service
    "congdan", "canbo", "congchuc", "vienchuc", "chinhquyen", "dientu", "chinhphu", "dichvucong",
    "motcua", "cqdt", "ubnd", "sonoivu", "tuphap",
    // family names
    "nguyen", "tran", "pham", "hoang", "huynh", "phan", "dang", "duong", "truong", "trinh", "dinh",
    "doan", "luong", "cao", "lam", "ngo", "bui", "vuong",
    // given names
    "anh", "minh", "linh", "huong", "hoa", "lan", "mai", "hung", "dung", "tuan", "nam", "long",
    "thanh", "trang", "ngoc", "phuong", "thao", "hanh", "huy", "quang", "duc", "khanh", "hai",
    "son", "tam", "thu", "hien", "yen", "nhung", "hang", "hoai", "nhi", "trung", "hieu", "thang",
    "cuong", "dat", "kien", "phong", "vinh", "binh", "tien", "loc", "phat", "tai", "quan", "thuy",
    "van", "bao", "khoa", "thinh", "nhat", "giang", "nga", "oanh", "diep", "tuyet", "xuan",
    "thuong", "nhan", "khang"};

// Bits of guesswork for `password` with `username` as one more bad word. zxcvbn-c keeps no
// mutable global state (its dictionaries are constant data), so concurrent calls are safe.
double GuessBits(const std::string& password, const std::string& username) {
  std::vector<const char*> words;
  words.reserve(std::size(kVietnameseWords) + 2);
  words.insert(words.end(), std::begin(kVietnameseWords), std::end(kVietnameseWords));
  const std::string user = AsciiLower(username);
  if (user.size() >= 3) {
    words.push_back(user.c_str());
  }
  words.push_back(nullptr);
  return ZxcvbnMatch(password.c_str(), words.data(), nullptr);
}

// The password as a dictionary sees it: without tones, vowel marks, case and spaces, so that
// "Mật khẩu 123456" is judged as "matkhau123456".
std::string Folded(const std::string& nfc) {
  auto folded = text::FoldForSearch(nfc);
  if (!folded) {
    return nfc;
  }
  std::string out;
  for (char c : *folded) {
    if (c != ' ' && c != '\t') {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string NormalizePassword(const std::string& password) {
  auto nfc = text::NormalizeNfc(password);
  return nfc ? *nfc : password;
}

std::vector<FieldError> CheckPasswordPolicy(const std::string& password,
                                            const std::string& username, const std::string& field,
                                            Realm realm) {
  // Untrusted input: well-formed UTF-8 without control characters before anything reads it.
  if (!IsValidUtf8(password) || HasControlChars(password)) {
    return {{field, "format", "Mật khẩu chứa ký tự không hợp lệ."}};
  }
  const std::string nfc = NormalizePassword(password);
  const auto length = CodePointCount(nfc);
  if (length < static_cast<std::size_t>(kPasswordMinLength)) {
    return {{field, "too_short",
             "Mật khẩu phải có ít nhất " + std::to_string(kPasswordMinLength) + " ký tự."}};
  }
  if (length > static_cast<std::size_t>(kPasswordMaxLength)) {
    return {{field, "too_long",
             "Mật khẩu không được dài quá " + std::to_string(kPasswordMaxLength) + " ký tự."}};
  }
  if (!username.empty() && Folded(nfc).find(Folded(username)) != std::string::npos) {
    return {{field, "contains_username",
             realm == Realm::kCitizen ? "Mật khẩu không được chứa số định danh cá nhân."
                                      : "Mật khẩu không được chứa tên đăng nhập."}};
  }
  const double bits = std::min(GuessBits(nfc, username), GuessBits(Folded(nfc), username));
  if (bits < kMinGuessBits) {
    return {{field, "common",
             "Mật khẩu quá phổ biến hoặc dễ đoán. Hãy dùng một cụm vài từ không liền nghĩa, "
             "ví dụ 'mây trắng bay qua cầu tre'."}};
  }
  return {};
}

}  // namespace cqdt::identity
