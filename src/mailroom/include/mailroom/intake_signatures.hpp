// The mail intake's SignatureCheck (intake.hpp) over signing's verification: a PDF with a
// signature dictionary, an XML file with an XML-DSig Signature element, or a CMS file (.p7m,
// .p7s, application/pkcs7-*) is verified with signing::VerifyFile (the trust stores and, when
// given, CRL/OCSP fetching), offline when `fetcher` is null; other files carry no signature
// that cqdt checks. A detached CMS signature (an S/MIME message's smime.p7s) is not checked: its
// content is a MIME part the intake does not keep apart.
// Thread safety: as its collaborators (safe to share).
#pragma once

#include "crypto/trust.hpp"
#include "db/database.hpp"
#include "mailroom/intake.hpp"
#include "signing/trust_service.hpp"
#include "signing/verification.hpp"

namespace cqdt::mailroom {

class SigningSignatureCheck : public SignatureCheck {
 public:
  SigningSignatureCheck(db::Database& db, signing::TrustService& trust,
                        const signing::Verifier& verifier,
                        crypto::RevocationFetcher* fetcher = nullptr)
      : db_(db), trust_(trust), verifier_(verifier), fetcher_(fetcher) {}

  std::optional<SignatureSummary> Check(const std::string& name, const std::string& bytes) override;

 private:
  db::Database& db_;
  signing::TrustService& trust_;
  const signing::Verifier& verifier_;
  crypto::RevocationFetcher* fetcher_;
};

}  // namespace cqdt::mailroom
