// `cqdt doc archive export|verify` (issue 11, item 2): the transfer of closed work records to the
// archive as one package sealed by the agency, and the offline check of such a package.
//   cqdt doc archive export --as USER (--records ID,ID | --year Y) --out FILE.zip [--seal KEY]
//   cqdt doc archive verify PACKAGE.zip [--trust CA.pem] [--json]
// `verify` opens no database and no network: exit 0 valid, 1 invalid (each file named), 2 bad
// input (not a ZIP, unreadable trust file). docs/archive-package.md says what it checks.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blob/durable_file.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "crypto/x509.hpp"
#include "documents/archive_package.hpp"
#include "documents/archive_service.hpp"
#include "documents/work_record_service.hpp"
#include "services.hpp"
#include "signing_cli.hpp"

namespace cqdt::app {

namespace {

struct ArchiveArgs {
  std::string as;
  std::string records;
  int year = 0;
  std::string out;
  std::string seal;
  std::string package;
  std::string trust;
  bool json = false;
};

// "12,15, 20" -> ids; nullopt when a part is not a positive number.
std::optional<std::vector<documents::WorkRecordId>> ParseIds(const std::string& text) {
  std::vector<documents::WorkRecordId> ids;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    const auto first = part.find_first_not_of(' ');
    const auto last = part.find_last_not_of(' ');
    if (first == std::string::npos) {
      return std::nullopt;
    }
    part = part.substr(first, last - first + 1);
    if (part.empty() || part.size() > 18 ||
        part.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    ids.emplace_back(std::stoll(part));
  }
  if (ids.empty()) {
    return std::nullopt;
  }
  return ids;
}

int Export(const Config& config, const ArchiveArgs& a) {
  std::error_code ec;
  if (std::filesystem::exists(a.out, ec)) {
    return Usage("Tệp " + a.out + " đã có; chọn tên khác", "the output file exists already");
  }
  std::optional<std::vector<documents::WorkRecordId>> ids;
  if (!a.records.empty()) {
    ids = ParseIds(a.records);
    if (!ids) {
      return Usage("--records phải là các mã hồ sơ, cách nhau bằng dấu phẩy",
                   "--records must be record ids separated by commas");
    }
  }
  auto opened = Services::Open(config);
  if (!opened) {
    return ExitFor(opened.error());
  }
  auto& s = **opened;
  documents::WorkRecordService records(*s.audit, *s.agencies, *s.identity, *s.document_files,
                                       s.clock);
  documents::ArchiveService archive(*s.audit, *s.agencies, *s.identity, *s.document_files, records,
                                    *s.signing, *s.blobs, s.clock);
  auto tx = s.db->Begin();
  auto user = s.identity->GetUserByUsername(tx, a.as);
  if (!user || user->disabled) {
    return Usage("Không có tài khoản cán bộ " + a.as + " đang hoạt động",
                 "no active staff account has this username");
  }
  identity::Principal p = identity::StaffPrincipalOf(*user);
  audit::Actor actor = CommandLineActor();
  actor.user_id = user->id;
  actor.name = user->username;
  actor.agency_id = user->agency_id;
  if (!ids) {
    auto of_year = archive.ClosedRecordsOfYear(tx, p, a.year);
    if (!of_year) {
      return ExitFor(of_year.error());
    }
    if (of_year->empty()) {
      return Usage("Không có hồ sơ đã đóng nào của năm " + std::to_string(a.year) + " để nộp lưu",
                   "no closed record of that year to transfer");
    }
    ids = std::move(*of_year);
  }
  auto t = archive.Transfer(tx, actor, p, {*ids, a.seal, ""});
  if (!t) {
    return ExitFor(t.error());
  }
  if (auto st = tx.Commit(); !st) {
    return ExitFor(st.error());
  }
  // The package is in the blob store; the copy is streamed, not read into memory, from a store
  // that keeps files (read whole from one that keeps them in the database).
  auto stored = s.blobs->LocalFile(t->package_sha256);
  bool written = stored && std::filesystem::copy_file(*stored, a.out, ec) && !ec;
  if (!stored) {
    auto bytes = s.blobs->Get(t->package_sha256);
    written = bytes && blob::WriteFileAtomically(a.out, *bytes);
  }
  if (!written) {
    std::fprintf(stderr,
                 "cqdt: Đã nộp lưu (lần %lld) nhưng không ghi được %s / transferred, but the "
                 "output could not be written\n",
                 static_cast<long long>(t->id.value()), a.out.c_str());
    return kExitFailure;
  }
  std::printf("Đã nộp lưu %d hồ sơ / records transferred: lần nộp lưu / transfer %lld\n",
              t->record_count, static_cast<long long>(t->id.value()));
  for (const auto& code : t->file_codes) {
    std::printf("  %s\n", code.c_str());
  }
  std::printf("%s: %d tệp / files, SHA-256 %s\n", a.out.c_str(), t->file_count,
              t->package_sha256.c_str());
  return 0;
}

int Verify(const ArchiveArgs& a) {
  documents::VerifyPackageOptions options;
  options.now = SystemClock().Now();
  if (!a.trust.empty()) {
    auto pem = ReadWholeFile(a.trust);
    if (!pem) {
      return Usage("Không đọc được tệp " + a.trust, "the trust file cannot be read");
    }
    auto anchors = crypto::Certificate::ParseAll(*pem);
    if (!anchors) {
      return Usage("Tệp " + a.trust + " không chứa chứng thư số (PEM/DER)",
                   "the trust file holds no certificate");
    }
    options.trust_anchors = std::move(*anchors);
  }
  auto v = documents::VerifyPackage(a.package, options);
  if (!v) {
    return Usage(v.error(), "the package cannot be read (not a ZIP file?)");
  }
  const std::string signed_at = v->signing_time ? ToIsoVietnam(*v->signing_time) : "";
  if (a.json) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : v->problems) {
      problems.push_back({{"path", p.path}, {"kind", p.kind}, {"message", p.message}});
    }
    PrintJson({{"valid", v->valid},
               {"files", v->files},
               {"signatureValid", v->signature_valid},
               {"signer", {{"subject", v->signer_subject}, {"serial", v->signer_serial}}},
               {"signingTime", signed_at},
               {"trust", v->trust_status},
               {"problems", std::move(problems)}});
  } else {
    if (v->valid) {
      std::printf("Gói nộp lưu hợp lệ / the package is valid: %d tệp / files\n", v->files);
    } else {
      std::printf("Gói nộp lưu KHÔNG hợp lệ / the package is NOT valid:\n");
      for (const auto& p : v->problems) {
        std::printf("  %s: %s\n", p.path.c_str(), p.message.c_str());
      }
    }
    if (!v->signer_subject.empty()) {
      std::printf("Người ký bảng kê / manifest signer: %s (số hiệu / serial %s)\n",
                  v->signer_subject.c_str(), v->signer_serial.c_str());
    }
    if (!signed_at.empty()) {
      std::printf("Thời điểm ký (giờ Việt Nam) / signing time (Vietnam, UTC+7): %s\n",
                  signed_at.c_str());
    }
    std::printf("Chuỗi chứng thư / certificate chain: %s\n",
                v->trust_status == "not_checked"
                    ? "chưa kiểm tra (dùng --trust CA.pem) / not checked (use --trust CA.pem)"
                    : v->trust_status.c_str());
  }
  return v->valid ? 0 : kExitFailure;
}

}  // namespace

CommandRunner AddArchiveDocCommands(CLI::App* doc) {
  auto a = std::make_shared<ArchiveArgs>();
  auto* archive =
      doc->add_subcommand("archive", "Nộp lưu hồ sơ / transfer work records to the archive");
  archive->require_subcommand(1);
  auto* exp = archive->add_subcommand(
      "export",
      "Nộp lưu hồ sơ đã đóng thành một gói có chữ ký số của cơ quan / export closed "
      "records as one package sealed by the agency");
  exp->add_option("--as", a->as, "Tài khoản văn thư thực hiện / the clerk's account")->required();
  auto* by_ids =
      exp->add_option("--records", a->records, "Mã hồ sơ, cách nhau dấu phẩy / record ids (1,2)");
  auto* by_year = exp->add_option("--year", a->year,
                                  "Mọi hồ sơ đã đóng của năm / every closed record of the year")
                      ->check(CLI::Range(2000, 9999));
  by_ids->excludes(by_year);
  exp->add_option("--out", a->out, "Tệp ZIP ghi ra / the ZIP file to write")->required();
  exp->add_option("--seal", a->seal, "Mã khóa con dấu / the seal's key id (default: the agency's)");
  auto* verify = archive->add_subcommand(
      "verify", "Kiểm tra gói nộp lưu (không cần CSDL, không mạng) / check a package offline");
  verify->add_option("package", a->package, "Gói nộp lưu (ZIP) / the package")->required();
  verify->add_option("--trust", a->trust,
                     "CA tin cậy (PEM) để kiểm tra chuỗi chứng thư / trusted CA (PEM)");
  verify->add_flag("--json", a->json, "In JSON / print JSON");

  return [=](const Config& config) -> std::optional<int> {
    if (verify->parsed()) {
      return Verify(*a);
    }
    if (exp->parsed()) {
      if (a->records.empty() && a->year == 0) {
        return Usage("Cần --records hoặc --year", "--records or --year is required");
      }
      return Export(config, *a);
    }
    return std::nullopt;
  };
}

}  // namespace cqdt::app
