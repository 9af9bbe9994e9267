// Test helpers for the pdf module's tests: a throwaway PKI made with the openssl CLI, an NSS
// database that trusts its CA (for pdfsig), a CmsMaker over OpenSSL's CMS_sign, and shell helpers.
// Test-only; never included by the library.
#pragma once

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "pdf/pdf.hpp"

namespace cqdt::pdf::test_support {

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const std::filesystem::path& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

inline CommandResult RunCommand(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    return r;
  }
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) {
    r.output.append(buf, n);
  }
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "cqdt-pdf-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

struct Signer {
  std::unique_ptr<X509, X509Deleter> cert;
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key;
};

// A CA and two leaf certificates (the competent person, the agency), made once per test binary.
class TestPki {
 public:
  static TestPki& Get() {
    static TestPki pki;
    return pki;
  }
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::string nss_dir() const { return "sql:" + (dir_.path() / "nss").string(); }
  const Signer& person() const { return person_; }
  const Signer& agency() const { return agency_; }
  X509* ca() const { return ca_.get(); }
  bool nss_has_person_key() const { return nss_person_key_; }

 private:
  TestPki() {
    const std::string d = dir_.path().string();
    auto must = [](const std::string& cmd) {
      CommandResult r = RunCommand(cmd);
      if (r.exit_code != 0) {
        throw std::runtime_error(cmd + ": " + r.output);
      }
    };
    must("cd " + d +
         " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650"
         " -subj '/CN=cqdt Test CA/O=cqdt' -addext basicConstraints=critical,CA:TRUE"
         " -addext keyUsage=critical,keyCertSign,cRLSign");
    for (const char* who : {"person", "agency"}) {
      const std::string w = who;
      const std::string cn = w == "person" ? "Nguyễn Văn Á" : "Sở Nội vụ";
      must("cd " + d + " && openssl req -newkey rsa:2048 -nodes -keyout " + w + ".key -out " + w +
           ".csr -subj '/CN=" + cn + "/O=cqdt' -utf8");
      must("cd " + d + " && printf 'keyUsage=critical,digitalSignature,nonRepudiation\\n' > " + w +
           ".ext && openssl x509 -req -in " + w + ".csr -CA ca.pem -CAkey ca.key -CAcreateserial" +
           " -days 3650 -out " + w + ".pem -extfile " + w + ".ext");
    }
    must("mkdir -p " + d + "/nss && certutil -N -d sql:" + d + "/nss --empty-password");
    must("certutil -A -d sql:" + d + "/nss -n testca -t CT,C,C -i " + d + "/ca.pem");
    // The person's key in NSS too, for signing with `pdfsig -add-signature`.
    nss_person_key_ =
        RunCommand("cd " + d + " && openssl pkcs12 -export -inkey person.key -in person.pem -out" +
                   " person.p12 -passout pass:test -name person && pk12util -i person.p12 -d sql:" +
                   d + "/nss -W test -K ''")
            .exit_code == 0;
    ca_ = LoadCert(dir_.path() / "ca.pem");
    person_ = Signer{LoadCert(dir_.path() / "person.pem"), LoadKey(dir_.path() / "person.key")};
    agency_ = Signer{LoadCert(dir_.path() / "agency.pem"), LoadKey(dir_.path() / "agency.key")};
    // For a manual look at the signed files with the same trust anchors.
    if (const char* keep = std::getenv("CQDT_PDF_KEEP_DIR")) {
      (void)RunCommand("cp -r " + d + " " + std::string(keep) + "/pki");
    }
  }

  static std::unique_ptr<X509, X509Deleter> LoadCert(const std::filesystem::path& p) {
    const std::string pem = ReadFile(p);
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (x == nullptr) {
      throw std::runtime_error("bad certificate " + p.string());
    }
    return std::unique_ptr<X509, X509Deleter>(x);
  }
  static std::unique_ptr<EVP_PKEY, PkeyDeleter> LoadKey(const std::filesystem::path& p) {
    const std::string pem = ReadFile(p);
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* k = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (k == nullptr) {
      throw std::runtime_error("bad key " + p.string());
    }
    return std::unique_ptr<EVP_PKEY, PkeyDeleter>(k);
  }

  TempDir dir_;
  std::unique_ptr<X509, X509Deleter> ca_;
  Signer person_;
  Signer agency_;
  bool nss_person_key_ = false;
};

// A CmsMaker: detached CMS SignedData over the bytes, signer certificate and the CA included.
inline CmsMaker OpenSslCms(const Signer& signer) {
  X509* cert = signer.cert.get();
  EVP_PKEY* key = signer.key.get();
  X509* ca = TestPki::Get().ca();
  return [cert, key, ca](std::string_view bytes) -> Result<std::string> {
    BIO* in = BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size()));
    STACK_OF(X509)* chain = sk_X509_new_null();
    sk_X509_push(chain, ca);
    CMS_ContentInfo* cms =
        CMS_sign(cert, key, chain, in, CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP);
    sk_X509_free(chain);
    BIO_free(in);
    if (cms == nullptr) {
      return Error::Internal();
    }
    unsigned char* der = nullptr;
    const int len = i2d_CMS_ContentInfo(cms, &der);
    CMS_ContentInfo_free(cms);
    if (len <= 0) {
      return Error::Internal();
    }
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
  };
}

// True when `cms_der` is a valid detached signature over `content` (integrity only: digest and
// signature value; the chain is pdfsig's job).
inline bool CmsMatches(std::string_view cms_der, std::string_view content) {
  const auto* p = reinterpret_cast<const unsigned char*>(cms_der.data());
  CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(cms_der.size()));
  if (cms == nullptr) {
    return false;
  }
  BIO* in = BIO_new_mem_buf(content.data(), static_cast<int>(content.size()));
  const int ok =
      CMS_verify(cms, nullptr, nullptr, in, nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY);
  BIO_free(in);
  CMS_ContentInfo_free(cms);
  return ok == 1;
}

inline std::string Testdata(const std::string& name) {
  return ReadFile(std::filesystem::path(CQDT_TESTDATA_DIR) / name);
}

// A small document to sign.
inline std::string SampleDocument(int pages = 1) {
  TextDocument doc;
  doc.title = "Quyet dinh";
  doc.author = "So Noi vu";
  doc.blocks.push_back({"QUYẾT ĐỊNH", 14, true, false, true, 6});
  doc.blocks.push_back(
      {"Về việc ban hành Quy chế công tác văn thư, lưu trữ của Sở Nội vụ tỉnh Hà Giang.", 13, false,
       false, false, 6});
  doc.minimum_pages = pages;
  return RenderTextDocument(doc).value();
}

// A one-page PDF written by hand: `content` as the page's content stream, font /F1 a standard
// Times-Roman (no /Widths) whose /ToUnicode maps 0x80-0x85 to Vietnamese letters, through both
// bfchar and bfrange (plain and array) entries.
inline std::string HandWrittenPdf(const std::string& content) {
  const std::string cmap =
      "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
      "1 begincodespacerange <00> <FF> endcodespacerange\n"
      "3 beginbfchar <80> <1ED1> <81> <0110> <82> <00E0> endbfchar\n"
      "2 beginbfrange <83> <83> <1ED9> <84> <85> [<00E1> <0103>] endbfrange\n"
      "endcmap CMapName currentdict /CMap defineresource pop end end\n";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
      ">> /Contents 6 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /ToUnicode 5 0 R >>",
      "<< /Length " + std::to_string(cmap.size()) + " >>\nstream\n" + cmap + "\nendstream",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[21];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace cqdt::pdf::test_support
