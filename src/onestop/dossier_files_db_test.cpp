// Scans on SQLite and PostgreSQL: uploaded before the receipt and attached by id, or sent with
// it and inserted with the dossier; attached once only, read back as they were sent.
#include <algorithm>

#include <gtest/gtest.h>

#include "testing_dossier_service.hpp"

namespace cqdt::onestop {
namespace {

class DossierFilesTest : public DossierServiceTest {};

TEST_P(DossierFilesTest, ScansUploadedBeforeTheReceiptAreAttachedToTheirDocument) {
  DossierFile f;
  {
    auto tx = tdb_->db().Begin();
    auto up = service_->Upload(tx, A(counter_), P(counter_), "to-khai.png", kPng);
    ASSERT_TRUE(up) << up.error().message();
    f = *up;
    ASSERT_TRUE(tx.Commit());
  }
  ReceiveInput in = Birth();
  in.documents[0].file_ids = {f.id};
  // Someone else's upload is not theirs to attach.
  EXPECT_EQ(Receive(in, stranger_).error().code(), ErrorCode::kInvalidArgument);
  auto d = Receive(in, counter_);
  ASSERT_TRUE(d) << d.error().message();
  ASSERT_EQ(d->files.size(), 1u);
  EXPECT_EQ(d->files[0].document_ordinal, 1);
  EXPECT_EQ(d->files[0].content_type, "image/png");
  auto tx = tdb_->db().BeginRead();
  auto content = service_->FileContent(tx, P(officer_), d->code, f.id);
  ASSERT_TRUE(content);
  EXPECT_EQ(content->second, kPng);
  // Attached once only: refused when read, and where it is written (a receipt that took it
  // between the two).
  EXPECT_FALSE(Receive(in, counter_));
  auto wtx = tdb_->db().Begin();
  Dossier again = *d;
  again.code = "TT-again";
  std::vector<DossierFile> taken = d->files;
  EXPECT_EQ(DossierRepository(wtx).InsertNew(
                again, taken, {0, "x", "receive", DossierState::kNew, DossierState::kReceived, ""}),
            DossierRepository::InsertOutcome::kFileTaken);
}

TEST_P(DossierFilesTest, ScansSentWithTheReceiptAreStoredWithItAndAudited) {
  auto first = service_->StageUpload(P(counter_), "to-khai.png", kPng);
  const std::string other_png = kPng + "x";
  auto second = service_->StageUpload(P(counter_), "ban-sao.png", other_png);
  ASSERT_TRUE(first && second);
  DossierFile before;  // one uploaded before, beside the two sent with it
  {
    auto tx = tdb_->db().Begin();
    auto up = service_->Upload(tx, A(counter_), P(counter_), "cu.png", kPng);
    ASSERT_TRUE(up);
    before = *up;
    ASSERT_TRUE(tx.Commit());
  }
  ReceiveInput in = Birth();
  in.documents[0].staged = {*first};
  in.documents[1].provided = false;
  in.documents[1].by_data = false;
  in.documents[1].staged = {*second};
  in.documents[1].file_ids = {before.id};
  auto d = Receive(in, counter_);
  ASSERT_TRUE(d) << d.error().message();
  ASSERT_EQ(d->files.size(), 3u);
  for (const DossierFile& f : d->files) {
    EXPECT_TRUE(f.id.IsSet());
    EXPECT_EQ(f.dossier_id, d->id);
    EXPECT_EQ(f.uploaded_by, counter_.id);
  }
  EXPECT_TRUE(d->checklist[0].provided);
  EXPECT_TRUE(d->checklist[1].provided);
  auto tx = tdb_->db().BeginRead();
  auto stored = service_->Get(tx, P(officer_), d->code);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->files.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {  // the answer is what was written
    EXPECT_EQ(stored->files[i].id, d->files[i].id);
    EXPECT_EQ(stored->files[i].name, d->files[i].name);
    EXPECT_EQ(stored->files[i].document_ordinal, d->files[i].document_ordinal);
    EXPECT_EQ(stored->files[i].sha256, d->files[i].sha256);
    EXPECT_EQ(stored->files[i].uploaded_at, d->files[i].uploaded_at);
  }
  for (const DossierFile& f : d->files) {
    auto content = service_->FileContent(tx, P(officer_), d->code, f.id);
    ASSERT_TRUE(content) << f.name;
    EXPECT_EQ(content->second, f.name == "ban-sao.png" ? other_png : kPng);
  }
  // Each scan sent with the receipt has its upload in the audit trail, before the receipt.
  auto entries = audit_.List(tx, {});
  ASSERT_TRUE(entries);
  std::vector<std::string> actions;
  for (const auto& e : entries->items) {
    actions.push_back(e.action);
  }
  const auto receive = std::find(actions.begin(), actions.end(), "dossier.receive");
  ASSERT_NE(receive, actions.end());
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "dossier.file_upload"), 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, DossierFilesTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::onestop
