// Private: text helpers shared by the IMAP client's files (imap.cpp, imap_protocol.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cqdt::mail::internal {

// ASCII letters upper-cased, other bytes as they are.
std::string Upper(std::string_view s);
// The lines of a response, without their CR LF / LF.
std::vector<std::string_view> Lines(std::string_view text);

}  // namespace cqdt::mail::internal
