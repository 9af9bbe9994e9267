// Signing and verification throughput (issue 4): PDF (PAdES B-B), XML (enveloped XML-DSig), CMS
// (.p7s), and verification with path validation, each for RSA-2048 and ECDSA P-256. The raw key
// operations (EVP_DigestSign / EVP_DigestVerify of 32 bytes, what `openssl speed` measures) run in
// the same binary as the in-run ceiling. bench/signing-bench.sh sets these beside `openssl speed`.
//
// Everything is made once outside the timed loops: an in-memory root -> leaf PKI per key type, the
// unsigned documents, the signed files to verify and the trust store (root + a CRL). Every
// iteration signs the same unsigned input; time is "now" (no timestamp authority: B-B).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include "core/clock.hpp"
#include "crypto/pki.hpp"
#include "crypto/trust.hpp"
#include "crypto/x509.hpp"
#include "pdf/pdf.hpp"
#include "signing/signing_service.hpp"
#include "signing/verification.hpp"

namespace {

using cqdt::TimePoint;
using cqdt::crypto::KeyAlgorithm;
using std::chrono::days;
using std::chrono::hours;

template <typename T>
T Check(cqdt::Result<T> r, std::string_view what) {
  if (!r) {
    throw std::runtime_error(std::string(what) + ": " + r.error().message());
  }
  return *std::move(r);
}

TimePoint Now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error(std::string("cannot read ") + path);
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// --- Documents -------------------------------------------------------------------------------

constexpr std::string_view kParagraph =
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 15 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh về công "
    "tác văn thư, lưu trữ, Sở Nội vụ đề nghị các cơ quan, đơn vị rà soát danh mục hồ sơ năm 2025, "
    "cập nhật đầy đủ thông tin về thời hạn bảo quản, người lập hồ sơ và gửi về Sở Nội vụ "
    "trước ngày 20 tháng 3 năm 2025 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định "
    "tại Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư.";

cqdt::pdf::TextDocument Letter(int paragraphs, int minimum_pages) {
  cqdt::pdf::TextDocument doc;
  doc.title = "V/v rà soát danh mục hồ sơ năm 2025";
  doc.author = "Sở Nội vụ tỉnh Mẫu";
  doc.minimum_pages = minimum_pages;
  doc.blocks.push_back({"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, true, false, true, 0});
  doc.blocks.push_back({"Độc lập - Tự do - Hạnh phúc", 14, true, false, true, 12});
  doc.blocks.push_back({"CÔNG VĂN", 14, true, false, true, 12});
  for (int i = 0; i < paragraphs; ++i) {
    doc.blocks.push_back({std::string(kParagraph), 14, false, false, false, 6});
  }
  doc.blocks.push_back({"KT. GIÁM ĐỐC", 14, true, false, true, 0});
  doc.blocks.push_back({"PHÓ GIÁM ĐỐC", 14, true, false, true, 60});
  doc.blocks.push_back({"Trần Văn A", 14, true, false, true, 0});
  return doc;
}

// The edXML example of edxml.md §10 with its attachment filled to make a ~5 KB package.
std::string EdXmlPackage() {
  std::string attachment;
  while (attachment.size() < 2400) {
    if (!attachment.empty() && attachment.size() % 77 == 76) {
      attachment += '\n';
    }
    attachment += "JVBERi0xLjcK"[attachment.size() % 12];
  }
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader>
   <edXML:MessageHeader>
    <edXML:From>
     <edXML:OrganId>000.00.07.H99</edXML:OrganId>
     <edXML:OrganName>Sở Nội vụ tỉnh Mẫu</edXML:OrganName>
    </edXML:From>
    <edXML:To>
     <edXML:OrganId>000.00.00.H99</edXML:OrganId>
     <edXML:OrganName>UBND tỉnh Mẫu</edXML:OrganName>
    </edXML:To>
    <edXML:To>
     <edXML:OrganId>000.00.21.H99</edXML:OrganId>
     <edXML:OrganName>UBND xã Mẫu Sơn</edXML:OrganName>
    </edXML:To>
    <edXML:DocumentId>000.00.07.H99,2025/03/05,45/SNV-VP</edXML:DocumentId>
    <edXML:Code>
     <edXML:CodeNumber>45</edXML:CodeNumber>
     <edXML:CodeNotation>SNV-VP</edXML:CodeNotation>
    </edXML:Code>
    <edXML:PromulgationInfo>
     <edXML:Place>Thành phố Mẫu</edXML:Place>
     <edXML:PromulgationDate>2025/03/05</edXML:PromulgationDate>
    </edXML:PromulgationInfo>
    <edXML:DocumentType>
     <edXML:Type>2</edXML:Type>
     <edXML:TypeDetail>18</edXML:TypeDetail>
     <edXML:TypeName>Công văn</edXML:TypeName>
    </edXML:DocumentType>
    <edXML:Subject>V/v rà soát danh mục hồ sơ năm 2025</edXML:Subject>
    <edXML:SignerInfo>
     <edXML:Competence>KT. GIÁM ĐỐC</edXML:Competence>
     <edXML:Position>Phó Giám đốc</edXML:Position>
     <edXML:FullName>Trần Văn A</edXML:FullName>
    </edXML:SignerInfo>
    <edXML:DueDate>2025/03/20</edXML:DueDate>
    <edXML:ToPlaces><edXML:Place>Như trên</edXML:Place><edXML:Place>Lưu: VT, VP</edXML:Place></edXML:ToPlaces>
    <edXML:OtherInfo>
     <edXML:Priority>1</edXML:Priority>
     <edXML:PromulgationAmount>3</edXML:PromulgationAmount>
     <edXML:PageAmount>2</edXML:PageAmount>
    </edXML:OtherInfo>
    <edXML:SteeringType>0</edXML:SteeringType>
   </edXML:MessageHeader>
   <edXML:TraceHeaderList>
    <edXML:TraceHeader>
     <edXML:OrganId>000.00.07.H99</edXML:OrganId>
     <edXML:Timestamp>2025/03/05 09:15:00</edXML:Timestamp>
    </edXML:TraceHeader>
    <edXML:Bussiness>
     <edXML:BussinessDocType>0</edXML:BussinessDocType>
     <edXML:BussinessDocReason>Văn bản điện tử mới</edXML:BussinessDocReason>
     <edXML:Paper>0</edXML:Paper>
    </edXML:Bussiness>
   </edXML:TraceHeaderList>
  </edXML:edXMLHeader>
  <edXML:edXMLBody>
   <edXML:edXMLManifest version="1.0">
    <edXML:Reference>
     <edXML:ContentId>cid:6f1c2b7e-1d7e-4b1f-9b1a-2f5a0c1d9e01</edXML:ContentId>
     <edXML:ContentType>application/pdf</edXML:ContentType>
     <edXML:Description>Văn bản chính</edXML:Description>
     <edXML:AttachmentName>45_SNV-VP.signed.pdf</edXML:AttachmentName>
    </edXML:Reference>
   </edXML:edXMLManifest>
  </edXML:edXMLBody>
 </edXML:edXMLEnvelope>
 <AttachmentEncoded>
  <Attachment>
   <ContentId>6f1c2b7e-1d7e-4b1f-9b1a-2f5a0c1d9e01</ContentId>
   <AttachmentName>45_SNV-VP.signed.pdf</AttachmentName>
   <ContentType>application/pdf</ContentType>
   <edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">)" +
         attachment + R"(</edXML:ContentTransferEncoded>
  </Attachment>
 </AttachmentEncoded>
</edXML>
)";
}

struct Documents {
  std::string pdf_1_page;
  std::string pdf_50_pages;
  std::size_t pages_1 = 0;
  std::size_t pages_50 = 0;
  std::string xml;
  std::string bytes_1_kb;
  std::string bytes_1_mb;
  std::string seal_png;
};

const Documents& Docs() {
  static const Documents docs = [] {
    Documents d;
    d.pdf_1_page = Check(cqdt::pdf::RenderTextDocument(Letter(3, 1)), "RenderTextDocument 1");
    d.pdf_50_pages = Check(cqdt::pdf::RenderTextDocument(Letter(320, 50)), "RenderTextDocument 50");
    d.pages_1 = Check(cqdt::pdf::PageSizes(d.pdf_1_page), "PageSizes").size();
    d.pages_50 = Check(cqdt::pdf::PageSizes(d.pdf_50_pages), "PageSizes").size();
    if (d.pages_1 != 1 || d.pages_50 != 50) {
      throw std::runtime_error("unexpected page counts: " + std::to_string(d.pages_1) + ", " +
                               std::to_string(d.pages_50));
    }
    d.xml = EdXmlPackage();
    d.bytes_1_mb.resize(1024 * 1024);
    for (std::size_t i = 0; i < d.bytes_1_mb.size(); ++i) {
      d.bytes_1_mb[i] = static_cast<char>((i * 2654435761U) >> 13);
    }
    d.bytes_1_kb.assign(d.bytes_1_mb, 0, 1024);
    d.seal_png = ReadFile(CQDT_SEAL_PNG);
    return d;
  }();
  return docs;
}

// --- PKI -------------------------------------------------------------------------------------

// Root CA -> leaf (an agency seal certificate), both of one key type, plus a trust store holding
// the root and an empty CRL from it, so verification walks the path and checks revocation
// offline.
struct Pki {
  cqdt::crypto::SigningKey root;
  cqdt::crypto::SigningKey leaf;
  cqdt::crypto::TrustStore store;
};

cqdt::crypto::CertificateProfile Profile(cqdt::crypto::CertificateKind kind, KeyAlgorithm algorithm,
                                         std::string common_name) {
  cqdt::crypto::CertificateProfile p;
  p.kind = kind;
  p.common_name = std::move(common_name);
  p.organization = "Sở Nội vụ tỉnh Mẫu";
  p.algorithm = algorithm;
  p.bits = 2048;
  p.not_before = Now() - days(30);
  p.not_after = Now() + days(365);
  return p;
}

Pki MakePki(KeyAlgorithm algorithm) {
  using cqdt::crypto::CertificateKind;
  auto root = Check(cqdt::crypto::IssueCertificate(
                        Profile(CertificateKind::kRootCa, algorithm, "Root CA Benchmark"), nullptr),
                    "IssueCertificate root");
  auto leaf = Check(cqdt::crypto::IssueCertificate(
                        Profile(CertificateKind::kSeal, algorithm, "Sở Nội vụ tỉnh Mẫu"), &root),
                    "IssueCertificate leaf");
  cqdt::crypto::TrustStore store;
  store.AddAnchor(root.certificate);
  store.AddCrl(
      Check(cqdt::crypto::IssueCrl(root, {}, Now() - hours(1), Now() + days(7)), "IssueCrl"));
  return Pki{std::move(root), std::move(leaf), std::move(store)};
}

const Pki& PkiFor(KeyAlgorithm algorithm) {
  static const Pki rsa = MakePki(KeyAlgorithm::kRsa);
  static const Pki ec = MakePki(KeyAlgorithm::kEc);
  return algorithm == KeyAlgorithm::kRsa ? rsa : ec;
}

// --- Raw key operations (the ceiling) --------------------------------------------------------
// SHA-256 + the private-key operation on 32 bytes with a fresh EVP_MD_CTX per call, as the CMS
// code does; `openssl speed` signs a 36-byte digest with a context set up once.

void BM_RawSign(benchmark::State& state, KeyAlgorithm algorithm) {
  const auto& key = PkiFor(algorithm).leaf.key;
  const unsigned char data[32] = {1, 2, 3};
  std::vector<unsigned char> sig(512);
  for (auto _ : state) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::size_t len = sig.size();
    if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.native()) != 1 ||
        EVP_DigestSign(ctx.get(), sig.data(), &len, data, sizeof data) != 1) {
      state.SkipWithError("EVP_DigestSign failed");
      break;
    }
    benchmark::DoNotOptimize(sig.data());
    benchmark::DoNotOptimize(len);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_RawVerify(benchmark::State& state, KeyAlgorithm algorithm) {
  const auto& key = PkiFor(algorithm).leaf.key;
  const unsigned char data[32] = {1, 2, 3};
  std::vector<unsigned char> sig(512);
  std::size_t len = sig.size();
  {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.native()) != 1 ||
        EVP_DigestSign(ctx.get(), sig.data(), &len, data, sizeof data) != 1) {
      state.SkipWithError("EVP_DigestSign failed");
      return;
    }
  }
  for (auto _ : state) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    int ok = EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.native()) == 1 &&
             EVP_DigestVerify(ctx.get(), sig.data(), len, data, sizeof data) == 1;
    if (!ok) {
      state.SkipWithError("EVP_DigestVerify failed");
      break;
    }
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}

// --- Signing ---------------------------------------------------------------------------------

// Signs once untimed (first use initialises xmlsec, PoDoFo's fonts and OpenSSL's key caches;
// a failure skips the benchmark instead of timing an error path), then times `sign` on the same
// input every iteration.
template <typename Sign>
void RunSign(benchmark::State& state, std::size_t in_bytes, const Sign& sign) {
  auto warm = sign();
  if (!warm) {
    state.SkipWithError(warm.error().message().c_str());
    return;
  }
  for (auto _ : state) {
    auto out = sign();
    if (!out) {
      state.SkipWithError(out.error().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["in_bytes"] = static_cast<double>(in_bytes);
  state.counters["out_bytes"] = static_cast<double>(warm->size());
}

enum class PdfCase { kOnePage, kOnePageSeal, kFiftyPages };

void BM_SignPdf(benchmark::State& state, KeyAlgorithm algorithm, PdfCase which) {
  const auto& key = PkiFor(algorithm).leaf;
  const auto& docs = Docs();
  const std::string& input = which == PdfCase::kFiftyPages ? docs.pdf_50_pages : docs.pdf_1_page;
  cqdt::signing::PdfSignOptions options;
  options.reason = "Phát hành văn bản";
  options.location = "Thành phố Mẫu";
  options.signing_time = Now();
  if (which == PdfCase::kOnePageSeal) {
    options.style = cqdt::signing::AppearanceStyle::kSeal;
    options.image_png = docs.seal_png;
  }
  RunSign(state, input.size(), [&] { return cqdt::signing::SignPdfWithKey(input, key, options); });
  state.counters["pages"] =
      static_cast<double>(which == PdfCase::kFiftyPages ? docs.pages_50 : docs.pages_1);
}

void BM_SignXml(benchmark::State& state, KeyAlgorithm algorithm) {
  const auto& key = PkiFor(algorithm).leaf;
  const std::string& input = Docs().xml;
  RunSign(state, input.size(), [&] { return cqdt::signing::SignXmlWithKey(input, key); });
}

void BM_SignCms(benchmark::State& state, KeyAlgorithm algorithm, std::size_t size) {
  const auto& key = PkiFor(algorithm).leaf;
  const std::string& input = size <= 1024 ? Docs().bytes_1_kb : Docs().bytes_1_mb;
  const TimePoint now = Now();
  RunSign(state, input.size(), [&] { return cqdt::signing::SignCmsWithKey(input, key, "", now); });
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(input.size()));
}

// --- Verification ----------------------------------------------------------------------------

enum class VerifyCase { kPdf, kXml, kCms };

// Empty when `report` is one TOTAL_PASSED signature whose root -> leaf path was checked against
// the store's CRL; else why not.
std::string WhyNotPassed(const cqdt::Result<cqdt::signing::VerificationReport>& report) {
  if (!report) {
    return report.error().message();
  }
  if (report->signatures.size() != 1) {
    return "expected one signature, found " + std::to_string(report->signatures.size());
  }
  const auto& s = report->signatures[0];
  if (!report->AllPassed() || s.revocation_source != "crl" || s.chain.size() != 2) {
    return "not TOTAL_PASSED with a CRL-checked path: " + report->conclusion + " / " +
           s.certificate_detail + " / revocation " + s.revocation_source;
  }
  return "";
}

void BM_Verify(benchmark::State& state, KeyAlgorithm algorithm, VerifyCase which) {
  const Pki& pki = PkiFor(algorithm);
  const auto& docs = Docs();
  std::string file;
  std::optional<std::string_view> detached;
  std::string name;
  switch (which) {
    case VerifyCase::kPdf: {
      cqdt::signing::PdfSignOptions options;
      options.signing_time = Now();
      file = Check(cqdt::signing::SignPdfWithKey(docs.pdf_1_page, pki.leaf, options), "SignPdf");
      name = "cong-van.pdf";
      break;
    }
    case VerifyCase::kXml:
      file = Check(cqdt::signing::SignXmlWithKey(docs.xml, pki.leaf), "SignXml");
      name = "goi-tin.xml";
      break;
    case VerifyCase::kCms:
      file = Check(cqdt::signing::SignCmsWithKey(docs.bytes_1_kb, pki.leaf, "", Now()), "SignCms");
      detached = docs.bytes_1_kb;
      name = "tep.p7s";
      break;
  }
  const cqdt::SystemClock clock;
  const cqdt::signing::Verifier verifier(clock);
  cqdt::signing::TrustContext trust;
  trust.documents = &pki.store;
  trust.timestamps = &pki.store;
  trust.fetcher = nullptr;  // offline: the store's CRL answers revocation

  // The loop must measure a full, passing verification (path and CRL included), not a failure.
  const std::string why_not = WhyNotPassed(verifier.Verify(file, name, trust, detached));
  if (!why_not.empty()) {
    state.SkipWithError(why_not.c_str());
    return;
  }
  for (auto _ : state) {
    auto report = verifier.Verify(file, name, trust, detached);
    benchmark::DoNotOptimize(report);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["in_bytes"] = static_cast<double>(file.size());
}

// Names are <operation>/<key>; bench/signing-bench.sh parses them.
#define CQDT_BOTH_KEYS(func, name, ...)                                                   \
  BENCHMARK_CAPTURE(func, name##_rsa2048, KeyAlgorithm::kRsa __VA_OPT__(, ) __VA_ARGS__)  \
      ->Unit(benchmark::kMicrosecond);                                                    \
  BENCHMARK_CAPTURE(func, name##_ecdsap256, KeyAlgorithm::kEc __VA_OPT__(, ) __VA_ARGS__) \
      ->Unit(benchmark::kMicrosecond)

CQDT_BOTH_KEYS(BM_RawSign, raw_sign);
CQDT_BOTH_KEYS(BM_RawVerify, raw_verify);
CQDT_BOTH_KEYS(BM_SignPdf, pdf_1page, PdfCase::kOnePage);
CQDT_BOTH_KEYS(BM_SignPdf, pdf_1page_seal, PdfCase::kOnePageSeal);
CQDT_BOTH_KEYS(BM_SignPdf, pdf_50pages, PdfCase::kFiftyPages);
CQDT_BOTH_KEYS(BM_SignXml, xml_edxml);
CQDT_BOTH_KEYS(BM_SignCms, cms_1kb, std::size_t{1024});
CQDT_BOTH_KEYS(BM_SignCms, cms_1mb, std::size_t{1024 * 1024});
CQDT_BOTH_KEYS(BM_Verify, verify_pdf_1page, VerifyCase::kPdf);
CQDT_BOTH_KEYS(BM_Verify, verify_xml_edxml, VerifyCase::kXml);
CQDT_BOTH_KEYS(BM_Verify, verify_cms_1kb, VerifyCase::kCms);

}  // namespace

BENCHMARK_MAIN();
