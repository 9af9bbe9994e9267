// libFuzzer target for the edXML package reader (issue 14 item 1): exchange::Inspect reads packages
// from other systems, so every byte of its input is untrusted. Each input is inspected twice: with
// SignaturePolicy::kRequire and no verifier (the reading alone), and with kWarn and a Verifier
// under a small CPU budget and an empty trust context (offline, no anchors). Beyond what
// AddressSanitizer and UBSan catch, a violated invariant of the Inspection aborts, so libFuzzer
// records the input as a crash:
//   - accepted exactly when there is no refusal; a refusal has a message and a reason code;
//   - sha256 is 64 lowercase hex digits, size is the input's size;
//   - an accepted document's attachments all have a name;
//   - the verifier only adds refusals: the first refusal is the same in both runs, and the second
//     run accepts only what the first accepted;
//   - an accepted package, rebuilt by the strict builder (BuildDocumentPackage /
//     BuildStatusPackage), is accepted again, with the same kind, subject DocumentId and
//     attachments (names and bytes). The builder may refuse what the lenient reader accepted (an
//     empty STATUS Timestamp, a reserved status code): only a successful build must re-read.
// Built and run by tests/fuzz/run-edxml.sh (clang, outside CI); see tests/fuzz/README.md.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "exchange/build.hpp"
#include "exchange/inspect.hpp"
#include "signing/verification.hpp"

namespace {

using cqdt::exchange::Inspection;
using cqdt::exchange::PackageKind;

[[noreturn]] void Violated(const char* pass, const std::string& what, const Inspection& i) {
  std::fprintf(stderr, "edxml_fuzzer: invariant violated (%s): %s\n", pass, what.c_str());
  std::fprintf(stderr, "  accepted=%d kind=%s refusal=%s field=%s message=%s\n", i.accepted ? 1 : 0,
               cqdt::exchange::PackageKindName(i.kind),
               i.refusal ? cqdt::exchange::RefusalReasonCode(i.refusal->reason) : "-",
               i.refusal ? i.refusal->field.c_str() : "-",
               i.refusal ? i.refusal->message.c_str() : "-");
  std::abort();
}

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

void CheckInspection(const char* pass, const Inspection& i, std::size_t size) {
  if (i.accepted == i.refusal.has_value()) {
    Violated(pass, "accepted must hold exactly when there is no refusal", i);
  }
  if (i.refusal) {
    if (i.refusal->message.empty()) {
      Violated(pass, "a refusal without a message", i);
    }
    const char* code = cqdt::exchange::RefusalReasonCode(i.refusal->reason);
    if (code == nullptr || *code == '\0') {
      Violated(pass, "a refusal without a reason code", i);
    }
  }
  if (i.sha256.size() != 64 || !IsLowerHex(i.sha256)) {
    Violated(pass, "sha256 is not 64 hex digits: '" + i.sha256 + "'", i);
  }
  if (i.size != size) {
    Violated(pass, "size differs from the input's", i);
  }
  if (i.accepted && i.kind == PackageKind::kDocument) {
    for (const auto& a : i.document.attachments) {
      if (a.name.empty()) {
        Violated(pass, "an accepted attachment without a name", i);
      }
    }
  }
}

// The strict builder's output for what the reader accepted must read back as the same package.
void CheckRebuild(const Inspection& first, const cqdt::exchange::InspectOptions& options) {
  auto rebuilt = first.kind == PackageKind::kStatus
                     ? cqdt::exchange::BuildStatusPackage(first.status)
                     : cqdt::exchange::BuildDocumentPackage(first.document);
  if (!rebuilt) {
    return;  // the strict builder may refuse what the lenient reader accepted
  }
  const Inspection again = cqdt::exchange::Inspect(*rebuilt, options);
  CheckInspection("rebuilt", again, rebuilt->size());
  if (!again.accepted) {
    Violated("rebuilt", "the builder's output of an accepted package is refused", again);
  }
  if (again.kind != first.kind) {
    Violated("rebuilt", "the kind changed", again);
  }
  if (again.SubjectDocumentId() != first.SubjectDocumentId()) {
    Violated("rebuilt",
             "the DocumentId changed: '" + first.SubjectDocumentId() + "' -> '" +
                 again.SubjectDocumentId() + "'",
             again);
  }
  if (first.kind == PackageKind::kDocument) {
    const auto& before = first.document.attachments;
    const auto& after = again.document.attachments;
    if (before.size() != after.size()) {
      Violated("rebuilt",
               "the attachment count changed: " + std::to_string(before.size()) + " -> " +
                   std::to_string(after.size()),
               again);
    }
    for (std::size_t k = 0; k < before.size(); ++k) {
      if (before[k].name != after[k].name) {
        Violated("rebuilt",
                 "attachment name changed: '" + before[k].name + "' -> '" + after[k].name + "'",
                 again);
      }
      if (before[k].bytes != after[k].bytes) {
        Violated("rebuilt", "the bytes of attachment '" + before[k].name + "' changed", again);
      }
    }
  }
}

}  // namespace

namespace cqdt::signing {

// Stand-in for the one function verification.cpp takes from verification_report.cpp (a PDF
// warning's "1,5 KB"), whose other functions need the database, the org module and the key ring.
// Inspect hands the verifier only packages that parsed as XML, so the text never matters here.
std::string HumanSize(std::int64_t bytes) { return std::to_string(bytes) + " byte"; }

}  // namespace cqdt::signing

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cqdt::FakeClock clock(cqdt::FromUnixSeconds(1795745700));
  // As in verify_fuzzer.cpp: a budget well under the run's -timeout, so work that escapes it shows.
  static const cqdt::signing::Verifier verifier(clock,
                                                {.cpu_budget = std::chrono::milliseconds(500)});
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  cqdt::exchange::InspectOptions reading;  // kRequire, no verifier: the signature is not checked
  const Inspection first = cqdt::exchange::Inspect(bytes, reading);
  CheckInspection("require, no verifier", first, size);

  cqdt::exchange::InspectOptions checking;
  checking.signature = cqdt::exchange::SignaturePolicy::kWarn;
  checking.verifier = &verifier;  // checking.trust: no anchors, no fetcher
  const Inspection second = cqdt::exchange::Inspect(bytes, checking);
  CheckInspection("warn, verifier", second, size);

  // The signature is checked after everything else and Inspect keeps the first refusal, so the
  // verifier can add a refusal but never change or lift one.
  if (first.refusal && (!second.refusal || second.refusal->reason != first.refusal->reason ||
                        second.refusal->field != first.refusal->field)) {
    Violated("warn, verifier", "the verifier changed or lifted the reading's refusal", second);
  }
  if (first.accepted) {
    CheckRebuild(first, reading);
  }
  return 0;
}
