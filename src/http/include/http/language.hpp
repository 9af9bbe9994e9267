// The language a client reads: Vietnamese unless its Accept-Language (RFC 9110 §12.5.4) prefers
// English. Used to translate the messages an answer carries (core/message_catalog.hpp).
#pragma once

#include <string_view>

#include "core/message_catalog.hpp"
#include "http/message.hpp"

namespace cqdt::http {

// The supported language the header ranks highest: "en", "en-US" -> English; "vi", "vi-VN", "*"
// or nothing we support -> Vietnamese. A range with q=0 is refused; on a tie the first listed
// wins. Untrusted input: malformed parts are skipped, never an error.
Language PreferredLanguage(std::string_view accept_language);

// PreferredLanguage of the request's Accept-Language header (Vietnamese when absent).
Language LanguageOf(const Request& request);

// The message in the request's language (MessageCatalog::Default()).
std::string Localized(std::string_view message, const Request& request);

}  // namespace cqdt::http
