// `cqdt pki ...` (issue 4): the demo PKI, the trust store (anchors and CRLs) and the key ring.
// Bad input exits 2 with one line "Vietnamese / English" on stderr; a failure exits 1.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "api/signing_json.hpp"
#include "blob/durable_file.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "crypto/pki.hpp"
#include "signing_cli.hpp"

namespace cqdt::app {

extern const unsigned char kDemo_signature_png[];
extern const unsigned long kDemo_signature_png_size;
extern const unsigned char kDemo_seal_png[];
extern const unsigned long kDemo_seal_png_size;

namespace {

namespace fs = std::filesystem;

// Every demo subject carries this, so nobody can mistake a demo signature for a real one.
constexpr char kDemoMark[] = "DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ";
constexpr char kDemoRootName[] = "[DEMO] cqdt Root CA";
constexpr char kDemoIssuingName[] = "[DEMO] cqdt Issuing CA";
// The demo accounts' password (demo.cpp), reused for the personal demo keys.
constexpr char kDemoPassword[] = "CqdtDemo@2026";

// "Nguyễn.Văn" -> key id characters only: [a-z0-9._-], anything else becomes '-'.
std::string IdPart(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-') {
      out += c;
    } else {
      out += '-';
    }
  }
  return out;
}

// A TOML basic string.
std::string TomlString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

TimePoint AddYears(TimePoint t, int years) {
  return t + std::chrono::duration_cast<TimePoint::duration>(std::chrono::years(years));
}

// The demo CCCD (citizen identity) number of the n-th staff account: 12 digits, province code
// 089 (An Giang), clearly not a real person's (999 in the birth-year/gender positions).
std::string DemoCitizenNumber(int n) {
  std::string digits = std::to_string(n % 1000000);
  return "089999" + std::string(6 - digits.size(), '0') + digits;
}

std::string PemOf(const std::vector<crypto::Certificate>& certs) {
  std::string out;
  for (const auto& c : certs) {
    out += c.Pem();
  }
  return out;
}

std::string DateOf(TimePoint t) { return ToIsoUtc(t).substr(0, 10); }

// A PKCS#11 URI may carry the PIN (pin-value=...): never print it.
std::string Redacted(const std::string& source) {
  auto at = source.find("pin-value=");
  if (source.rfind("pkcs11:", 0) != 0 || at == std::string::npos) {
    return source;
  }
  auto end = source.find_first_of(";?&", at);
  return source.substr(0, at) + "pin-value=***" +
         (end == std::string::npos ? "" : source.substr(end));
}

struct PkiArgs {
  std::string dir;
  bool force = false;
  std::string file;
  std::string purpose = "document";
  std::string name;
  std::string id;
  bool json = false;
  bool pin = false;
};

}  // namespace

audit::Actor CommandLineActor() {
  const char* user = std::getenv("USER");
  return {UserId(), std::string("cli:") + (user ? user : "unknown"), AgencyId(), "local", "cli"};
}

Result<DemoPki> CreateDemoPki(Services& s, const audit::Actor& actor, const fs::path& dir,
                              bool force) {
  DemoPki out;
  out.dir = dir;
  std::error_code ec;
  if (fs::exists(dir / "keys.toml", ec) && !force) {
    return out;
  }

  // Who gets a key: every agency with an active clerk (văn thư signs with the agency seal) and
  // every active staff account (personal signature).
  struct Person {
    std::string username, full_name, email, agency_name;
  };
  struct Seal {
    std::string code, name;
  };
  std::vector<Person> people;
  std::vector<Seal> seals;
  {
    auto tx = s.db->BeginRead();
    std::set<std::string> seen;
    for (const auto& u : s.identity->ListUsers(tx, AgencyId(), "")) {
      if (u.disabled) {
        continue;
      }
      auto agency = s.agencies->Get(tx, u.agency_id);
      if (!agency) {
        continue;
      }
      people.push_back({u.username, u.full_name, u.email, agency->name});
      if (u.roles.count(identity::Role::kClerk) && seen.insert(agency->code).second) {
        seals.push_back({agency->code, agency->name});
      }
    }
  }

  TimePoint now = s.clock.Now();
  TimePoint start = now - std::chrono::hours(1);  // tolerate a little clock skew
  crypto::CertificateProfile root_profile;
  root_profile.kind = crypto::CertificateKind::kRootCa;
  root_profile.common_name = kDemoRootName;
  root_profile.organization = kDemoMark;
  root_profile.not_before = start;
  root_profile.not_after = AddYears(now, 20);
  CQDT_ASSIGN_OR_RETURN(auto root, crypto::IssueCertificate(root_profile, nullptr));

  crypto::CertificateProfile ca_profile;
  ca_profile.kind = crypto::CertificateKind::kIntermediateCa;
  ca_profile.common_name = kDemoIssuingName;
  ca_profile.organization = kDemoMark;
  ca_profile.path_length = 0;
  ca_profile.not_before = start;
  ca_profile.not_after = AddYears(now, 10);
  CQDT_ASSIGN_OR_RETURN(auto issuing, crypto::IssueCertificate(ca_profile, &root));

  CQDT_ASSIGN_OR_RETURN(auto root_crl, crypto::IssueCrl(root, {}, now, AddYears(now, 1)));
  CQDT_ASSIGN_OR_RETURN(auto issuing_crl, crypto::IssueCrl(issuing, {}, now, AddYears(now, 1)));

  fs::create_directories(dir, ec);
  if (ec) {
    return Error::Unavailable("Không tạo được thư mục " + dir.string() +
                              " / cannot create the directory.");
  }
  auto emit = [&](const std::string& name, std::string_view bytes, int mode) -> Status {
    CQDT_RETURN_IF_ERROR(blob::WriteFileAtomically(dir / name, bytes, mode));
    out.files.push_back(name);
    return Ok();
  };
  CQDT_RETURN_IF_ERROR(emit("root.pem", root.certificate.Pem(), 0644));
  CQDT_RETURN_IF_ERROR(emit("intermediate.pem", issuing.certificate.Pem(), 0644));
  CQDT_RETURN_IF_ERROR(emit("chain.pem", issuing.certificate.Pem() + root.certificate.Pem(), 0644));
  CQDT_RETURN_IF_ERROR(emit("root.crl", root_crl.Der(), 0644));
  CQDT_RETURN_IF_ERROR(emit("intermediate.crl", issuing_crl.Der(), 0644));
  CQDT_RETURN_IF_ERROR(emit("signature.png",
                            std::string_view(reinterpret_cast<const char*>(kDemo_signature_png),
                                             kDemo_signature_png_size),
                            0644));
  CQDT_RETURN_IF_ERROR(emit(
      "seal.png",
      std::string_view(reinterpret_cast<const char*>(kDemo_seal_png), kDemo_seal_png_size), 0644));

  std::ostringstream toml;
  toml << "# Khóa ký MẪU do `cqdt pki demo-ca` tạo lúc " << ToIsoVietnam(now) << ".\n"
       << "# " << kDemoMark << " / DEMO keys, no legal value. Format: signing/key_ring.hpp.\n";
  // One leaf: certificate, PKCS#12 (mode 0600) and "<file>.p12.pem" with the certificate, which
  // KeyRing::CertificateOf reads without the password.
  auto issue_leaf = [&](const crypto::CertificateProfile& profile, const std::string& file,
                        const std::string& password) -> Status {
    CQDT_ASSIGN_OR_RETURN(auto leaf, crypto::IssueCertificate(profile, &issuing));
    CQDT_ASSIGN_OR_RETURN(auto p12,
                          crypto::MakePkcs12(leaf, password, "[DEMO] " + profile.common_name));
    CQDT_RETURN_IF_ERROR(emit(file, p12, 0600));
    CQDT_RETURN_IF_ERROR(emit(file + ".pem", leaf.certificate.Pem() + PemOf(leaf.chain), 0644));
    return Ok();
  };
  for (const auto& seal : seals) {
    crypto::CertificateProfile p;
    p.kind = crypto::CertificateKind::kSeal;
    p.common_name = seal.name;
    p.organization = seal.name;
    p.organizational_unit = kDemoMark;
    p.uid = seal.code;  // the agency's identifier code (QCVN 102); a real CA writes MST:/MNS:
    p.not_before = start;
    p.not_after = AddYears(now, 3);
    std::string id = "seal-" + IdPart(seal.code);
    // Empty password: a server-held seal the clerk uses without typing anything. A real seal key
    // belongs on a token (PKCS#11) with its PIN in secret_env.
    CQDT_RETURN_IF_ERROR(issue_leaf(p, id + ".p12", ""));
    toml << "\n[[key]]\nid = " << TomlString(id)
         << "\nkind = \"seal\"\nowner = " << TomlString(seal.code)
         << "\nsource = " << TomlString(id + ".p12")
         << "\nask_secret = false\nimage = \"seal.png\"\ndemo = true\n";
    out.seal_owners.push_back(seal.code);
  }
  int n = 0;
  for (const auto& person : people) {
    crypto::CertificateProfile p;
    p.kind = crypto::CertificateKind::kPersonal;
    p.common_name = person.full_name;
    p.organization = person.agency_name;
    p.organizational_unit = kDemoMark;
    p.uid = "CCCD:" + DemoCitizenNumber(++n);
    p.email = person.email;
    p.not_before = start;
    p.not_after = AddYears(now, 3);
    std::string id = "personal-" + IdPart(person.username);
    CQDT_RETURN_IF_ERROR(issue_leaf(p, id + ".p12", kDemoPassword));
    toml << "\n[[key]]\nid = " << TomlString(id)
         << "\nkind = \"personal\"\nowner = " << TomlString(person.username)
         << "\nsource = " << TomlString(id + ".p12")
         << "\nask_secret = true\nimage = \"signature.png\"\ndemo = true\n";
    out.personal_owners.push_back(person.username);
  }

  {
    auto tx = s.db->Begin();
    if (force) {
      // A re-created demo root replaces the previous one.
      CQDT_ASSIGN_OR_RETURN(auto anchors,
                            s.trust->ListAnchors(tx, signing::TrustPurpose::kDocument));
      for (const auto& a : anchors) {
        if (a.name == kDemoRootName || a.name == kDemoIssuingName) {
          CQDT_RETURN_IF_ERROR(s.trust->RemoveAnchor(tx, actor, a.id));
        }
      }
    }
    CQDT_RETURN_IF_ERROR(s.trust->AddAnchors(tx, actor, signing::TrustPurpose::kDocument,
                                             root.certificate.Pem(), kDemoRootName));
    CQDT_RETURN_IF_ERROR(s.trust->AddCrl(tx, actor, root_crl.Der()));
    CQDT_RETURN_IF_ERROR(s.trust->AddCrl(tx, actor, issuing_crl.Der()));
    CQDT_RETURN_IF_ERROR(tx.Commit());
  }
  // keys.toml last: its presence means the demo PKI is complete.
  CQDT_RETURN_IF_ERROR(emit("keys.toml", toml.str(), 0644));
  out.created = true;
  return out;
}

void PrintDemoPki(const DemoPki& pki, const Config& config) {
  std::string dir = pki.dir.string();
  if (!pki.created) {
    std::printf(
        "PKI mẫu đã có tại %s, không tạo lại (dùng --force để tạo mới) / demo PKI already in "
        "%s, nothing changed (use --force to re-create)\n",
        dir.c_str(), dir.c_str());
    return;
  }
  std::printf("Đã tạo PKI MẪU tại / DEMO PKI created in %s\n", dir.c_str());
  std::printf("  %s — chỉ để thử nghiệm / for evaluation only\n", kDemoMark);
  std::printf(
      "  CA / CAs: root.pem (đã tin cậy cho văn bản / trusted for documents), intermediate.pem, "
      "chain.pem, root.crl, intermediate.crl\n");
  for (const auto& code : pki.seal_owners) {
    std::printf(
        "  con dấu / seal %-14s seal-%s.p12 (không mật khẩu, khóa do máy chủ giữ / "
        "no password, server-held)\n",
        code.c_str(), IdPart(code).c_str());
  }
  for (const auto& user : pki.personal_owners) {
    std::printf("  cá nhân / personal %-18s personal-%s.p12 (mật khẩu / password %s)\n",
                user.c_str(), IdPart(user).c_str(), kDemoPassword);
  }
  std::printf("  danh sách khóa / key ring: keys.toml\n");
  fs::path configured = fs::path(config.SigningKeysFile()).lexically_normal();
  if (configured != (pki.dir / "keys.toml").lexically_normal()) {
    std::printf(
        "  Lưu ý / note: [signing] keys_file = %s; đặt / set keys_file = \"%s\" để dùng "
        "khóa mẫu / to use the demo keys\n",
        configured.string().c_str(), (pki.dir / "keys.toml").string().c_str());
  }
}

CommandRunner AddPkiCommands(CLI::App& app) {
  auto args = std::make_shared<PkiArgs>();
  auto* pki = app.add_subcommand("pki", "Chứng thư số, tin cậy, khóa ký / PKI, trust, keys");
  pki->fallthrough();
  pki->require_subcommand(1);
  auto leaf = [](CLI::App* parent, const char* name, const char* help) {
    auto* c = parent->add_subcommand(name, help);
    c->fallthrough();
    return c;
  };
  auto* demo_ca = leaf(pki, "demo-ca", "Tạo PKI mẫu (DEMO) / create the demo PKI");
  demo_ca->add_option("--dir", args->dir, "Thư mục / directory (default <data_dir>/pki)");
  demo_ca->add_flag("--force", args->force, "Tạo lại / re-create");

  auto* trust = leaf(pki, "trust", "Tổ chức chứng thực tin cậy / trust anchors");
  trust->require_subcommand(1);
  auto* trust_add = leaf(trust, "add", "Tin cậy CA / trust a CA certificate (PEM or DER)");
  trust_add->add_option("file", args->file, "Tệp chứng thư / certificate file")->required();
  trust_add->add_option("--purpose", args->purpose, "document | timestamp (default document)");
  trust_add->add_option("--name", args->name, "Tên hiển thị / label (default: its CN)");
  trust_add->add_flag("--pin", args->pin,
                      "Ghim một chứng thư cụ thể (không phải CA) / pin one end-entity "
                      "certificate (trusted for its own signatures only)");
  auto* trust_list = leaf(trust, "list", "Liệt kê / list");
  trust_list->add_flag("--json", args->json, "In JSON / print JSON");
  auto* trust_remove = leaf(trust, "remove", "Gỡ / remove");
  trust_remove->add_option("id", args->id, "Mã / id")->required();

  auto* crl = leaf(pki, "crl", "Danh sách thu hồi / certificate revocation lists");
  crl->require_subcommand(1);
  auto* crl_add = leaf(crl, "add", "Nạp CRL / store a CRL (PEM or DER)");
  crl_add->add_option("file", args->file, "Tệp CRL / CRL file")->required();
  auto* crl_list = leaf(crl, "list", "Liệt kê / list");
  crl_list->add_flag("--json", args->json, "In JSON / print JSON");

  auto* keys = leaf(pki, "keys", "Khóa ký của máy chủ / the server's signing keys (keys.toml)");
  keys->add_flag("--json", args->json, "In JSON / print JSON");

  return [=](const Config& config) -> std::optional<int> {
    if (!pki->parsed()) {
      return std::nullopt;
    }
    const PkiArgs& a = *args;

    if (keys->parsed()) {
      // Only the key ring file: no database, and never a secret.
      auto ring = signing::KeyRing::LoadFile(config.SigningKeysFile());
      if (!ring) {
        return ExitFor(ring.error());
      }
      nlohmann::json items = nlohmann::json::array();
      if (!a.json) {
        std::printf("# %s\n", config.SigningKeysFile().c_str());
      }
      for (const auto& e : (*ring)->entries()) {
        auto cert = (*ring)->CertificateOf(e);
        if (a.json) {
          nlohmann::json j = {
              {"id", e.id},
              {"kind", std::string(signing::ToString(e.kind))},
              {"owner", e.owner},
              {"source", Redacted(e.source)},
              {"askSecret", e.ask_secret},
              {"hasImage", !e.image_path.empty()},
              {"demo", e.demo},
              {"subject", cert ? nlohmann::json(cert->SubjectDn()) : nullptr},
              {"notAfter", cert ? nlohmann::json(ToIsoUtc(cert->NotAfter())) : nullptr}};
          items.push_back(j);
          continue;
        }
        std::printf("%-28s %-8s %-16s %s%s\n", e.id.c_str(),
                    std::string(signing::ToString(e.kind)).c_str(), e.owner.c_str(),
                    e.ask_secret ? "hỏi mật khẩu / asks secret" : "máy chủ giữ / server-held",
                    e.demo ? "  [DEMO]" : "");
        std::printf("    %s\n", Redacted(e.source).c_str());
        if (cert) {
          std::printf("    %s — hết hạn / expires %s\n", cert->SubjectDn().c_str(),
                      DateOf(cert->NotAfter()).c_str());
        }
      }
      if (a.json) {
        PrintJson({{"items", items}}, 2);
      }
      return 0;
    }

    auto opened = Services::Open(config);
    if (!opened) {
      return ExitFor(opened.error());
    }
    auto& s = **opened;

    if (demo_ca->parsed()) {
      fs::path dir = a.dir.empty() ? fs::path(config.data_dir) / "pki" : fs::path(a.dir);
      auto created = CreateDemoPki(s, CommandLineActor(), dir, a.force);
      if (!created) {
        std::fprintf(stderr, "cqdt: không tạo được PKI mẫu / could not create the demo PKI\n");
        ExitFor(created.error());
        return kExitFailure;
      }
      PrintDemoPki(*created, config);
      return 0;
    }
    if (trust_add->parsed() || crl_add->parsed()) {
      auto bytes = ReadWholeFile(a.file);
      if (!bytes) {
        return Usage("Không đọc được tệp " + a.file, "cannot read the file");
      }
      auto tx = s.db->Begin();
      if (crl_add->parsed()) {
        auto stored = s.trust->AddCrl(tx, CommandLineActor(), *bytes);
        if (!stored) {
          return ExitFor(stored.error());
        }
        if (auto st = tx.Commit(); !st) {
          return ExitFor(st.error());
        }
        std::printf("Đã lưu CRL / stored CRL %lld: %s\n", static_cast<long long>(stored->id),
                    stored->issuer.c_str());
        return 0;
      }
      auto purpose = signing::ParseTrustPurpose(a.purpose);
      if (!purpose) {
        return Usage("Mục đích phải là document hoặc timestamp",
                     "--purpose must be document or timestamp");
      }
      std::string name = a.name;
      if (name.empty()) {
        auto first = crypto::Certificate::Parse(*bytes);
        name = first ? first->SubjectCommonName() : "";
        if (name.empty()) {
          name = fs::path(a.file).filename().string();
        }
      }
      auto added =
          s.trust->AddAnchors(tx, CommandLineActor(), *purpose, *bytes, name,
                              a.pin ? signing::AnchorKind::kPinned : signing::AnchorKind::kCa);
      if (!added) {
        return ExitFor(added.error());
      }
      if (auto st = tx.Commit(); !st) {
        return ExitFor(st.error());
      }
      for (const auto& anchor : *added) {
        std::printf("Đã tin cậy / trusted %lld (%s): %s\n  SHA-256 %s\n",
                    static_cast<long long>(anchor.id),
                    std::string(signing::ToString(anchor.purpose)).c_str(), anchor.subject.c_str(),
                    anchor.fingerprint_sha256.c_str());
      }
      return 0;
    }
    if (trust_list->parsed()) {
      auto tx = s.db->BeginRead();
      auto anchors = s.trust->ListAnchors(tx, std::nullopt);
      if (!anchors) {
        return ExitFor(anchors.error());
      }
      if (a.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto& anchor : *anchors) {
          items.push_back(api::TrustAnchorJson(anchor));
        }
        PrintJson({{"items", items}}, 2);
        return 0;
      }
      for (const auto& anchor : *anchors) {
        std::printf("%-5lld %-9s %s%s — hết hạn / expires %s\n    %s\n    SHA-256 %s\n",
                    static_cast<long long>(anchor.id),
                    std::string(signing::ToString(anchor.purpose)).c_str(), anchor.name.c_str(),
                    anchor.kind == signing::AnchorKind::kPinned ? " [ghim / pinned]"
                    : !anchor.usable ? " [không dùng: không phải CA / ignored: not a CA]"
                    : anchor.source == "bundled" ? " [có sẵn trong cqdt / shipped with cqdt]"
                                                 : "",
                    DateOf(anchor.not_after).c_str(), anchor.subject.c_str(),
                    anchor.fingerprint_sha256.c_str());
      }
      return 0;
    }
    if (trust_remove->parsed()) {
      std::int64_t id = 0;
      auto [ptr, err] = std::from_chars(a.id.data(), a.id.data() + a.id.size(), id);
      if (a.id.empty() || err != std::errc() || ptr != a.id.data() + a.id.size() || id <= 0) {
        return Usage("Mã phải là số nguyên dương", "id must be a positive integer");
      }
      auto tx = s.db->Begin();
      if (auto st = s.trust->RemoveAnchor(tx, CommandLineActor(), id); !st) {
        return ExitFor(st.error());
      }
      if (auto st = tx.Commit(); !st) {
        return ExitFor(st.error());
      }
      std::printf("Đã gỡ / removed %lld\n", static_cast<long long>(id));
      return 0;
    }
    if (crl_list->parsed()) {
      auto tx = s.db->BeginRead();
      auto crls = s.trust->ListCrls(tx);
      if (!crls) {
        return ExitFor(crls.error());
      }
      if (a.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto& c : *crls) {
          items.push_back(api::CrlJson(c));
        }
        PrintJson({{"items", items}}, 2);
        return 0;
      }
      for (const auto& c : *crls) {
        std::printf(
            "%-5lld %s\n    cập nhật / this update %s, kế tiếp / next %s, %lld thu hồi / "
            "revoked, nguồn / source %s\n",
            static_cast<long long>(c.id), c.issuer.c_str(), ToIsoUtc(c.this_update).c_str(),
            c.next_update ? ToIsoUtc(*c.next_update).c_str() : "-",
            static_cast<long long>(c.revoked_count), c.source.c_str());
      }
      return 0;
    }
    return kExitUsage;
  };
}

}  // namespace cqdt::app
