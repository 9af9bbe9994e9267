// EmbedCms: the CMS made after SignPdf returned (two-step signing) lands in the reserved
// /Contents and pdfsig accepts the result.
#include <string>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf_test_support.hpp"

namespace cqdt::pdf {
namespace {

using test_support::OpenSslCms;
using test_support::RunCommand;
using test_support::TempDir;
using test_support::TestPki;

SignatureRequest Request() {
  SignatureRequest r;
  r.signer_name = "Nguyễn Văn Á";
  r.signing_time = FromUnixSeconds(1795745700);
  r.contents_reserve = 8192;
  return r;
}

// SignPdf with a stand-in CMS, remembering the bytes the real one must cover.
std::string Prepare(const std::string& original, std::string* signed_bytes) {
  auto prepared = SignPdf(original, Request(), [&](std::string_view bytes) -> Result<std::string> {
    *signed_bytes = std::string(bytes);
    return std::string("\x30\x03\x02\x01\x00", 5);  // a DER SEQUENCE, as a partial CMS is
  });
  EXPECT_TRUE(prepared) << prepared.error().message();
  return prepared ? *prepared : std::string();
}

TEST(PdfEmbedTest, CmsMadeLaterVerifiesInPdfsig) {
  std::string signed_bytes;
  const std::string prepared = Prepare(test_support::SampleDocument(), &signed_bytes);
  auto cms = OpenSslCms(TestPki::Get().person())(signed_bytes);
  ASSERT_TRUE(cms);
  auto done = EmbedCms(prepared, *cms);
  ASSERT_TRUE(done) << done.error().message();
  EXPECT_EQ(done->size(), prepared.size());  // only /Contents changed

  auto sigs = ReadSignatures(*done);
  ASSERT_TRUE(sigs);
  ASSERT_EQ(sigs->size(), 1u);
  EXPECT_TRUE(sigs->front().byte_range_valid);
  EXPECT_EQ(SignedBytes(*done, sigs->front()), signed_bytes);
  EXPECT_TRUE(test_support::CmsMatches(sigs->front().contents, signed_bytes));

  TempDir dir;
  const auto file = dir.path() / "doc.pdf";
  test_support::WriteFile(file, *done);
  const auto r = RunCommand("pdfsig -nssdir " + TestPki::Get().nss_dir() + " " + file.string());
  EXPECT_NE(r.output.find("Signature Validation: Signature is Valid."), std::string::npos)
      << r.output;
}

TEST(PdfEmbedTest, RefusesWhatDoesNotFitOrIsNotAPlaceholder) {
  std::string signed_bytes;
  const std::string prepared = Prepare(test_support::SampleDocument(), &signed_bytes);
  auto too_big = EmbedCms(prepared, std::string(8193, '\x01'));
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code(), ErrorCode::kTooLarge);
  auto empty = EmbedCms(prepared, "");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code(), ErrorCode::kInvalidArgument);
  // An unsigned file has no placeholder; bytes appended after the revision break the link.
  EXPECT_FALSE(EmbedCms(test_support::SampleDocument(), "x"));
  EXPECT_FALSE(EmbedCms(prepared + "\n% appended\n", "x"));
}

}  // namespace
}  // namespace cqdt::pdf
