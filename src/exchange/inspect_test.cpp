#include "exchange/inspect.hpp"

#include <string>

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "zip_codec.hpp"

namespace cqdt::exchange {
namespace {

std::string Package(const std::string& header_extra, const std::string& attachments = "",
                    const std::string& manifest = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader>
   <edXML:MessageHeader>
    <edXML:From><edXML:OrganId>000.00.07.H01</edXML:OrganId><edXML:OrganName>Sở Nội vụ</edXML:OrganName></edXML:From>
    <edXML:To><edXML:OrganId>000.00.00.H01</edXML:OrganId><edXML:OrganName>UBND tỉnh An Giang</edXML:OrganName></edXML:To>
    <edXML:DocumentId>000.00.07.H01,2026/03/05,45/SNV-VP</edXML:DocumentId>
    <edXML:Code><edXML:CodeNumber>45</edXML:CodeNumber><edXML:CodeNotation>SNV-VP</edXML:CodeNotation></edXML:Code>
    <edXML:PromulgationInfo><edXML:Place>Long Xuyên</edXML:Place><edXML:PromulgationDate>2026/03/05</edXML:PromulgationDate></edXML:PromulgationInfo>
    <edXML:DocumentType><edXML:Type>2</edXML:Type><edXML:TypeDetail>18</edXML:TypeDetail><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
    <edXML:Subject>V/v rà soát danh mục hồ sơ</edXML:Subject>
    <edXML:SignerInfo><edXML:Position>Giám đốc</edXML:Position><edXML:FullName>Trần Văn A</edXML:FullName></edXML:SignerInfo>
)" + header_extra +
         R"(   </edXML:MessageHeader>
   <edXML:TraceHeaderList>
    <edXML:TraceHeader><edXML:OrganId>000.00.07.H01</edXML:OrganId><edXML:Timestamp>2026/03/05 09:15:00</edXML:Timestamp></edXML:TraceHeader>
    <edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType><edXML:BussinessDocReason>Văn bản điện tử mới</edXML:BussinessDocReason><edXML:Paper>0</edXML:Paper></edXML:Bussiness>
   </edXML:TraceHeaderList>
  </edXML:edXMLHeader>
  <edXML:edXMLBody><edXML:edXMLManifest version="1.0">)" +
         manifest + R"(</edXML:edXMLManifest></edXML:edXMLBody>
 </edXML:edXMLEnvelope>
 <AttachmentEncoded>)" +
         attachments + R"(</AttachmentEncoded>
</edXML>)";
}

std::string Reference(const std::string& id, const std::string& name, const std::string& type) {
  return "<edXML:Reference><edXML:ContentId>cid:" + id + "</edXML:ContentId><edXML:ContentType>" +
         type + "</edXML:ContentType><edXML:AttachmentName>" + name +
         "</edXML:AttachmentName></edXML:Reference>";
}

std::string Payload(const std::string& id, const std::string& name, const std::string& type,
                    const std::string& bytes) {
  return "<Attachment><ContentId>" + id + "</ContentId><AttachmentName>" + name +
         "</AttachmentName><ContentType>" + type + "</ContentType><ContentTransferEncoded>" +
         crypto::Base64Encode(bytes) + "</ContentTransferEncoded></Attachment>";
}

InspectOptions Lenient() {
  InspectOptions o;
  o.signature = SignaturePolicy::kWarn;
  return o;
}

TEST(InspectTest, ReadsTheWorkedExample) {
  const std::string pdf = "%PDF-1.7\n%test\n";
  auto in = Inspect(Package("", Payload("a1", "45.pdf", "application/pdf", pdf),
                            Reference("a1", "45.pdf", "application/pdf")),
                    Lenient());
  ASSERT_TRUE(in.accepted) << in.refusal->message;
  EXPECT_EQ(in.kind, PackageKind::kDocument);
  const DocumentHeader& h = in.document.header;
  EXPECT_EQ(h.from.organ_id, "000.00.07.H01");
  ASSERT_EQ(h.to.size(), 1u);
  EXPECT_EQ(h.document_id, "000.00.07.H01,2026/03/05,45/SNV-VP");
  EXPECT_EQ(h.type, 2);
  EXPECT_EQ(h.type_detail, 18);
  EXPECT_EQ(h.subject, "V/v rà soát danh mục hồ sơ");
  ASSERT_EQ(in.document.attachments.size(), 1u);
  EXPECT_EQ(in.document.attachments[0].bytes, pdf);
  EXPECT_FALSE(in.document.attachments[0].unzipped);
  EXPECT_TRUE(in.warnings.empty()) << in.warnings[0].code;
}

TEST(InspectTest, UnzipsASingleFileUnderAnyContentType) {
  auto zip = internal::ZipSingle("6a1e.pdf", "%PDF-1.4 inner");
  ASSERT_TRUE(zip.has_value());
  auto in = Inspect(Package("", Payload("a1", "bao-cao.pdf", "text/plain", *zip),
                            Reference("a1", "bao-cao.pdf", "text/plain")),
                    Lenient());
  ASSERT_TRUE(in.accepted) << in.refusal->message;
  ASSERT_EQ(in.document.attachments.size(), 1u);
  EXPECT_TRUE(in.document.attachments[0].unzipped);
  EXPECT_EQ(in.document.attachments[0].bytes, "%PDF-1.4 inner");
  EXPECT_TRUE(in.HasWarning("content-type"));
}

TEST(InspectTest, KeepsAZipNamedZip) {
  auto zip = internal::ZipSingle("a.txt", "x");
  ASSERT_TRUE(zip.has_value());
  auto in = Inspect(Package("", Payload("1", "ho-so.zip", "application/zip", *zip),
                            Reference("1", "ho-so.zip", "application/zip")),
                    Lenient());
  ASSERT_TRUE(in.accepted);
  EXPECT_FALSE(in.document.attachments[0].unzipped);
  EXPECT_EQ(in.document.attachments[0].bytes, *zip);
}

TEST(InspectTest, RefusesAZipBomb) {
  auto zip = internal::ZipSingle("a.odt", std::string(3 * 1024 * 1024, '\0'));
  ASSERT_TRUE(zip.has_value());
  InspectOptions o = Lenient();
  o.max_unzipped_bytes = 1024 * 1024;
  auto in = Inspect(Package("", Payload("1", "a.odt", "application/zip", *zip),
                            Reference("1", "a.odt", "application/zip")),
                    o);
  ASSERT_FALSE(in.accepted);
  EXPECT_EQ(in.refusal->reason, RefusalReason::kAttachment);
}

TEST(InspectTest, RefusesAManifestEntryWithoutPayload) {
  auto in = Inspect(Package("", "", Reference("9", "x.pdf", "application/pdf")), Lenient());
  ASSERT_FALSE(in.accepted);
  EXPECT_EQ(in.refusal->reason, RefusalReason::kAttachment);
  // What could be read is kept, to address the STATUS 02.
  EXPECT_EQ(in.document.header.from.organ_id, "000.00.07.H01");
  EXPECT_EQ(in.document.header.document_id, "000.00.07.H01,2026/03/05,45/SNV-VP");
}

TEST(InspectTest, RefusesTwoPayloadsUnderOneContentId) {
  auto in = Inspect(Package("",
                            Payload("1", "huong-dan.docx", "application/pdf", "%PDF-1.7 a") +
                                Payload("cid:1", "quyet-dinh.pdf", "application/pdf", "%PDF-1.7 b"),
                            Reference("1", "quyet-dinh.pdf", "application/pdf")),
                    Lenient());
  ASSERT_FALSE(in.accepted);
  EXPECT_EQ(in.refusal->reason, RefusalReason::kAttachment);
  EXPECT_EQ(in.refusal->field, "AttachmentEncoded/Attachment/ContentId");
  EXPECT_NE(in.refusal->message.find("có cùng mã nội dung (ContentId '1')"), std::string::npos)
      << in.refusal->message;
}

TEST(InspectTest, RefusesAPathInAnAttachmentName) {
  auto in = Inspect(Package("", Payload("1", "../../etc/passwd", "application/pdf", "%PDF-"),
                            Reference("1", "../../etc/passwd", "application/pdf")),
                    Lenient());
  ASSERT_FALSE(in.accepted);
  EXPECT_EQ(in.refusal->reason, RefusalReason::kAttachment);
}

TEST(InspectTest, RefusesPriorityOutOfItsTable) {
  auto in = Inspect(
      Package("<edXML:OtherInfo><edXML:Priority>7</edXML:Priority></edXML:OtherInfo>"), Lenient());
  ASSERT_FALSE(in.accepted);
  EXPECT_EQ(in.refusal->reason, RefusalReason::kBadValue);
  EXPECT_EQ(in.refusal->field, "OtherInfo/Priority");
}

TEST(InspectTest, RequiresASignatureWhenAVerifierIsGiven) {
  SystemClock clock;
  signing::Verifier verifier(clock);
  InspectOptions o;
  o.verifier = &verifier;
  auto in = Inspect(Package(""), o);
  ASSERT_FALSE(in.accepted);
  EXPECT_EQ(in.refusal->reason, RefusalReason::kSignature);
  o.signature = SignaturePolicy::kWarn;
  auto lenient = Inspect(Package(""), o);
  EXPECT_TRUE(lenient.accepted);
  EXPECT_TRUE(lenient.HasWarning("unsigned"));
}

TEST(InspectTest, ReadsAStatusWithAnUnpaddedCode) {
  const std::string status =
      R"(<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>
<From><OrganId>000.00.21.H01</OrganId><OrganName>UBND xã Mỹ Hòa Hưng</OrganName></From>
<ResponseFor><OrganId>000.00.07.H01</OrganId><Code>45/SNV-VP</Code><PromulgationDate>2026/03/05</PromulgationDate><DocumentId>000.00.07.H01,2026/03/05,45/SNV-VP</DocumentId></ResponseFor>
<StatusCode>5</StatusCode><Description>Đang xử lý</Description><Timestamp>2026/03/06 08:00:00</Timestamp>
</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>)";
  auto in = Inspect(status, Lenient());
  ASSERT_TRUE(in.accepted) << in.refusal->message;
  EXPECT_EQ(in.kind, PackageKind::kStatus);
  EXPECT_EQ(in.status.status_code, "05");
  EXPECT_EQ(in.SubjectDocumentId(), "000.00.07.H01,2026/03/05,45/SNV-VP");
  EXPECT_TRUE(in.HasWarning("prefix"));
}

TEST(InspectTest, NormalisesDates) {
  bool day_first = false;
  EXPECT_EQ(NormaliseEdxmlDate("2025/03/05", &day_first), "2025/03/05");
  EXPECT_FALSE(day_first);
  EXPECT_EQ(NormaliseEdxmlDate("30/10/2020", &day_first), "2020/10/30");
  EXPECT_TRUE(day_first);
  EXPECT_EQ(NormaliseEdxmlDate("2014/02/30"), std::nullopt);
  EXPECT_EQ(NormaliseStatusCode("5"), "05");
  EXPECT_EQ(NormaliseStatusCode("123"), "");
}

TEST(InspectTest, RefusesJsonAndOtherRoots) {
  EXPECT_EQ(Inspect("{\"a\":1}", Lenient()).refusal->reason, RefusalReason::kNotEdxml);
  EXPECT_EQ(Inspect("<GetOrganizationsResponse/>", Lenient()).refusal->reason,
            RefusalReason::kNotEdxml);
  EXPECT_EQ(Inspect("<edXML xmlns=\"urn:x\"/>", Lenient()).refusal->reason,
            RefusalReason::kUnknownNamespace);
}

}  // namespace
}  // namespace cqdt::exchange
