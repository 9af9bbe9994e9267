// Request ids: the server's own random ids, and the check on an id a client sends.
#pragma once

#include <string>
#include <string_view>

namespace cqdt::http {

// 16 random bytes as 32 lower-case hex digits (OpenSSL's RAND_bytes, fetched in batches per
// thread). Throws std::runtime_error if the random generator fails.
std::string RandomHex16();

// Untrusted input: a client's X-Request-Id is logged and stored, so only [A-Za-z0-9-]{8,64}.
bool IsValidRequestId(std::string_view id);

}  // namespace cqdt::http
