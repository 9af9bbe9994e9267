#include "signing/audit_checkpoint.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "blob/durable_file.hpp"
#include "crypto/cms.hpp"

namespace cqdt::signing {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "cqdt-audit-checkpoint 1";

std::string Body(std::int64_t seq, const std::string& hash, const std::string& at) {
  return std::string(kMagic) + "\nseq: " + std::to_string(seq) + "\nhash: " + hash + "\nat: " + at +
         "\n";
}

// Untrusted-looking input (a file anyone with disk access could have placed): exact lines only.
std::optional<AuditCheckpoint> ParseBody(std::string_view text) {
  AuditCheckpoint c;
  std::istringstream in{std::string(text)};
  std::string line;
  if (!std::getline(in, line) || line != kMagic) {
    return std::nullopt;
  }
  bool seq = false, hash = false, at = false;
  while (std::getline(in, line)) {
    if (line.rfind("seq: ", 0) == 0) {
      auto v = std::string_view(line).substr(5);
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), c.seq);
      seq = ec == std::errc() && p == v.data() + v.size() && c.seq > 0;
    } else if (line.rfind("hash: ", 0) == 0) {
      c.hash = line.substr(6);
      hash = c.hash.size() == 64 && std::all_of(c.hash.begin(), c.hash.end(), [](char ch) {
               return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
             });
    } else if (line.rfind("at: ", 0) == 0) {
      c.at = line.substr(4);
      at = !c.at.empty();
    } else if (!line.empty()) {
      return std::nullopt;
    }
  }
  if (!seq || !hash || !at) {
    return std::nullopt;
  }
  return c;
}

std::string Compact(std::string iso) {
  iso.erase(std::remove_if(iso.begin(), iso.end(), [](char c) { return c == '-' || c == ':'; }),
            iso.end());
  return iso;
}

}  // namespace

Result<AuditCheckpoint> WriteAuditCheckpoint(db::Transaction& tx, const audit::AuditLog& audit,
                                             const crypto::SigningKey& key, const fs::path& dir,
                                             const Clock& clock) {
  auto chain = audit.Verify(tx);
  if (!chain.ok) {
    return Error::FailedPrecondition("Chuỗi nhật ký đã hỏng, không lập mốc: " + chain.reason);
  }
  if (chain.head_seq == 0) {
    return Error::FailedPrecondition("Nhật ký chưa có bản ghi nào để lập mốc.");
  }
  AuditCheckpoint c;
  c.seq = chain.head_seq;
  c.hash = chain.head_hash;
  TimePoint now = clock.Now();
  c.at = ToIsoUtc(now);
  c.signer = key.certificate.SubjectDn();
  crypto::CmsSignOptions options;
  options.include_signing_time = true;
  options.signing_time = now;
  auto cms = crypto::SignCms(Body(c.seq, c.hash, c.at), key, options);
  if (!cms) {
    return cms.error();
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return Error::Unavailable("Không tạo được thư mục mốc nhật ký " + dir.string() + ".");
  }
  std::string stem = std::to_string(c.seq) + "-" + Compact(c.at);
  c.file = dir / (stem + ".p7s");
  CQDT_RETURN_IF_ERROR(blob::WriteFileAtomically(dir / (stem + ".txt"), Body(c.seq, c.hash, c.at)));
  CQDT_RETURN_IF_ERROR(blob::WriteFileAtomically(c.file, *cms));
  return c;
}

CheckpointReport VerifyAuditCheckpoints(db::Transaction& tx, const audit::AuditLog& audit,
                                        const fs::path& dir, const crypto::TrustStore* trust) {
  CheckpointReport report;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return report;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".p7s") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  auto read = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  auto problem = [&](const fs::path& p, const std::string& why) {
    report.ok = false;
    report.problems.push_back(p.filename().string() + ": " + why);
  };
  for (const auto& file : files) {
    ++report.checked;
    fs::path text_file = file;
    text_file.replace_extension(".txt");
    std::string text = read(text_file);
    auto cms = crypto::VerifyCms(read(file), std::string_view(text));
    if (!cms || cms->signers.size() != 1) {
      problem(file, "không phải chữ ký CMS hợp lệ của một người ký.");
      continue;
    }
    const auto& signer = cms->signers.front();
    if (!signer.digest_matches || !signer.signature_valid) {
      problem(file, "chữ ký không khớp với nội dung mốc (tệp .txt đã bị sửa).");
      continue;
    }
    auto c = ParseBody(text);
    if (!c) {
      problem(file, "nội dung mốc không đúng định dạng.");
      continue;
    }
    c->file = file;
    if (signer.certificate) {
      c->signer = signer.certificate->SubjectDn();
    }
    if (trust != nullptr) {
      if (!signer.certificate) {
        problem(file, "chữ ký không kèm chứng thư số.");
        continue;
      }
      auto path = trust->Validate(
          *signer.certificate, cms->certificates, signer.signing_time.value_or(TimePoint{}),
          {.purpose = crypto::KeyPurpose::kDocumentSigning, .check_revocation = false}, nullptr);
      if (path.status != crypto::CertificateStatus::kValid) {
        problem(file, "chứng thư số của người ký mốc không hợp lệ: " + path.detail);
        continue;
      }
    }
    auto entry = audit.EntryAt(tx, c->seq);
    if (!entry) {
      problem(file, "bản ghi nhật ký số " + std::to_string(c->seq) +
                        " không còn: các bản ghi từ đó trở đi đã bị xóa.");
      continue;
    }
    if (entry->hash != c->hash) {
      problem(file, "bản ghi nhật ký số " + std::to_string(c->seq) +
                        " không khớp mã băm đã ký: nhật ký đã bị sửa.");
      continue;
    }
    if (!report.latest || report.latest->seq < c->seq) {
      report.latest = *c;
    }
  }
  return report;
}

}  // namespace cqdt::signing
