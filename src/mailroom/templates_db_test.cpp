#include <filesystem>

#include <gtest/gtest.h>

#include "db/migrator.hpp"
#include "db/testing.hpp"
#include "mailroom/schema.hpp"
#include "mailroom/templates.hpp"

namespace cqdt::mailroom {
namespace {

std::vector<MailTemplate> Shipped() {
  auto loaded = TemplateStore::LoadDefaults(
      (std::filesystem::path(CQDT_TESTDATA_DIR).parent_path() / "settings" / "mail-templates.json")
          .string());
  EXPECT_TRUE(loaded);
  return loaded ? *loaded : std::vector<MailTemplate>{};
}

const MailTemplate* Find(const std::vector<MailTemplate>& list, const std::string& kind) {
  for (const MailTemplate& t : list) {
    if (t.kind == kind) {
      return &t;
    }
  }
  return nullptr;
}

class TemplateStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), Migrations()).Apply());
  }

  template <typename F>
  auto Write(F f) {
    auto tx = tdb_->db().Begin();
    auto r = f(tx);
    if (r) {
      EXPECT_TRUE(tx.Commit());
    }
    return r;
  }

  template <typename F>
  auto Read(F f) {
    auto tx = tdb_->db().BeginRead();
    return f(tx);
  }

  static TemplateInput Changed(const std::string& tag) {
    return {"Tiêu đề " + tag + " {{code}}", "Subject " + tag,
            "Kính gửi {{recipientName}},\r\n{{text}} " + tag, "{{textEn}} " + tag};
  }

  const std::vector<MailTemplate> defaults_ = Shipped();
  TemplateStore store_{defaults_};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(TemplateStoreTest, ListsTheDefaultsUntilChanged) {
  auto list = Read([&](db::Transaction& tx) { return store_.List(tx); });
  ASSERT_EQ(list.size(), defaults_.size());
  for (const MailTemplate& t : list) {
    EXPECT_FALSE(t.customised) << t.kind;
    const MailTemplate* d = Find(defaults_, t.kind);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(t.body_vi, d->body_vi);
  }
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end(),
                             [](const auto& a, const auto& b) { return a.kind < b.kind; }));
}

TEST_P(TemplateStoreTest, PutStoresTheAdministratorsVersion) {
  auto put = Write([&](db::Transaction& tx) {
    return store_.Put(tx, "documents.assigned", Changed("A"), "admin", 1772420400);
  });
  ASSERT_TRUE(put) << put.error().message();
  EXPECT_TRUE(put->customised);
  EXPECT_EQ(put->subject_vi, "Tiêu đề A {{code}}");
  EXPECT_EQ(put->body_vi, "Kính gửi {{recipientName}},\n{{text}} A") << "line ends normalised";
  EXPECT_EQ(put->audience, "staff") << "what the administrator cannot change stays";
  EXPECT_EQ(put->name_vi, Find(defaults_, "documents.assigned")->name_vi);

  auto got = Read([&](db::Transaction& tx) { return store_.Get(tx, "documents.assigned"); });
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->customised);
  EXPECT_EQ(got->subject_en, "Subject A");
  EXPECT_EQ(got->body_en, "{{textEn}} A");
  EXPECT_EQ(got->updated_by, "admin");
  EXPECT_EQ(got->updated_at, 1772420400);

  // A second Put replaces the first.
  ASSERT_TRUE(Write([&](db::Transaction& tx) {
    return store_.Put(tx, "documents.assigned", Changed("B"), "admin2", 1772420500);
  }));
  auto list = Read([&](db::Transaction& tx) { return store_.List(tx); });
  const MailTemplate* t = Find(list, "documents.assigned");
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->customised);
  EXPECT_EQ(t->subject_en, "Subject B");
  EXPECT_EQ(t->updated_by, "admin2");
  EXPECT_EQ(t->updated_at, 1772420500);
  for (const MailTemplate& other : list) {
    EXPECT_EQ(other.customised, other.kind == "documents.assigned") << other.kind;
  }
}

TEST_P(TemplateStoreTest, ForFallsBackToTheStarTemplate) {
  auto own = Read([&](db::Transaction& tx) { return store_.For(tx, "onestop.received"); });
  EXPECT_EQ(own.kind, "onestop.received");
  EXPECT_TRUE(own.required);
  EXPECT_EQ(own.subject_vi, Find(defaults_, "onestop.received")->subject_vi);

  auto other = Read([&](db::Transaction& tx) { return store_.For(tx, "documents.commented"); });
  EXPECT_EQ(other.kind, "documents.commented");
  EXPECT_FALSE(other.required);
  EXPECT_EQ(other.subject_vi, Find(defaults_, "*")->subject_vi);

  // The administrator's "*" serves every kind without its own template.
  ASSERT_TRUE(Write(
      [&](db::Transaction& tx) { return store_.Put(tx, "*", Changed("S"), "admin", 1772420400); }));
  other = Read([&](db::Transaction& tx) { return store_.For(tx, "documents.commented"); });
  EXPECT_EQ(other.kind, "documents.commented");
  EXPECT_EQ(other.subject_en, "Subject S");
  EXPECT_TRUE(other.customised);
  // ... and not the kinds that have one.
  own = Read([&](db::Transaction& tx) { return store_.For(tx, "onestop.received"); });
  EXPECT_FALSE(own.customised);
}

TEST_P(TemplateStoreTest, ResetGoesBackToTheDefault) {
  ASSERT_TRUE(Write([&](db::Transaction& tx) {
    return store_.Put(tx, "onestop.apology", Changed("A"), "admin", 1772420400);
  }));
  auto reset = Write([&](db::Transaction& tx) { return store_.Reset(tx, "onestop.apology"); });
  ASSERT_TRUE(reset);
  auto got = Read([&](db::Transaction& tx) { return store_.Get(tx, "onestop.apology"); });
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->customised);
  EXPECT_EQ(got->body_vi, Find(defaults_, "onestop.apology")->body_vi);
  EXPECT_EQ(got->updated_by, "");
  // Resetting what was not changed is no error.
  EXPECT_TRUE(Write([&](db::Transaction& tx) { return store_.Reset(tx, "onestop.apology"); }));
}

TEST_P(TemplateStoreTest, OnlyShippedKindsCanBeChanged) {
  for (const char* kind : {"documents.commented", "", "nothing"}) {
    SCOPED_TRACE(kind);
    auto put =
        Write([&](db::Transaction& tx) { return store_.Put(tx, kind, Changed("A"), "admin", 1); });
    ASSERT_FALSE(put);
    EXPECT_EQ(put.error().code(), ErrorCode::kNotFound);
    auto got = Read([&](db::Transaction& tx) { return store_.Get(tx, kind); });
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code(), ErrorCode::kNotFound);
    auto reset = Write([&](db::Transaction& tx) { return store_.Reset(tx, kind); });
    ASSERT_FALSE(reset);
    EXPECT_EQ(reset.error().code(), ErrorCode::kNotFound);
  }
}

TEST_P(TemplateStoreTest, AnInvalidVersionIsNotStored) {
  TemplateInput bad = Changed("A");
  bad.subject_vi = "Hồ sơ {{code}}\r\nBcc: x@example.vn";
  bad.body_en = "{{textEn}} {{password}}";
  auto put = Write(
      [&](db::Transaction& tx) { return store_.Put(tx, "documents.assigned", bad, "admin", 1); });
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(put.error().fields().size(), 2U);
  EXPECT_EQ(put.error().fields()[0].field, "subjectVi");
  EXPECT_EQ(put.error().fields()[1].field, "bodyEn");
  auto got = Read([&](db::Transaction& tx) { return store_.Get(tx, "documents.assigned"); });
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->customised);
}

TEST_P(TemplateStoreTest, AStoreWithoutAStarTemplateStillRendersTheNotice) {
  const TemplateStore bare({});
  auto t = Read([&](db::Transaction& tx) { return bare.For(tx, "documents.assigned"); });
  EXPECT_EQ(t.kind, "documents.assigned");
  const RenderedMail m =
      TemplateStore::Render(t, {{{"text", "Văn bản 12 được giao"}, {"textEn", "Document 12"}}, {}});
  EXPECT_EQ(m.subject, "Văn bản 12 được giao / Document 12");
  EXPECT_TRUE(TemplateStore::Validate({t.subject_vi, t.subject_en, t.body_vi, t.body_en}));
}

INSTANTIATE_TEST_SUITE_P(Engines, TemplateStoreTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::mailroom
