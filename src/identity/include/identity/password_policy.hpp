// The password policy of every account (staff and citizens), after OWASP ASVS 4.0.3 §2.1 and
// NIST SP 800-63B §5.1.1.2:
// - 12 to 128 characters, counted as Unicode code points of the NFC form (a Vietnamese letter
//   typed precomposed or decomposed counts once);
// - no composition rules (no "a digit and a letter"): spaces and long passphrases are welcome;
// - refused when easy to guess: common and breached passwords, dictionary words with digits or
//   a year, keyboard runs, repeats and sequences, as estimated by zxcvbn (Debian's libzxcvbn,
//   whose dictionaries include 10 000 of the most common breached passwords) together with a
//   list of Vietnamese words that people put in passwords ("matkhau", "anhyeuem", place and
//   personal names), checked on the password as typed and without tones and spaces;
// - not containing the username (staff) or the citizen ID number (citizens).
//
// Passwords are hashed and verified in NFC (NormalizePassword), so that the same password typed
// on keyboards that produce different Unicode forms is the same password.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "identity/principal.hpp"

namespace cqdt::identity {

inline constexpr int kPasswordMinLength = 12;   // code points, after NFC
inline constexpr int kPasswordMaxLength = 128;  // code points, after NFC

// The field errors of `password` for an account named `username` (a staff username or, for
// Realm::kCitizen, the citizen ID number; may be empty when not known yet), reported on `field`.
// Codes: "format" (not UTF-8, control characters), "too_short", "too_long", "contains_username",
// "common". Empty when the password is acceptable. At most one error is returned.
std::vector<FieldError> CheckPasswordPolicy(const std::string& password,
                                            const std::string& username,
                                            const std::string& field = "password",
                                            Realm realm = Realm::kStaff);

// The form in which a password is hashed and compared: NFC. Input that is not UTF-8 comes back
// unchanged (it can only match a hash of the same bytes).
std::string NormalizePassword(const std::string& password);

}  // namespace cqdt::identity
