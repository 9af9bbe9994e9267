#include "signing/verify_file.hpp"

#include <spdlog/spdlog.h>

namespace cqdt::signing {

Result<VerificationReport> VerifyFile(db::Database& db, TrustService& trust,
                                      const Verifier& verifier, const VerifyFileRequest& request) {
  std::shared_ptr<const crypto::TrustStore> documents, timestamps;
  {
    // The connection goes back to the pool before any OCSP or CRL request leaves the machine.
    auto tx = db.BeginRead();
    auto d = trust.Store(tx, TrustPurpose::kDocument);
    if (!d) {
      return d.error();
    }
    auto t = trust.Store(tx, TrustPurpose::kTimestamp);
    if (!t) {
      return t.error();
    }
    documents = std::move(*d);
    timestamps = std::move(*t);
  }
  if (!request.extra_anchors.empty()) {
    auto with_extra = std::make_shared<crypto::TrustStore>(*documents);
    for (const auto& c : request.extra_anchors) {
      with_extra->AddAnchor(c);
    }
    documents = std::move(with_extra);
  }
  std::vector<std::string> evidence;
  TrustContext context{.documents = documents.get(),
                       .timestamps = timestamps->empty() ? documents.get() : timestamps.get(),
                       .fetcher = request.fetcher,
                       .evidence = &evidence};
  auto report = verifier.Verify(request.bytes, request.file_name, context, request.detached_content,
                                request.detached_sha256);
  if (report && !evidence.empty()) {
    // Downloaded CRLs are kept for the next verification (and offline use); losing them only
    // costs a download.
    auto tx = db.Begin();
    auto cached = trust.CacheEvidence(tx, evidence);
    if (!cached || !tx.Commit()) {
      spdlog::warn("signing: could not cache {} downloaded revocation item(s)", evidence.size());
    }
  }
  return report;
}

}  // namespace cqdt::signing
