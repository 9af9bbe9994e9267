// Transfer to the archive (issue 11, item 2) on SQLite and PostgreSQL: closed records leave as one
// package signed by the agency seal that verifies offline; a changed, removed or added file is
// named, a changed manifest breaks the signature; only a clerk of the agency transfers, only
// closed records, and each once.
#include <zip.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "crypto/test_pki.hpp"
#include "documents/archive_package.hpp"
#include "documents/archive_service.hpp"
#include "documents/file_plan_service.hpp"
#include "documents/work_record_service.hpp"
#include "signing/key_ring.hpp"
#include "signing/signing_service.hpp"
#include "testing_services_fixture.hpp"
#include "testing_signing_keys.hpp"

namespace cqdt::documents {
namespace {

namespace fs = std::filesystem;

class ArchiveServiceTest : public testing::ServicesFixture {
 protected:
  static void SetUpTestSuite() { keys_ = new testing::KeyFiles(); }
  static void TearDownTestSuite() {
    delete keys_;
    keys_ = nullptr;
  }

  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    auto ring = signing::KeyRing::LoadFile((keys_->dir / "keys.toml").string());
    ASSERT_TRUE(ring) << ring.error().message();
    ring_ = std::move(*ring);
    signing_ = std::make_unique<signing::SigningService>(*ring_, agencies_, audit_, clock_, "");
    plan_ = std::make_unique<FilePlanService>(audit_, agencies_, *identity_, clock_);
    records_ = std::make_unique<WorkRecordService>(audit_, agencies_, *identity_, *files_, clock_);
    archive_ = std::make_unique<ArchiveService>(audit_, agencies_, *identity_, *files_, *records_,
                                                *signing_, *blobs_, clock_);
    officer_ = MakeUser("chuyenvien", agency_, {"officer"});
    work_dir_ = blob_dir_.string() + "-work";
    fs::create_directories(work_dir_);
  }
  void TearDown() override {
    ServicesFixture::TearDown();
    if (!work_dir_.empty()) {
      fs::remove_all(work_dir_);
    }
  }

  // A record of the officer holding one incoming document with its scan (a PDF) and one other
  // file (a PNG); closed unless `close` is false.
  WorkRecord FilledRecord(const std::string& code, bool close = true) {
    auto tx = tdb_->db().Begin();
    PlanItemInput item_in;
    item_in.year = 2025;
    item_in.code = code;
    item_in.title = "Hồ sơ hội nghị tổng kết " + code;
    item_in.retention_years = 10;
    item_in.responsible_id = officer_.id;
    auto item = plan_->Create(tx, ActorFor(clerk_), PrincipalOf(clerk_), item_in);
    EXPECT_TRUE(item) << item.error().message();
    OpenRecordInput open_in;
    open_in.plan_item_id = item->id;
    auto r = records_->Open(tx, ActorFor(officer_), PrincipalOf(officer_), open_in);
    EXPECT_TRUE(r) << r.error().message();
    auto scan = files_->Upload(tx, ActorFor(clerk_), agency_, "công văn đến.pdf",
                               testing::BlankDraft(), "");
    EXPECT_TRUE(scan) << scan.error().message();
    IncomingInput in = Input("05/QĐ-UBND-" + code);
    in.file_ids = {scan->id};
    auto reg = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), in);
    EXPECT_TRUE(reg && reg->document) << (reg ? "duplicate" : reg.error().message());
    EXPECT_TRUE(records_->AttachDocument(tx, ActorFor(clerk_), PrincipalOf(clerk_), r->id,
                                         reg->document->id));
    static const char kPng[] =
        "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    auto png = files_->Upload(tx, ActorFor(officer_), agency_, "biên bản.png",
                              std::string_view(kPng, sizeof(kPng) - 1), "");
    EXPECT_TRUE(png) << png.error().message();
    auto with_file =
        records_->AttachFile(tx, ActorFor(officer_), PrincipalOf(officer_), r->id, png->id);
    EXPECT_TRUE(with_file) << with_file.error().message();
    WorkRecord out = *with_file;
    if (close) {
      auto closed = records_->Close(tx, ActorFor(officer_), PrincipalOf(officer_), r->id,
                                    {out.title, "Đầy đủ", "Tiếng Việt", "public", out.version});
      EXPECT_TRUE(closed) << closed.error().message();
      out = *closed;
    }
    EXPECT_TRUE(tx.Commit());
    return out;
  }

  Result<ArchiveTransfer> Transfer(const identity::User& who, std::vector<WorkRecordId> ids) {
    auto tx = tdb_->db().Begin();
    auto t = archive_->Transfer(tx, ActorFor(who), PrincipalOf(who), {std::move(ids), "", ""});
    if (t) {
      EXPECT_TRUE(tx.Commit());
    }
    return t;
  }

  // A copy of the transfer's package in the work directory.
  fs::path CopyOfPackage(const ArchiveTransfer& t, const std::string& name) {
    auto source = blobs_->LocalFile(t.package_sha256);
    EXPECT_TRUE(source.has_value());
    const fs::path out = fs::path(work_dir_) / name;
    fs::copy_file(*source, out, fs::copy_options::overwrite_existing);
    fs::permissions(out, fs::perms::owner_read | fs::perms::owner_write);
    return out;
  }

  // Changes the ZIP at `path`: `entry` gets `bytes`, or is deleted when `bytes` is nullopt.
  static void Rewrite(const fs::path& path, const std::string& entry,
                      std::optional<std::string> bytes) {
    int error = 0;
    zip_t* z = zip_open(path.c_str(), 0, &error);
    ASSERT_NE(z, nullptr);
    const zip_int64_t index = zip_name_locate(z, entry.c_str(), 0);
    if (!bytes) {
      ASSERT_GE(index, 0) << entry;
      ASSERT_EQ(zip_delete(z, static_cast<zip_uint64_t>(index)), 0);
    } else {
      static std::string held;
      held = *bytes;
      zip_source_t* src = zip_source_buffer(z, held.data(), held.size(), 0);
      if (index >= 0) {
        ASSERT_EQ(zip_file_replace(z, static_cast<zip_uint64_t>(index), src, 0), 0);
      } else {
        ASSERT_GE(zip_file_add(z, entry.c_str(), src, ZIP_FL_ENC_UTF_8), 0);
      }
    }
    ASSERT_EQ(zip_close(z), 0);
  }

  static std::string ReadEntry(const fs::path& path, const std::string& entry) {
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
    EXPECT_NE(z, nullptr);
    zip_stat_t st;
    zip_stat_init(&st);
    EXPECT_EQ(zip_stat(z, entry.c_str(), 0, &st), 0) << entry;
    std::string out(st.size, '\0');
    zip_file_t* f = zip_fopen(z, entry.c_str(), 0);
    EXPECT_EQ(zip_fread(f, out.data(), st.size), static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    zip_discard(z);
    return out;
  }

  static std::vector<std::string> NamedFiles(const PackageVerification& v) {
    std::vector<std::string> out;
    for (const auto& p : v.problems) {
      out.push_back(p.kind + ":" + p.path);
    }
    return out;
  }

  static testing::KeyFiles* keys_;
  std::unique_ptr<signing::KeyRing> ring_;
  std::unique_ptr<signing::SigningService> signing_;
  std::unique_ptr<FilePlanService> plan_;
  std::unique_ptr<WorkRecordService> records_;
  std::unique_ptr<ArchiveService> archive_;
  identity::User officer_;
  std::string work_dir_;
};

testing::KeyFiles* ArchiveServiceTest::keys_ = nullptr;

TEST_P(ArchiveServiceTest, ExportedPackageVerifiesOfflineAndTheRecordsAreTransferredOnce) {
  const WorkRecord a = FilledRecord("01.VP");
  const WorkRecord b = FilledRecord("02.VP");
  auto t = Transfer(clerk_, {a.id, b.id});
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(t->record_count, 2);
  EXPECT_EQ(t->seal_key_id, "seal");
  EXPECT_EQ(t->file_codes,
            (std::vector<std::string>{"000.00.01.H01.2025.01.VP", "000.00.01.H01.2025.02.VP"}));
  EXPECT_EQ(t->file_name, "nop-luu-000.00.01.H01-" + std::to_string(t->id.value()) + ".zip");
  // 2 (transfer) + per record: 2 (record) + 2 (document) + 1 scan + 1 other file.
  EXPECT_EQ(t->file_count, 14);

  const fs::path package = CopyOfPackage(*t, "ok.zip");
  auto v = VerifyPackage(package, {});
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_TRUE(v->valid) << ::testing::PrintToString(NamedFiles(*v));
  EXPECT_TRUE(v->signature_valid);
  EXPECT_EQ(v->files, 14);
  EXPECT_EQ(v->trust_status, "not_checked");
  EXPECT_NE(v->signer_subject.find("So Noi vu"), std::string::npos);
  // The metadata carries the Phụ lục VI names, Vietnamese intact.
  const std::string record_xml = ReadEntry(package, "records/000.00.01.H01.2025.01.VP/record.xml");
  EXPECT_NE(record_xml.find("<FileNotation>01.VP</FileNotation>"), std::string::npos);
  EXPECT_NE(record_xml.find("<Title>Hồ sơ hội nghị tổng kết 01.VP</Title>"), std::string::npos);
  EXPECT_NE(record_xml.find("<Maintenance>10 năm</Maintenance>"), std::string::npos);
  const std::string doc_xml =
      ReadEntry(package, "records/000.00.01.H01.2025.01.VP/documents/001/document.xml");
  EXPECT_NE(doc_xml.find("<DocOrdinal>1</DocOrdinal>"), std::string::npos);
  EXPECT_NE(doc_xml.find("<CodeNumber>05</CodeNumber>"), std::string::npos);
  // §8.2 item 17: the incoming document's distribution and processing, from its timeline.
  EXPECT_NE(doc_xml.find("<TraceHeaderList>"), std::string::npos) << doc_xml;
  EXPECT_NE(doc_xml.find("<Action>Vào sổ</Action>"), std::string::npos) << doc_xml;
  EXPECT_NE(doc_xml.find("<ActionCode>documents.registered</ActionCode>"), std::string::npos);

  auto tx = tdb_->db().Begin();
  auto stored = records_->Get(tx, PrincipalOf(clerk_), a.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->state, RecordState::kTransferred);
  EXPECT_FALSE(stored->can_edit);
  // A transferred record is not transferred again (the package can be downloaded again).
  auto again = archive_->Transfer(tx, ActorFor(clerk_), PrincipalOf(clerk_), {{a.id}, "", ""});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().fields().at(0).field, "recordIds");
  auto list = archive_->List(tx, PrincipalOf(leader_));
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1U);
  auto bytes = archive_->Package(tx, PrincipalOf(leader_), t->id);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(crypto::Sha256Hex(*bytes), t->package_sha256);
  // The audit trail has the transfer and a line per record.
  audit::Filter filter;
  filter.action = "documents.";
  filter.limit = 500;
  auto entries = audit_.List(tx, filter);
  ASSERT_TRUE(entries);
  int per_record = 0, whole = 0;
  for (const auto& e : entries->items) {
    per_record += e.action == "documents.record.transferred" ? 1 : 0;
    whole += e.action == "documents.archive.transferred" ? 1 : 0;
  }
  EXPECT_EQ(per_record, 2);
  EXPECT_EQ(whole, 1);
}

TEST_P(ArchiveServiceTest, TamperedRemovedOrAddedFilesAreNamedAndAChangedManifestFailsTheSeal) {
  auto t = Transfer(clerk_, {FilledRecord("01.VP").id});
  ASSERT_TRUE(t) << t.error().message();
  const std::string dir = "records/000.00.01.H01.2025.01.VP/";
  const std::string doc_xml = dir + "documents/001/document.xml";

  const fs::path changed = CopyOfPackage(*t, "changed.zip");
  Rewrite(changed, doc_xml, ReadEntry(changed, doc_xml) + "<!-- sửa -->\n");
  auto v = VerifyPackage(changed, {});
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->valid);
  EXPECT_EQ(NamedFiles(*v), std::vector<std::string>{"changed:" + doc_xml});
  EXPECT_TRUE(v->signature_valid);

  const fs::path removed = CopyOfPackage(*t, "removed.zip");
  Rewrite(removed, dir + "record.json", std::nullopt);
  v = VerifyPackage(removed, {});
  ASSERT_TRUE(v);
  EXPECT_EQ(NamedFiles(*v), std::vector<std::string>{"missing:" + dir + "record.json"});

  const fs::path added = CopyOfPackage(*t, "added.zip");
  Rewrite(added, dir + "extra.txt", "thêm");
  v = VerifyPackage(added, {});
  ASSERT_TRUE(v);
  EXPECT_EQ(NamedFiles(*v), std::vector<std::string>{"extra:" + dir + "extra.txt"});

  // The manifest changed to match a changed file: the files agree, the seal does not.
  const fs::path forged = CopyOfPackage(*t, "forged.zip");
  const std::string new_xml = ReadEntry(forged, doc_xml) + "<!-- sửa -->\n";
  std::string manifest = ReadEntry(forged, kManifestName);
  const std::string old_line = crypto::Sha256Hex(ReadEntry(forged, doc_xml));
  const auto at = manifest.find(old_line);
  ASSERT_NE(at, std::string::npos);
  const auto end = manifest.find('\n', at);
  manifest.replace(
      at, end - at,
      crypto::Sha256Hex(new_xml) + " " + std::to_string(new_xml.size()) + " " + doc_xml);
  Rewrite(forged, doc_xml, new_xml);
  Rewrite(forged, kManifestName, manifest);
  v = VerifyPackage(forged, {});
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->signature_valid);
  EXPECT_EQ(NamedFiles(*v), std::vector<std::string>{"signature:manifest.p7s"});

  // Not a ZIP at all: bad input, not a verdict.
  const fs::path junk = fs::path(work_dir_) / "junk.zip";
  std::ofstream(junk) << "không phải zip";
  auto bad = VerifyPackage(junk, {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kMalformed);
}

TEST_P(ArchiveServiceTest, AnUnrelatedTrustAnchorFailsTheSignersChain) {
  auto t = Transfer(clerk_, {FilledRecord("01.VP").id});
  ASSERT_TRUE(t) << t.error().message();
  crypto::SigningKey other = crypto::testing::IssueTestCertificate(
      crypto::CertificateKind::kRootCa, "Another Root", nullptr,
      {.organization = "Other", .algorithm = crypto::KeyAlgorithm::kEc});
  VerifyPackageOptions options;
  options.trust_anchors = {other.certificate};
  options.now = clock_.Now();
  auto v = VerifyPackage(CopyOfPackage(*t, "trust.zip"), options);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->signature_valid);
  EXPECT_FALSE(v->valid);
  EXPECT_EQ(v->trust_status, "unknown_issuer");
  EXPECT_EQ(NamedFiles(*v), std::vector<std::string>{"trust:manifest.p7s"});
}

TEST_P(ArchiveServiceTest, OnlyAClerkOfTheAgencyTransfersOnlyClosedRecords) {
  const WorkRecord open = FilledRecord("01.VP", false);
  const WorkRecord closed = FilledRecord("02.VP");
  auto refused = Transfer(clerk_, {open.id});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().fields().at(0).field, "recordIds");
  auto by_leader = Transfer(leader_, {closed.id});
  ASSERT_FALSE(by_leader);
  EXPECT_EQ(by_leader.error().code(), ErrorCode::kPermissionDenied);
  auto by_officer = Transfer(officer_, {closed.id});
  ASSERT_FALSE(by_officer);
  EXPECT_EQ(by_officer.error().code(), ErrorCode::kPermissionDenied);
  const identity::User foreign = MakeUser("vanthu2", other_agency_, {"clerk"});
  auto by_foreign = Transfer(foreign, {closed.id});
  ASSERT_FALSE(by_foreign);
  EXPECT_EQ(by_foreign.error().code(), ErrorCode::kNotFound);
  auto duplicate = Transfer(clerk_, {closed.id, closed.id});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().fields().at(0).field, "recordIds");
  // Nothing was written by the refusals: the closed record is still closed.
  auto tx = tdb_->db().BeginRead();
  auto still = records_->Get(tx, PrincipalOf(clerk_), closed.id);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->state, RecordState::kClosed);
  auto none = archive_->List(tx, PrincipalOf(clerk_));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, ArchiveServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
