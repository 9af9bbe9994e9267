#include "signing/bundled_trust.hpp"

#include <sstream>
#include <string_view>

#include "bundled_trust_data.hpp"

namespace cqdt::signing {
namespace {

std::vector<BundledCertificate> Parse() {
  std::vector<BundledCertificate> out;
  std::istringstream in(bundled_trust_data::kManifest);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::vector<std::string> cols;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
      cols.push_back(line.substr(start, tab - start));
    }
    cols.push_back(line.substr(start));
    if (cols.size() != 4) {
      continue;  // a malformed line ships nothing (bundled_trust_test fails on it)
    }
    BundledCertificate c;
    c.file = cols[0];
    c.anchor = cols[1] == "anchor";
    c.sha256 = cols[2];
    c.name = cols[3];
    for (std::size_t i = 0; i < bundled_trust_data::kFileCount; ++i) {
      if (c.file == bundled_trust_data::kFiles[i].name) {
        c.pem = bundled_trust_data::kFiles[i].text;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

const std::vector<BundledCertificate>& BundledCertificates() {
  static const std::vector<BundledCertificate> certificates = Parse();
  return certificates;
}

std::optional<crypto::Certificate> VerifiedCertificate(const BundledCertificate& entry) {
  auto all = crypto::Certificate::ParseAll(entry.pem);
  if (!all || all->size() != 1 || all->front().FingerprintSha256() != entry.sha256) {
    return std::nullopt;
  }
  return all->front();
}

}  // namespace cqdt::signing
