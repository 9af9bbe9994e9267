// libFuzzer target for reading a PDF's signatures (issue 16 item 5): pdf::ReadSignatures lists the
// signatures of PDFs that come from anyone (received documents, dossier files, edXML
// attachments). The incoming-document routes call it without a CPU budget, trusting the pdf
// module's structural bounds, so this target does too: an input that runs past -timeout is a
// finding. For each signature it also takes SignedBytes, as verification does. Beyond
// AddressSanitizer and UBSan, at most kMaxSignatures come back, and a well-formed ByteRange must
// lie inside the file and leave a gap that SignedBytes skips.
// Built by tests/fuzz/CMakeLists.txt, run by tests/fuzz/run-all.sh; see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pdf/pdf.hpp"

namespace {

[[noreturn]] void Violated(const std::string& what) {
  std::fprintf(stderr, "pdf_signatures_fuzzer: invariant violated: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view pdf(reinterpret_cast<const char*>(data), size);
  auto signatures = cqdt::pdf::ReadSignatures(pdf);
  if (!signatures) {
    if (signatures.error().message().empty()) {
      Violated("an error without a message");
    }
    return 0;
  }
  if (signatures->size() > cqdt::pdf::kMaxSignatures) {
    Violated("more than kMaxSignatures signatures");
  }
  for (const auto& s : *signatures) {
    const std::string signed_bytes = cqdt::pdf::SignedBytes(pdf, s);
    if (!s.byte_range_valid) {
      if (!signed_bytes.empty() || !s.contents.empty()) {
        Violated("signed bytes or contents for an ill-formed ByteRange");
      }
      continue;
    }
    if (s.byte_range.size() != 4) {
      Violated("a valid ByteRange without four numbers");
    }
    const std::int64_t a = s.byte_range[0], b = s.byte_range[1], c = s.byte_range[2],
                       d = s.byte_range[3];
    if (a != 0 || b < 0 || c < b || d < 0 || c + d > static_cast<std::int64_t>(size)) {
      Violated("a valid ByteRange outside the file");
    }
    if (signed_bytes.size() != static_cast<std::size_t>(b + d)) {
      Violated("SignedBytes is not the two ranges");
    }
  }
  return 0;
}
