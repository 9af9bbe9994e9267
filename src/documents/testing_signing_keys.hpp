// Tests only: what the outgoing flow's database tests sign and store with. KeyFiles writes a test
// PKI to a temp directory (a root, the agency's seal without and with a password, the leader's
// personal key) and a keys.toml for signing::KeyRing::LoadFile; MemoryBlobs keeps blobs in a map;
// BlankDraft is a draft as the drafter leaves it, number and date blank (Phụ lục I header).
// Make KeyFiles once per suite (SetUpTestSuite): issuing the certificates takes a while.
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <system_error>

#include "blob/blob_store.hpp"
#include "blob/memory_blob_store.hpp"
#include "crypto/test_pki.hpp"
#include "crypto/x509.hpp"
#include "pdf/pdf.hpp"

namespace cqdt::documents::testing {

// Key ids in keys.toml: "seal" (no password), "seal-pw" (password "dung-mat-khau", asked at the
// issue) owned by the agency "000.00.01.H01"; "lanhdao", the personal key of user "lanhdao".
struct KeyFiles {
  std::filesystem::path dir;

  KeyFiles() {
    using crypto::CertificateKind;
    std::string templ = (std::filesystem::temp_directory_path() / "cqdt-keys-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) {
      std::abort();
    }
    dir = templ;
    crypto::SigningKey root = IssueCert(CertificateKind::kRootCa, "cqdt Test Root CA", nullptr);
    crypto::SigningKey seal = IssueCert(CertificateKind::kSeal, "So Noi vu", &root);
    crypto::SigningKey personal = IssueCert(CertificateKind::kPersonal, "Tran Lanh Dao", &root);
    WriteFile(dir / "seal.p12", crypto::MakePkcs12(seal, "", "seal").value());
    WriteFile(dir / "seal-pw.p12", crypto::MakePkcs12(seal, "dung-mat-khau", "seal").value());
    WriteFile(dir / "lanhdao.p12", crypto::MakePkcs12(personal, "", "lanhdao").value());
    WriteFile(dir / "keys.toml",
              "[[key]]\nid = \"seal\"\nkind = \"seal\"\nowner = \"000.00.01.H01\"\n"
              "source = \"seal.p12\"\n\n"
              "[[key]]\nid = \"seal-pw\"\nkind = \"seal\"\nowner = \"000.00.01.H01\"\n"
              "source = \"seal-pw.p12\"\nask_secret = true\n\n"
              "[[key]]\nid = \"lanhdao\"\nkind = \"personal\"\nowner = \"lanhdao\"\n"
              "source = \"lanhdao.p12\"\n");
  }
  ~KeyFiles() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  KeyFiles(const KeyFiles&) = delete;
  KeyFiles& operator=(const KeyFiles&) = delete;

 private:
  static crypto::SigningKey IssueCert(crypto::CertificateKind kind, const std::string& cn,
                                      const crypto::SigningKey* issuer) {
    using crypto::testing::Day;
    return crypto::testing::IssueTestCertificate(
        kind, cn, issuer,
        {.organization = "So Noi vu",
         .algorithm = crypto::KeyAlgorithm::kEc,
         .not_before = Day(2020, 1, 1),
         .not_after =
             kind == crypto::CertificateKind::kRootCa ? Day(2045, 1, 1) : Day(2030, 1, 1)});
  }

  static void WriteFile(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
};

using MemoryBlobs = cqdt::blob::MemoryBlobStore;

// `heading` is the document's name line ("QUYẾT ĐỊNH"; "PHỤ LỤC" for an attachment).
inline std::string BlankDraft(const std::string& heading = "QUYẾT ĐỊNH") {
  pdf::TextDocument doc;
  doc.title = "Quyet dinh";
  doc.blocks.push_back({"SỞ NỘI VỤ", 13, true, false, true, 2});
  doc.blocks.push_back({"Số: ......../QĐ-S", 13, false, false, true, 2});
  doc.blocks.push_back(
      {"An Giang, ngày ....... tháng ....... năm 2025", 14, false, true, true, 12});
  doc.blocks.push_back({heading, 14, true, false, true, 6});
  doc.blocks.push_back({"Về việc tổ chức hội nghị.", 14, false, false, false, 6});
  return pdf::RenderTextDocument(doc).value();
}

}  // namespace cqdt::documents::testing
