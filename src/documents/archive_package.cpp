// The archive package (issue 11, item 2): writing the ZIP and checking one offline. Layout and
// manifest format: docs/archive-package.md.
#include "documents/archive_package.hpp"

#include <zip.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <set>

#include "crypto/cms.hpp"
#include "crypto/crypto.hpp"
#include "crypto/trust.hpp"
#include "xml/xml.hpp"

namespace cqdt::documents {
namespace {

// Bounds on what verification reads into memory from an untrusted ZIP: the manifest and its
// signature, and each XML file (metadata files are a few KB).
constexpr std::uint64_t kMaxManifestBytes = 64ULL * 1024 * 1024;
constexpr std::uint64_t kMaxSignatureBytes = 4ULL * 1024 * 1024;
constexpr std::uint64_t kMaxXmlBytes = 16ULL * 1024 * 1024;

struct ZipDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

bool IsHex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Reads an entry whole when it is at most `limit` bytes (its declared size is checked first and
// the read is bounded by it again). nullopt: unreadable or too large.
std::optional<std::string> ReadEntry(zip_t* z, zip_uint64_t index, std::uint64_t limit) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z, index, 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0 || st.size > limit) {
    return std::nullopt;
  }
  std::unique_ptr<zip_file_t, ZipFileClose> f(zip_fopen_index(z, index, 0));
  if (!f) {
    return std::nullopt;
  }
  std::string out(static_cast<std::size_t>(st.size), '\0');
  zip_int64_t done = 0;
  while (static_cast<zip_uint64_t>(done) < st.size) {
    const zip_int64_t n = zip_fread(f.get(), out.data() + done, st.size - done);
    if (n <= 0) {
      return std::nullopt;
    }
    done += n;
  }
  return out;
}

// Hashes an entry while reading it (any size, constant memory). nullopt when unreadable (a
// corrupted deflate stream or a CRC error is reported by libzip here).
std::optional<std::pair<std::string, std::uint64_t>> HashEntry(zip_t* z, zip_uint64_t index) {
  std::unique_ptr<zip_file_t, ZipFileClose> f(zip_fopen_index(z, index, 0));
  if (!f) {
    return std::nullopt;
  }
  crypto::Sha256 hash;
  std::uint64_t size = 0;
  std::string buffer(64 * 1024, '\0');
  while (true) {
    const zip_int64_t n = zip_fread(f.get(), buffer.data(), buffer.size());
    if (n < 0) {
      return std::nullopt;
    }
    if (n == 0) {
      break;
    }
    hash.Update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    size += static_cast<std::uint64_t>(n);
  }
  return std::make_pair(hash.FinishHex(), size);
}

struct ManifestLine {
  std::string sha256;
  std::uint64_t size = 0;
};

}  // namespace

std::string PackageEntry::Sha256Hex() const {
  return blob_sha256.empty() ? crypto::Sha256Hex(bytes) : blob_sha256;
}

std::string PackagePathSegment(const std::string& name) {
  std::string out;
  out.reserve(name.size());
  for (unsigned char c : name) {
    out.push_back(c < 0x20 || c == 0x7F || c == '/' || c == '\\' ? '_' : static_cast<char>(c));
  }
  if (out.empty()) {
    return "_";
  }
  if (out.front() == '.') {
    out.front() = '_';
  }
  return out;
}

std::string ManifestText(const std::vector<PackageEntry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    out += e.Sha256Hex() + " " + std::to_string(e.Size()) + " " + e.path + "\n";
  }
  return out;
}

Status WritePackage(const std::filesystem::path& path, const std::vector<PackageEntry>& entries,
                    const std::string& manifest, const std::string& manifest_signature,
                    const blob::BlobStore& blobs) {
  int error = 0;
  std::unique_ptr<zip_t, ZipDiscard> z(
      zip_open(path.c_str(), ZIP_CREATE | ZIP_EXCL | ZIP_TRUNCATE, &error));
  if (!z) {
    return Error::Internal();
  }
  // Bytes handed to libzip must live until zip_close (it reads every source then).
  std::deque<std::string> held;
  auto add = [&](const std::string& name, zip_source_t* source, bool store) -> Status {
    if (source == nullptr) {
      return Error::Internal();
    }
    const zip_int64_t index = zip_file_add(z.get(), name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      return Error::Internal();
    }
    // Signed PDFs and images are compressed already: stored, they are copied, not deflated.
    if (store) {
      zip_set_file_compression(z.get(), static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    return Ok();
  };
  auto add_bytes = [&](const std::string& name, const std::string& bytes) {
    held.push_back(bytes);
    return add(name, zip_source_buffer(z.get(), held.back().data(), held.back().size(), 0), false);
  };
  for (const auto& e : entries) {
    if (e.blob_sha256.empty()) {
      CQDT_RETURN_IF_ERROR(add_bytes(e.path, e.bytes));
      continue;
    }
    if (auto file = blobs.LocalFile(e.blob_sha256)) {
      // Streamed from the blob's own file when the archive is closed: the bytes as stored.
      CQDT_RETURN_IF_ERROR(add(e.path, zip_source_file(z.get(), file->c_str(), 0, 0), true));
      continue;
    }
    CQDT_ASSIGN_OR_RETURN(std::string bytes, blobs.Get(e.blob_sha256));
    held.push_back(std::move(bytes));
    CQDT_RETURN_IF_ERROR(
        add(e.path, zip_source_buffer(z.get(), held.back().data(), held.back().size(), 0), true));
  }
  CQDT_RETURN_IF_ERROR(add_bytes(kManifestName, manifest));
  CQDT_RETURN_IF_ERROR(add_bytes(kManifestSignatureName, manifest_signature));
  if (zip_close(z.get()) != 0) {
    return Error::Internal();
  }
  z.release();  // closed: nothing left to discard
  return Ok();
}

Result<PackageVerification> VerifyPackage(const std::filesystem::path& path,
                                          const VerifyPackageOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Error::NotFound("gói nộp lưu", path.string());
  }
  int error = 0;
  std::unique_ptr<zip_t, ZipDiscard> z(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!z) {
    return Error::Malformed("Tệp không phải là gói ZIP hợp lệ.");
  }
  PackageVerification out;
  auto problem = [&](const std::string& p, const char* kind, const std::string& message) {
    out.problems.push_back({p, kind, message});
  };

  // Untrusted input from here on: every name, size and byte of the ZIP.
  const zip_int64_t count = zip_get_num_entries(z.get(), 0);
  std::map<std::string, zip_uint64_t> in_zip;
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (name == nullptr) {
      continue;
    }
    const std::string n(name);
    if (!n.empty() && n.back() == '/') {
      continue;  // a directory entry carries no bytes
    }
    in_zip.emplace(n, static_cast<zip_uint64_t>(i));
  }

  std::optional<std::string> manifest, signature;
  if (auto it = in_zip.find(kManifestName); it != in_zip.end()) {
    manifest = ReadEntry(z.get(), it->second, kMaxManifestBytes);
    if (!manifest) {
      problem(kManifestName, "malformed", "Không đọc được bảng kê (quá lớn hoặc hỏng).");
    }
  } else {
    problem(kManifestName, "missing", "Thiếu bảng kê manifest.txt.");
  }
  if (auto it = in_zip.find(kManifestSignatureName); it != in_zip.end()) {
    signature = ReadEntry(z.get(), it->second, kMaxSignatureBytes);
    if (!signature) {
      problem(kManifestSignatureName, "malformed", "Không đọc được chữ ký của bảng kê.");
    }
  } else {
    problem(kManifestSignatureName, "missing", "Thiếu chữ ký số của bảng kê (manifest.p7s).");
  }

  // The manifest: "<sha256 hex> <size> <path>" per line.
  std::map<std::string, ManifestLine> listed;
  if (manifest) {
    std::size_t start = 0;
    int line_no = 0;
    while (start < manifest->size()) {
      std::size_t end = manifest->find('\n', start);
      if (end == std::string::npos) {
        end = manifest->size();
      }
      const std::string line = manifest->substr(start, end - start);
      start = end + 1;
      ++line_no;
      const std::size_t a = line.find(' ');
      const std::size_t b = a == std::string::npos ? a : line.find(' ', a + 1);
      ManifestLine m;
      std::string file;
      bool ok = b != std::string::npos;
      if (ok) {
        m.sha256 = line.substr(0, a);
        const std::string size = line.substr(a + 1, b - a - 1);
        file = line.substr(b + 1);
        ok = IsHex64(m.sha256) && !size.empty() && size.size() <= 19 &&
             std::all_of(size.begin(), size.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
             !file.empty() && file != kManifestName && file != kManifestSignatureName;
        if (ok) {
          m.size = std::stoull(size);
        }
      }
      if (!ok || !listed.emplace(file, m).second) {
        problem(std::string(kManifestName) + ":" + std::to_string(line_no), "malformed",
                "Dòng " + std::to_string(line_no) + " của bảng kê không đúng định dạng.");
      }
    }
    out.files = static_cast<int>(listed.size());
  }

  // Every file against the manifest, and the XML well-formed.
  for (const auto& [name, index] : in_zip) {
    if (name == kManifestName || name == kManifestSignatureName) {
      continue;
    }
    auto it = listed.find(name);
    if (it == listed.end()) {
      problem(name, "extra", "Tệp " + name + " không có trong bảng kê.");
      continue;
    }
    auto hashed = HashEntry(z.get(), index);
    if (!hashed) {
      problem(name, "changed", "Tệp " + name + " bị hỏng, không đọc được.");
      continue;
    }
    if (hashed->first != it->second.sha256 || hashed->second != it->second.size) {
      problem(name, "changed", "Tệp " + name + " đã bị thay đổi (mã băm SHA-256 không khớp).");
      continue;
    }
    if (name.size() > 4 && name.ends_with(".xml")) {
      auto text = ReadEntry(z.get(), index, kMaxXmlBytes);
      if (!text || !xml::CheckWellFormed(*text)) {
        problem(name, "malformed", "Tệp " + name + " không phải XML hợp lệ.");
      }
    }
  }
  for (const auto& [name, line] : listed) {
    if (in_zip.find(name) == in_zip.end()) {
      problem(name, "missing", "Thiếu tệp " + name + " có trong bảng kê.");
    }
  }

  // The agency seal's signature over the manifest's bytes.
  if (manifest && signature) {
    auto report = crypto::VerifyCms(*signature, *manifest);
    if (!report || report->signers.empty()) {
      problem(kManifestSignatureName, "signature",
              "Chữ ký số của bảng kê không đọc được (không phải CMS).");
    } else {
      const auto& signer = report->signers.front();
      out.signature_valid = std::all_of(
          report->signers.begin(), report->signers.end(),
          [](const crypto::CmsSignerReport& s) { return s.digest_matches && s.signature_valid; });
      if (signer.certificate) {
        out.signer_subject = signer.certificate->SubjectDn();
        out.signer_serial = signer.certificate->SerialHex();
      }
      out.signing_time = signer.signing_time;
      if (!out.signature_valid) {
        problem(kManifestSignatureName, "signature",
                "Chữ ký số không khớp với bảng kê manifest.txt: bảng kê đã bị thay đổi hoặc chữ "
                "ký hỏng.");
      } else if (!options.trust_anchors.empty()) {
        if (!signer.certificate) {
          out.trust_status = crypto::ToString(crypto::CertificateStatus::kUnknownIssuer);
          problem(kManifestSignatureName, "trust", "Chữ ký không mang chứng thư số của người ký.");
        } else {
          crypto::TrustStore store;
          for (const auto& anchor : options.trust_anchors) {
            store.AddAnchor(anchor);
          }
          // Offline: no CRL or OCSP is fetched; the chain and validity at the signing time.
          crypto::PathValidationOptions path_options;
          path_options.check_revocation = false;
          const auto validation =
              store.Validate(*signer.certificate, report->certificates,
                             signer.signing_time.value_or(options.now), path_options, nullptr);
          out.trust_status = std::string(crypto::ToString(validation.status));
          if (validation.status != crypto::CertificateStatus::kValid) {
            problem(kManifestSignatureName, "trust",
                    "Chứng thư số ký bảng kê không tin cậy được: " + validation.detail);
          }
        }
      }
    }
  }
  out.valid = out.problems.empty();
  return out;
}

}  // namespace cqdt::documents
