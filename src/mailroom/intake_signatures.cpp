#include "mailroom/intake_signatures.hpp"

#include "signing/verify_file.hpp"

namespace cqdt::mailroom {

std::optional<SignatureSummary> SigningSignatureCheck::Check(const std::string& name,
                                                             const std::string& bytes) {
  auto kind = signing::DetectKind(bytes);
  if (!kind) {
    return std::nullopt;
  }
  // Cheap looks first: most PDFs and XML files are not signed, and verifying means parsing.
  if (*kind == signing::FileKind::kPdf && bytes.find("/ByteRange") == std::string::npos) {
    return std::nullopt;
  }
  if (*kind == signing::FileKind::kXml && bytes.find("Signature") == std::string::npos) {
    return std::nullopt;
  }
  auto report = signing::VerifyFile(db_, trust_, verifier_,
                                    {.bytes = bytes,
                                     .file_name = name,
                                     .detached_content = std::nullopt,
                                     .detached_sha256 = std::nullopt,
                                     .extra_anchors = {},
                                     .fetcher = fetcher_});
  if (!report) {
    if (report.error().code() == ErrorCode::kInvalidArgument ||
        report.error().code() == ErrorCode::kUnsupported) {
      return std::nullopt;  // a detached signature without its content; not a signed file
    }
    SignatureSummary s;
    s.detail = "Không kiểm tra được chữ ký số của tệp: " + report.error().message();
    return s;
  }
  if (report->signatures.empty()) {
    return std::nullopt;
  }
  SignatureSummary s;
  s.indication = std::string(signing::ToString(report->indication));
  s.detail = report->conclusion;
  s.signatures = static_cast<int>(report->signatures.size());
  if (const auto& signer = report->signatures.front().signer) {
    s.signer = signer->common_name.empty() ? signer->subject : signer->common_name;
  }
  return s;
}

}  // namespace cqdt::mailroom
