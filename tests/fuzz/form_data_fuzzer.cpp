// libFuzzer target for multipart/form-data request bodies (issue 16 item 5): http::ParseFormData
// reads the uploads of the document, dossier and portal routes, whose bodies come from anyone who
// can post a form. The input is the Content-Type header, a newline, then the body; both go through
// FormDataBoundary and ParseFormData with the default limits, as the routes call them. Beyond
// AddressSanitizer and UBSan, a parse that succeeds must respect the limits, give every part a
// name, and point every part's body inside the request body.
// Built by tests/fuzz/CMakeLists.txt, run by tests/fuzz/run-all.sh; see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "http/form_data.hpp"

namespace {

[[noreturn]] void Violated(const char* what) {
  std::fprintf(stderr, "form_data_fuzzer: invariant violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view content_type = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  (void)cqdt::http::FormDataBoundary(content_type);
  const cqdt::http::FormDataLimits limits;
  auto parts = cqdt::http::ParseFormData(content_type, body, limits);
  if (!parts) {
    if (parts.error().message().empty()) {
      Violated("an error without a message");
    }
    return 0;
  }
  if (parts->size() > limits.max_parts) {
    Violated("more parts than max_parts");
  }
  for (const auto& part : *parts) {
    if (part.name.empty()) {
      Violated("a part without a name");
    }
    if (part.content_type.empty()) {
      Violated("a part without a content type");
    }
    if (!part.body.empty() && (part.body.data() < body.data() ||
                               part.body.data() + part.body.size() > body.data() + body.size())) {
      Violated("a part's body outside the request body");
    }
  }
  return 0;
}
