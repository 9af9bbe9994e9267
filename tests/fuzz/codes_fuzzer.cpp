// libFuzzer target for the code parsers (issue 16 item 5): dossier codes (QCVN 102 receipts),
// agency codes (both layouts), document numbers ("số/ký hiệu") and edXML DocumentIds reach cqdt
// from URLs, forms, imports and other systems' packages. Each input goes to every parser. Beyond
// AddressSanitizer and UBSan, a parsed value must print as text that parses back to the same text
// (the canonical form is a fixed point), and an error must name its field.
// Built by tests/fuzz/CMakeLists.txt, run by tests/fuzz/run-all.sh; see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/agency_code.hpp"
#include "core/document_number.hpp"
#include "core/dossier_code.hpp"
#include "core/edxml_document_id.hpp"

namespace {

[[noreturn]] void Violated(const char* parser, const std::string& what) {
  std::fprintf(stderr, "codes_fuzzer: invariant violated (%s): %s\n", parser, what.c_str());
  std::abort();
}

template <typename T>
void CheckError(const char* parser, const cqdt::Result<T>& r) {
  if (!r && r.error().message().empty() && r.error().fields().empty()) {
    Violated(parser, "an error without a message or field");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  auto dossier = cqdt::ParseDossierCode(text);
  CheckError("dossier", dossier);
  if (dossier) {
    const std::string printed = dossier->Text();
    auto again = cqdt::ParseDossierCode(printed);
    if (!again || again->Text() != printed) {
      Violated("dossier", "'" + printed + "' does not parse back to itself");
    }
  }

  auto agency = cqdt::ParseAgencyCode(text);
  CheckError("agency", agency);
  if (agency) {
    auto again = cqdt::ParseAgencyCode(agency->text);
    if (!again || again->text != agency->text || again->levels != agency->levels) {
      Violated("agency", "'" + agency->text + "' does not parse back to itself");
    }
    if (agency->Depth() > 1) {
      // Shallower, not necessarily one level up: a zero group above a set one counts as a level
      // (010.00.00.H01 has depth 4) while the parent zeroes the lowest set group (edxml.md §9.1).
      // Read in the child's layout: the QĐ 20/2020 parent of G22.01.01.B01.01 is G22.01.01.B01,
      // which also has the QCVN 102 shape and reads as that when no layout is given (README).
      auto parent = cqdt::ParseAgencyCode(agency->ParentText(), "code", agency->layout);
      if (!parent || parent->layout != agency->layout || parent->Depth() >= agency->Depth()) {
        Violated("agency", "the parent of '" + agency->text + "' is not above it");
      }
    }
  }

  auto number = cqdt::ParseDocumentNumber(text);
  CheckError("document number", number);
  if (number) {
    const std::string printed = number->Text();
    auto again = cqdt::ParseDocumentNumber(printed);
    if (!again || again->Text() != printed) {
      Violated("document number", "'" + printed + "' does not parse back to itself");
    }
    (void)number->Display();
    (void)number->Type();
  }

  auto id = cqdt::ParseEdxmlDocumentId(text);
  CheckError("edxml id", id);
  if (id) {
    const std::string printed = id->Text();
    auto again = cqdt::ParseEdxmlDocumentId(printed);
    if (!again || again->Text() != printed) {
      Violated("edxml id", "'" + printed + "' does not parse back to itself");
    }
  }
  return 0;
}
