// `cqdt exchange inspect FILE.edxml [--json]` (issue 14, item 5): parses and validates one edXML
// package offline — no database, no network — and prints its header, its attachments with their
// sizes and SHA-256 digests, and its signature verdict, or the reason it is refused. Exit 0 when
// accepted, 1 when refused, 2 on usage errors.
//
// The signature is checked against the anchors cqdt ships (signing/bundled_trust.hpp) and those
// given with --trust, offline: revocation only from the CRLs given with --crl (without them a
// certificate's status stays unknown and the signature is not trusted). --signature warn reads
// packages of legacy systems whose SDK writes placeholder signatures (edxml.md §6).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli.hpp"
#include "commands.hpp"
#include "core/clock.hpp"
#include "crypto/crypto.hpp"
#include "crypto/trust.hpp"
#include "crypto/x509.hpp"
#include "exchange/inspect.hpp"
#include "signing/bundled_trust.hpp"
#include "signing/verification.hpp"

namespace cqdt::app {
namespace {

struct InspectArgs {
  std::string file;
  bool json = false;
  std::string signature = "require";
  std::vector<std::string> trust;
  std::vector<std::string> crls;
};

nlohmann::json OrganizationJson(const exchange::Organization& o) {
  return {{"organId", o.organ_id}, {"organName", o.organ_name}};
}

nlohmann::json InspectionJson(const exchange::Inspection& in) {
  using exchange::PackageKind;
  nlohmann::json j;
  j["accepted"] = in.accepted;
  j["kind"] = exchange::PackageKindName(in.kind);
  j["namespace"] = in.ns;
  j["legacyFormat"] = in.legacy_format;
  j["sha256"] = in.sha256;
  j["size"] = in.size;
  if (in.refusal) {
    j["refusal"] = {{"reason", exchange::RefusalReasonCode(in.refusal->reason)},
                    {"field", in.refusal->field},
                    {"message", in.refusal->message}};
  }
  if (in.kind == PackageKind::kDocument) {
    const auto& h = in.document.header;
    nlohmann::json to = nlohmann::json::array();
    for (const auto& t : h.to) {
      to.push_back(OrganizationJson(t));
    }
    j["header"] = {{"documentId", h.document_id},
                   {"from", OrganizationJson(h.from)},
                   {"to", to},
                   {"codeNumber", h.code_number},
                   {"codeNotation", h.code_notation},
                   {"promulgationDate", h.promulgation_date},
                   {"place", h.place},
                   {"type", h.type},
                   {"typeName", h.type_name},
                   {"subject", h.subject},
                   {"priority", h.priority},
                   {"dueDate", h.due_date},
                   {"business", static_cast<int>(h.business.type)},
                   {"businessLabel", exchange::BusinessTypeLabel(h.business.type)}};
    nlohmann::json files = nlohmann::json::array();
    for (const auto& a : in.document.attachments) {
      files.push_back({{"contentId", a.content_id},
                       {"name", a.name},
                       {"contentType", a.content_type},
                       {"size", a.bytes.size()},
                       {"transferSize", a.transfer_size},
                       {"unzipped", a.unzipped},
                       {"sha256", crypto::Sha256Hex(a.bytes)}});
    }
    j["attachments"] = files;
  } else {
    const auto& s = in.status;
    j["status"] = {{"code", s.status_code},
                   {"label", exchange::StatusCodeLabel(s.status_code)},
                   {"from", OrganizationJson(s.from)},
                   {"documentId", s.response_for.document_id},
                   {"responseForCode", s.response_for.code},
                   {"description", s.description},
                   {"timestamp", s.timestamp}};
  }
  j["signature"] = {{"present", in.signature.present}, {"intact", in.signature.intact},
                    {"trusted", in.signature.trusted}, {"algorithm", in.signature.algorithm},
                    {"signer", in.signature.signer},   {"conclusion", in.signature.conclusion}};
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : in.warnings) {
    warnings.push_back({{"code", w.code}, {"message", w.message}});
  }
  j["warnings"] = warnings;
  return j;
}

void PrintInspection(const exchange::Inspection& in) {
  using exchange::PackageKind;
  std::printf("Kết quả / verdict:          %s\n",
              in.accepted ? "CHẤP NHẬN / accepted" : "TỪ CHỐI / refused");
  if (in.refusal) {
    std::printf("Lý do / reason:             [%s] %s\n",
                exchange::RefusalReasonCode(in.refusal->reason), in.refusal->message.c_str());
  }
  std::printf("Loại gói / kind:            %s\n", in.kind == PackageKind::kStatus
                                                      ? "gói tin trạng thái / status"
                                                      : "văn bản / document");
  std::printf("Kích thước / size:          %llu B, SHA-256 %s\n",
              static_cast<unsigned long long>(in.size), in.sha256.c_str());
  if (in.kind == PackageKind::kDocument) {
    const auto& h = in.document.header;
    std::printf("Mã văn bản / DocumentId:    %s\n", h.document_id.c_str());
    std::printf("Nơi gửi / from:             %s %s\n", h.from.organ_id.c_str(),
                h.from.organ_name.c_str());
    for (const auto& t : h.to) {
      std::printf("Nơi nhận / to:              %s %s\n", t.organ_id.c_str(), t.organ_name.c_str());
    }
    std::printf("Số, ký hiệu / code:         %s/%s\n", h.code_number.c_str(),
                h.code_notation.c_str());
    std::printf("Ngày ban hành / date:       %s\n", h.promulgation_date.c_str());
    std::printf("Loại / type:                %s (Type %d)\n", h.type_name.c_str(), h.type);
    std::printf("Trích yếu / subject:        %s\n", h.subject.c_str());
    std::printf("Nghiệp vụ / business:       %s\n", exchange::BusinessTypeLabel(h.business.type));
    std::printf("Tệp đính kèm / attachments: %zu\n", in.document.attachments.size());
    for (const auto& a : in.document.attachments) {
      std::printf("  %s  %zu B  %s%s  SHA-256 %s\n", a.name.c_str(), a.bytes.size(),
                  a.content_type.c_str(), a.unzipped ? " (đã giải nén / unzipped)" : "",
                  crypto::Sha256Hex(a.bytes).c_str());
    }
  } else {
    const auto& s = in.status;
    std::printf("Trạng thái / status:        %s %s\n", s.status_code.c_str(),
                exchange::StatusCodeLabel(s.status_code));
    std::printf("Nơi gửi / from:             %s %s\n", s.from.organ_id.c_str(),
                s.from.organ_name.c_str());
    std::printf("Văn bản / DocumentId:       %s\n", s.response_for.document_id.c_str());
    std::printf("Thời điểm / timestamp:      %s (UTC+7)\n", s.timestamp.c_str());
    std::printf("Ghi chú / description:      %s\n", s.description.c_str());
  }
  std::printf("Chữ ký / signature:         %s\n", in.signature.conclusion.c_str());
  for (const auto& w : in.warnings) {
    std::printf("Lưu ý / warning:            [%s] %s\n", w.code.c_str(), w.message.c_str());
  }
}

int RunInspect(const InspectArgs& a) {
  auto bytes = ReadWholeFile(a.file);
  if (!bytes) {
    return Usage("Không đọc được tệp " + a.file, "cannot read the file");
  }
  crypto::TrustStore anchors;
  for (const auto& entry : signing::BundledCertificates()) {
    if (auto cert = signing::VerifiedCertificate(entry)) {
      anchors.AddAnchor(*cert);
    }
  }
  for (const auto& path : a.trust) {
    auto pem = ReadWholeFile(path);
    if (!pem) {
      return Usage("Không đọc được chứng thư tin cậy " + path, "cannot read the --trust file");
    }
    auto certs = crypto::Certificate::ParseAll(*pem);
    if (!certs) {
      return Usage("Không đọc được chứng thư tin cậy " + path, "cannot read the --trust file");
    }
    for (auto& c : *certs) {
      anchors.AddAnchor(std::move(c));
    }
  }
  for (const auto& path : a.crls) {
    auto der = ReadWholeFile(path);
    auto crl = der ? crypto::Crl::Parse(*der) : Result<crypto::Crl>(Error::Malformed(""));
    if (!crl) {
      return Usage("Không đọc được CRL " + path, "cannot read the --crl file");
    }
    anchors.AddCrl(std::move(*crl));
  }
  SystemClock clock;
  signing::Verifier verifier(clock);
  exchange::InspectOptions options;
  options.signature = a.signature == "warn" ? exchange::SignaturePolicy::kWarn
                                            : exchange::SignaturePolicy::kRequire;
  options.verifier = &verifier;
  options.trust.documents = &anchors;
  options.trust.timestamps = &anchors;
  const exchange::Inspection in = exchange::Inspect(*bytes, options);
  if (a.json) {
    PrintJson(InspectionJson(in), 2);
  } else {
    PrintInspection(in);
  }
  return in.accepted ? 0 : kExitFailure;
}

}  // namespace

CommandRunner AddExchangeCommands(CLI::App& app) {
  auto* exchange =
      app.add_subcommand("exchange", "Liên thông văn bản (edXML) / inter-agency document exchange");
  exchange->require_subcommand(1);
  exchange->fallthrough();
  auto ia = std::make_shared<InspectArgs>();
  auto* inspect = exchange->add_subcommand(
      "inspect", "Kiểm tra một gói tin edXML / parse and validate one edXML package offline");
  inspect->add_option("file", ia->file, "Tệp .edxml / package file")->required();
  inspect->add_flag("--json", ia->json, "In JSON / print JSON");
  inspect
      ->add_option("--signature", ia->signature,
                   "Chữ ký: require (bắt buộc) | warn (chỉ cảnh báo) / signature policy")
      ->check(CLI::IsMember({"require", "warn"}));
  inspect->add_option("--trust", ia->trust, "Thêm CA tin cậy (PEM) / extra trusted CA (PEM)")
      ->allow_extra_args(false);
  inspect->add_option("--crl", ia->crls, "CRL để kiểm tra thu hồi (offline) / CRLs for revocation")
      ->allow_extra_args(false);
  CommandRunner admin = AddExchangeAdminCommands(exchange);
  return [=](const Config& config) -> std::optional<int> {
    if (inspect->parsed()) {
      return RunInspect(*ia);
    }
    return admin(config);
  };
}

}  // namespace cqdt::app
