// `cqdt sign pdf|xml|cms` and `cqdt verify` (issue 4): signing a file with a key the operator
// holds (a PKCS#12 file or a PKCS#11 token) and verifying the signatures of a PDF, XML or CMS.
// Bad input exits 2 with one line "Vietnamese / English" on stderr; a failure exits 1; `verify`
// exits 0 only when every signature passes.
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "api/signing_json.hpp"
#include "blob/durable_file.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "signing/audit_checkpoint.hpp"
#include "signing/signing_service.hpp"
#include "signing/verification.hpp"
#include "signing/verification_report.hpp"
#include "signing/verify_file.hpp"
#include "signing_cli.hpp"

namespace cqdt::app {
namespace {

namespace fs = std::filesystem;

// A library's error: its Vietnamese message (and fields). Arguments that break a rule are usage
// errors; everything else (an unreadable PDF, a wrong password, a key not on the token, the TSA
// down) is a failure.
int ExitWith(const Error& e) {
  return Report(e, e.code() == ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure);
}

struct SignArgs {
  std::string in, out, key, cert, password;
  std::string visible = "none";
  std::string image, name, document_number, rect, reason, location, tsa;
  int page = 0;
  int certify = 0;
};

struct VerifyArgs {
  std::string file, content;
  std::vector<std::string> trust;
  bool json = false;
  bool offline = false;
};

// Reads a secret from the terminal without echo. nullopt when there is no terminal.
std::optional<std::string> PromptSecret(const char* prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  termios old{};
  bool restore = ::tcgetattr(fd, &old) == 0;
  if (restore) {
    termios quiet = old;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  [[maybe_unused]] auto w = ::write(fd, prompt, std::char_traits<char>::length(prompt));
  std::string secret;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n' && c != '\r') {
    secret += c;
  }
  if (restore) {
    ::tcsetattr(fd, TCSAFLUSH, &old);
  }
  ::close(fd);
  return secret;
}

// The key, with its secret from --password, else CQDT_KEY_PASSWORD, else the terminal. A
// PKCS#12 file is first tried with the empty password (the demo seal has none), so the operator
// is asked only when the file needs one; a token is asked for its PIN up front (wrong PINs
// count towards the token's lockout).
Result<crypto::SigningKey> LoadKey(const SignArgs& a, bool password_given) {
  if (password_given) {
    return crypto::LoadSigningKey(a.key, a.password, a.cert);
  }
  if (const char* env = std::getenv("CQDT_KEY_PASSWORD"); env != nullptr) {
    return crypto::LoadSigningKey(a.key, env, a.cert);
  }
  bool token = a.key.rfind("pkcs11:", 0) == 0;
  bool interactive = ::isatty(STDIN_FILENO) != 0;
  if (token) {
    std::string pin;
    if (interactive) {
      pin = PromptSecret("Mã PIN / PIN: ").value_or("");
    }
    return crypto::LoadSigningKey(a.key, pin, a.cert);
  }
  auto key = crypto::LoadSigningKey(a.key, "", a.cert);
  if (key || key.error().code() != ErrorCode::kBadSignature || !interactive) {
    return key;
  }
  auto typed = PromptSecret("Mật khẩu tệp khóa / key password: ");
  if (!typed) {
    return key;
  }
  return crypto::LoadSigningKey(a.key, *typed, a.cert);
}

// "x,y,w,h" in points.
bool ParseRect(const std::string& s, signing::Placement& p) {
  double v[4];
  std::stringstream in(s);
  std::string part;
  int n = 0;
  while (std::getline(in, part, ',')) {
    if (n == 4) {
      return false;
    }
    try {
      std::size_t used = 0;
      v[n] = std::stod(part, &used);
      if (used != part.size() || !(v[n] >= 0) || v[n] > 14400) {
        return false;
      }
    } catch (const std::exception&) {
      return false;
    }
    ++n;
  }
  if (n != 4 || v[2] <= 0 || v[3] <= 0) {
    return false;
  }
  p.x = v[0];
  p.y = v[1];
  p.width = v[2];
  p.height = v[3];
  return true;
}

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(b, ec)) {
    return fs::equivalent(a, b, ec);
  }
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

int RunSign(const Config& config, signing::SignKind kind, const SignArgs& a, bool password_given,
            bool tsa_given) {
  auto input = ReadWholeFile(a.in);
  if (!input) {
    return Usage("Không đọc được tệp " + a.in, "cannot read the input file");
  }
  if (SameFile(a.in, a.out)) {
    return Usage("Tệp đích trùng tệp gốc, không ghi đè", "the output must not be the input");
  }
  if (!a.cert.empty() && !ReadWholeFile(a.cert)) {
    return Usage("Không đọc được tệp chứng thư " + a.cert, "cannot read the certificate file");
  }
  std::string tsa = tsa_given ? a.tsa : config.timestamp_url;
  if (!tsa.empty() && tsa.rfind("http://", 0) != 0) {
    return Usage("Địa chỉ máy chủ cấp dấu thời gian phải bắt đầu bằng http://",
                 "--tsa must start with http://");
  }
  signing::PdfSignOptions pdf;
  if (kind == signing::SignKind::kPdf) {
    auto style = signing::ParseAppearanceStyle(a.visible);
    if (!style) {
      return Usage("--visible phải là none, signer, seal hoặc attachment",
                   "--visible must be none|signer|seal|attachment");
    }
    pdf.style = *style;
    pdf.placement.page = a.page;
    if (!a.rect.empty() && !ParseRect(a.rect, pdf.placement)) {
      return Usage("--rect phải có dạng x,y,rộng,cao (điểm, từ góc dưới trái)",
                   "--rect must be x,y,width,height in points");
    }
    if (!a.image.empty()) {
      auto png = ReadWholeFile(a.image);
      if (!png) {
        return Usage("Không đọc được ảnh " + a.image, "cannot read the image");
      }
      pdf.image_png = std::move(*png);
    }
    pdf.display_name = a.name;
    pdf.document_number = a.document_number;
    pdf.reason = a.reason;
    pdf.location = a.location;
    if (a.certify != 0) {
      pdf.certify_permissions = a.certify;
    }
    pdf.timestamp_url = tsa;
  }
  std::error_code ec;
  if (!fs::exists(a.key, ec) && a.key.rfind("pkcs11:", 0) != 0) {
    return Usage("Không tìm thấy tệp khóa " + a.key,
                 "--key must be a PKCS#12 file or a pkcs11: URI");
  }

  auto key = LoadKey(a, password_given);
  if (!key) {
    return ExitWith(key.error());
  }
  SystemClock clock;
  TimePoint now = clock.Now();
  Result<std::string> signed_file = std::string();
  switch (kind) {
    case signing::SignKind::kPdf:
      pdf.signing_time = now;
      signed_file = signing::SignPdfWithKey(*input, *key, pdf);
      break;
    case signing::SignKind::kXml:
      signed_file = signing::SignXmlWithKey(*input, *key);
      break;
    case signing::SignKind::kCms:
      signed_file = signing::SignCmsWithKey(*input, *key, tsa, now);
      break;
  }
  if (!signed_file) {
    return ExitWith(signed_file.error());
  }
  if (auto st = blob::WriteFileAtomically(a.out, *signed_file); !st) {
    return ExitWith(st.error());
  }
  std::printf("Đã ký / signed: %s\n  người ký / signer: %s\n", a.out.c_str(),
              key->certificate.SubjectDn().c_str());
  return 0;
}

int RunVerify(const Config& config, const VerifyArgs& a) {
  auto bytes = ReadWholeFile(a.file);
  if (!bytes) {
    return Usage("Không đọc được tệp " + a.file, "cannot read the file");
  }
  auto kind = signing::DetectKind(*bytes);
  if (!kind) {
    return Usage("Không nhận ra loại tệp (chỉ hỗ trợ PDF, XML, CMS/.p7s)",
                 "unsupported file kind (PDF, XML or CMS only)");
  }
  std::optional<std::string> content;
  if (!a.content.empty()) {
    content = ReadWholeFile(a.content);
    if (!content) {
      return Usage("Không đọc được tệp nội dung " + a.content, "cannot read the content file");
    }
  }
  std::vector<crypto::Certificate> extra;
  for (const auto& path : a.trust) {
    auto pem = ReadWholeFile(path);
    if (!pem) {
      return Usage("Không đọc được chứng thư tin cậy " + path, "cannot read the --trust file");
    }
    auto certs = crypto::Certificate::ParseAll(*pem);
    if (!certs) {
      return Usage("Không đọc được chứng thư tin cậy " + path, "cannot read the --trust file");
    }
    extra.insert(extra.end(), certs->begin(), certs->end());
  }

  auto opened = Services::Open(config);
  if (!opened) {
    return ExitWith(opened.error());
  }
  auto& s = **opened;
  std::optional<std::string_view> detached;
  if (content) {
    detached = *content;
  }
  // --trust adds anchors for this run only, for signers (not for timestamp authorities).
  auto report = signing::VerifyFile(*s.db, *s.trust, *s.verifier,
                                    {.bytes = *bytes,
                                     .file_name = fs::path(a.file).filename().string(),
                                     .detached_content = detached,
                                     .detached_sha256 = std::nullopt,
                                     .extra_anchors = extra,
                                     .fetcher = a.offline ? nullptr : s.revocation_fetcher.get()});
  if (!report) {
    // A detached .p7s without --content, or a kind we do not read, is the operator's mistake; a
    // file that claims a kind but cannot be parsed fails verification.
    const auto code = report.error().code();
    return Report(report.error(),
                  code == ErrorCode::kInvalidArgument || code == ErrorCode::kUnsupported
                      ? kExitUsage
                      : kExitFailure);
  }
  if (a.json) {
    std::printf("%s\n", api::VerificationReportJson(*report).c_str());
  } else {
    std::printf("%s", signing::ReportText(*report).c_str());
  }
  return report->AllPassed() ? 0 : kExitFailure;
}

// `cqdt audit checkpoint`: signs the head of the audit chain (signing/audit_checkpoint.hpp).
int RunCheckpoint(const Config& config, const SignArgs& a, bool password_given,
                  const std::string& dir) {
  auto key = LoadKey(a, password_given);
  if (!key) {
    return ExitWith(key.error());
  }
  auto opened = Services::Open(config);
  if (!opened) {
    return ExitWith(opened.error());
  }
  auto& s = **opened;
  auto tx = s.db->BeginRead();
  auto checkpoint = signing::WriteAuditCheckpoint(
      tx, *s.audit, *key, dir.empty() ? AuditCheckpointDir(config) : std::filesystem::path(dir),
      s.clock);
  if (!checkpoint) {
    return ExitWith(checkpoint.error());
  }
  std::printf("Đã ký mốc nhật ký / audit checkpoint signed: bản ghi / entry %lld, %s\n",
              static_cast<long long>(checkpoint->seq), checkpoint->file.c_str());
  std::printf("  người ký / signer: %s\n", checkpoint->signer.c_str());
  return 0;
}

}  // namespace

std::filesystem::path AuditCheckpointDir(const Config& config) {
  return std::filesystem::path(config.data_dir) / "audit" / "checkpoints";
}

CommandRunner AddSigningCommands(CLI::App& app) {
  auto sa = std::make_shared<SignArgs>();
  auto va = std::make_shared<VerifyArgs>();
  auto* sign = app.add_subcommand("sign", "Ký số tệp / sign a file (PDF, XML, CMS)");
  sign->fallthrough();
  sign->require_subcommand(1);
  std::vector<CLI::Option*> password_options, tsa_options;
  auto leaf = [&](const char* name, const char* help, const char* out_help) {
    auto* c = sign->add_subcommand(name, help);
    c->fallthrough();
    c->add_option("in", sa->in, "Tệp cần ký / file to sign")->required();
    c->add_option("out", sa->out, out_help)->required();
    c->add_option("--key", sa->key, "Tệp .p12 hoặc URI pkcs11: / PKCS#12 file or PKCS#11 URI")
        ->required();
    c->add_option("--cert", sa->cert, "Chứng thư PEM (khóa PEM, thiết bị) / certificate PEM");
    password_options.push_back(
        c->add_option("--password", sa->password,
                      "Mật khẩu / PIN (or CQDT_KEY_PASSWORD, or a prompt; empty accepted)"));
    return c;
  };
  auto* pdf = leaf("pdf", "Ký PDF (PAdES) / sign a PDF", "Tệp PDF đã ký / signed PDF");
  pdf->add_option("--visible", sa->visible, "none | signer | seal | attachment (default none)");
  pdf->add_option("--image", sa->image, "Ảnh PNG chữ ký / con dấu / signature or seal PNG");
  pdf->add_option("--name", sa->name, "Tên hiển thị / display name (default: certificate)");
  pdf->add_option("--document-number", sa->document_number,
                  "Số, ký hiệu văn bản (attachment) / document number");
  pdf->add_option("--page", sa->page, "Trang / page, 1-based (default last)")
      ->check(CLI::Range(1, 100000));
  pdf->add_option("--rect", sa->rect, "x,y,rộng,cao / x,y,width,height (points)");
  pdf->add_option("--reason", sa->reason, "Lý do / reason");
  pdf->add_option("--location", sa->location, "Nơi ký / location");
  pdf->add_option("--certify", sa->certify, "Chứng nhận DocMDP / certify: 1 | 2 | 3")
      ->check(CLI::Range(1, 3));
  tsa_options.push_back(pdf->add_option(
      "--tsa", sa->tsa, "Máy chủ dấu thời gian / RFC 3161 TSA URL (default: config)"));
  auto* xml = leaf("xml", "Ký XML (XML-DSig) / sign an XML file", "Tệp XML đã ký / signed XML");
  auto* cms = leaf("cms", "Ký CMS tách rời (.p7s) / detached CMS signature", "Tệp .p7s / .p7s");
  tsa_options.push_back(cms->add_option(
      "--tsa", sa->tsa, "Máy chủ dấu thời gian / RFC 3161 TSA URL (default: config)"));

  auto* verify = app.add_subcommand(
      "verify", "Kiểm tra chữ ký số / verify the signatures of a PDF, XML or .p7s file");
  verify->fallthrough();
  verify->add_option("file", va->file, "Tệp / file")->required();
  verify->add_option("--content", va->content, "Dữ liệu của .p7s tách rời / detached content");
  verify->add_flag("--json", va->json, "In JSON / print JSON");
  verify->add_option("--trust", va->trust, "Thêm CA tin cậy (PEM) / extra trusted CA (PEM)")
      ->allow_extra_args(false);
  verify->add_flag("--offline", va->offline, "Không tải CRL/OCSP / no network (stored CRLs only)");

  // `cqdt audit checkpoint` joins the audit group that app.cpp defines.
  auto ca = std::make_shared<SignArgs>();
  auto checkpoint_dir = std::make_shared<std::string>();
  CLI::Option* checkpoint_password = nullptr;
  CLI::App* checkpoint = nullptr;
  if (auto* audit = app.get_subcommand("audit")) {
    checkpoint = audit->add_subcommand(
        "checkpoint", "Ký mốc đầu chuỗi nhật ký / sign a checkpoint of the audit chain's head");
    checkpoint->fallthrough();
    checkpoint->add_option("--key", ca->key, "Tệp .p12 hoặc URI pkcs11: của cơ quan / agency key")
        ->required();
    checkpoint->add_option("--cert", ca->cert, "Chứng thư PEM / certificate PEM");
    checkpoint_password = checkpoint->add_option("--password", ca->password, "Mật khẩu / PIN");
    checkpoint->add_option("--dir", *checkpoint_dir,
                           "Thư mục mốc / directory (default <data_dir>/audit/checkpoints)");
  }

  return [=](const Config& config) -> std::optional<int> {
    if (checkpoint != nullptr && checkpoint->parsed()) {
      return RunCheckpoint(config, *ca, checkpoint_password->count() > 0, *checkpoint_dir);
    }
    if (verify->parsed()) {
      return RunVerify(config, *va);
    }
    if (!sign->parsed()) {
      return std::nullopt;
    }
    bool password_given = false, tsa_given = false;
    for (auto* o : password_options) {
      password_given = password_given || o->count() > 0;
    }
    for (auto* o : tsa_options) {
      tsa_given = tsa_given || o->count() > 0;
    }
    signing::SignKind kind = pdf->parsed()   ? signing::SignKind::kPdf
                             : xml->parsed() ? signing::SignKind::kXml
                                             : signing::SignKind::kCms;
    if (!pdf->parsed() && !xml->parsed() && !cms->parsed()) {
      return kExitUsage;
    }
    return RunSign(config, kind, *sa, password_given, tsa_given);
  };
}

}  // namespace cqdt::app
