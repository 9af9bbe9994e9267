// multipart/form-data request bodies (RFC 7578 over RFC 2046 §5.1): a form's fields and files
// in one request, as a browser's FormData or `curl -F` sends them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt::http {

// One part of a form. `body` points into the body given to ParseFormData.
struct FormPart {
  std::string name;          // the field name (Content-Disposition: form-data; name="…")
  std::string file_name;     // its filename parameter; empty for a plain field
  std::string content_type;  // the part's Content-Type, lower case; "text/plain" when absent
  std::string_view body;
};

struct FormDataLimits {
  std::size_t max_parts = 64;
  std::size_t max_header_bytes = 8 * 1024;  // one part's header block
};

// The boundary of a "multipart/form-data; boundary=…" Content-Type, or kUnsupported for any other
// type (Vietnamese message).
Result<std::string> FormDataBoundary(std::string_view content_type);

// The parts of `body`, in order. Strict where it matters for safety and lenient where real
// clients differ: the preamble and epilogue are ignored, header names are case-insensitive, a
// quoted name may hold "\"" escapes and a filename* (RFC 8187, UTF-8) wins over filename. A body
// without its closing delimiter, a part without a form-data name, too many parts or too long
// headers is kMalformed or kTooLarge, with a Vietnamese message.
Result<std::vector<FormPart>> ParseFormData(std::string_view content_type, std::string_view body,
                                            const FormDataLimits& limits = {});

}  // namespace cqdt::http
