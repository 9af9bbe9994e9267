// documents_document (every Phụ lục VI item), the timeline and grants, and optimistic
// concurrency: of two writers holding the same version, exactly one wins.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "testing_documents_fixture.hpp"

namespace cqdt::documents {
namespace {

class DocumentRepositoryTest : public testing::DocumentsFixture {
 protected:
  Document Read(DocumentId id) {
    auto tx = tdb_->db().BeginRead();
    auto d = DocumentRepository(tx).Get(id);
    EXPECT_TRUE(d) << d.error().message();
    return d ? *d : Document{};
  }
};

TEST_P(DocumentRepositoryTest, EveryFieldIsStoredAndReadBack) {
  auto clerk = MakeUser("vanthu", agency_, {"clerk"});
  auto tx = tdb_->db().Begin();
  Document earlier;
  earlier.agency_id = agency_;
  earlier.state = "registered";
  earlier.type_ordinal = 18;
  earlier.subject = "Trước";
  Document reply_to = DocumentRepository(tx).Insert(earlier);
  Document d;
  d.agency_id = agency_;
  d.direction = Direction::kIncoming;
  d.state = "registered";
  d.file_organ_id = "000.00.01.H01";
  d.file_catalog = 2025;
  d.file_notation = "01.VP";
  d.doc_ordinal = 3;
  d.type_ordinal = 2;
  d.number = 5;
  d.notation = "QĐ-UBND";
  d.number_text = "05/QĐ-UBND";
  d.issued_date = "2025-11-20";
  d.sender_agency_id = other_agency_;
  d.sender_name = "Sở Tư pháp";
  d.subject = "Về việc kiện toàn Hội đồng";
  d.language = "vi";
  d.page_count = 4;
  d.description = "Bản chính";
  d.signer_position = "Giám đốc";
  d.signer_name = "Trần Văn Bình";
  d.urgency = Urgency::kVeryUrgent;
  d.confidentiality = Confidentiality::kConfidential;
  d.issued_amount = 12;
  d.due_date = "2025-12-05";
  d.arrival_date = "2025-11-26";
  d.arrival_number = 217;
  d.to_places = "Phòng Tổ chức cán bộ";
  d.channel = Channel::kElectronic;
  d.reply_to_id = reply_to.id;
  d.recall_reason = "";
  d.created_by = clerk.id;
  d.created_at = 1764200000;
  d.updated_at = 1764200000;
  Document stored = DocumentRepository(tx).Insert(d);
  ASSERT_TRUE(tx.Commit());
  EXPECT_TRUE(stored.id.IsSet());
  EXPECT_EQ(stored.version, 1);

  Document back = Read(stored.id);
  EXPECT_EQ(back.agency_id, agency_);
  EXPECT_EQ(back.direction, Direction::kIncoming);
  EXPECT_EQ(back.state, "registered");
  EXPECT_EQ(back.file_organ_id, "000.00.01.H01");
  EXPECT_EQ(back.file_catalog, 2025);
  EXPECT_EQ(back.file_notation, "01.VP");
  EXPECT_EQ(back.doc_ordinal, 3);
  EXPECT_EQ(back.type_ordinal, 2);
  EXPECT_EQ(back.number, 5);
  EXPECT_EQ(back.notation, "QĐ-UBND");
  EXPECT_EQ(back.number_text, "05/QĐ-UBND");
  EXPECT_EQ(back.issued_date, "2025-11-20");
  EXPECT_EQ(back.sender_agency_id, other_agency_);
  EXPECT_EQ(back.sender_name, "Sở Tư pháp");
  EXPECT_EQ(back.subject, "Về việc kiện toàn Hội đồng");
  EXPECT_EQ(back.page_count, 4);
  EXPECT_EQ(back.description, "Bản chính");
  EXPECT_EQ(back.signer_position, "Giám đốc");
  EXPECT_EQ(back.signer_name, "Trần Văn Bình");
  EXPECT_EQ(back.urgency, Urgency::kVeryUrgent);
  EXPECT_EQ(back.confidentiality, Confidentiality::kConfidential);
  EXPECT_EQ(back.issued_amount, 12);
  EXPECT_EQ(back.due_date, "2025-12-05");
  EXPECT_EQ(back.arrival_date, "2025-11-26");
  EXPECT_EQ(back.arrival_number, 217);
  EXPECT_EQ(back.to_places, "Phòng Tổ chức cán bộ");
  EXPECT_EQ(back.channel, Channel::kElectronic);
  EXPECT_EQ(back.reply_to_id, reply_to.id);
  EXPECT_FALSE(back.replaces_id.IsSet());
  EXPECT_FALSE(back.register_entry_id.IsSet());
  EXPECT_FALSE(back.drafter_id.IsSet());
  EXPECT_EQ(back.created_by, clerk.id);
  EXPECT_EQ(back.version, 1);

  auto missing = tdb_->db().BeginRead();
  EXPECT_EQ(DocumentRepository(missing).Get(DocumentId(999)).error().code(), ErrorCode::kNotFound);
}

TEST_P(DocumentRepositoryTest, UpdateIncrementsTheVersion) {
  Document d = MakeDocument();
  d.state = "submitted";
  d.subject = "Đã sửa trích yếu";
  auto tx = tdb_->db().Begin();
  auto updated = DocumentRepository(tx).Update(d, 1764200100);
  ASSERT_TRUE(updated) << updated.error().message();
  EXPECT_EQ(updated->version, 2);
  ASSERT_TRUE(tx.Commit());
  Document back = Read(d.id);
  EXPECT_EQ(back.version, 2);
  EXPECT_EQ(back.state, "submitted");
  EXPECT_EQ(back.subject, "Đã sửa trích yếu");
  EXPECT_EQ(back.updated_at, 1764200100);
}

// Item 7: two people read version 1 and both act. The first write wins; the second is refused
// with kConflict and changes nothing, whatever it wanted to write.
TEST_P(DocumentRepositoryTest, OfTwoStaleWritersExactlyOneWins) {
  Document d = MakeDocument();
  Document first = Read(d.id);
  Document second = Read(d.id);
  first.state = "submitted";
  second.state = "returned";
  second.subject = "Ghi đè";
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(DocumentRepository(tx).Update(first, 1764200100));
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = tdb_->db().Begin();
    auto stale = DocumentRepository(tx).Update(second, 1764200200);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);
  }
  Document back = Read(d.id);
  EXPECT_EQ(back.state, "submitted");
  EXPECT_EQ(back.subject, d.subject);
  EXPECT_EQ(back.version, 2);
  // Gone: not found rather than conflict.
  Document ghost = back;
  ghost.id = DocumentId(999);
  auto tx = tdb_->db().Begin();
  EXPECT_EQ(DocumentRepository(tx).Update(ghost, 1).error().code(), ErrorCode::kNotFound);
}

// The same race with real concurrency: writers on two connection pools, each holding version 1,
// update at once. PostgreSQL re-checks `version = ?` on the row the winner committed; SQLite
// serialises the writers. Either way one succeeds and the rest get kConflict.
TEST_P(DocumentRepositoryTest, ConcurrentStaleWritersOnlyOneWins) {
  Document d = MakeDocument();
  db::DatabaseOptions options;
  options.url = tdb_->url();
  options.pool_size = 4;
  auto second = db::Database::Open(options);
  ASSERT_TRUE(second) << second.error().message();
  constexpr int kWriters = 6;
  std::atomic<int> won{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kWriters; ++t) {
    threads.emplace_back([&, t] {
      db::Database& database = t % 2 == 0 ? tdb_->db() : **second;
      Document mine = d;  // version 1
      mine.subject = "Người viết " + std::to_string(t);
      try {
        auto tx = database.Begin();
        auto r = DocumentRepository(tx).Update(mine, 1764200100 + t);
        if (r && tx.Commit()) {
          ++won;
        } else if (!r && r.error().code() == ErrorCode::kConflict) {
          ++conflicts;
        } else {
          ++other;
        }
      } catch (const std::exception& e) {
        ++other;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), kWriters - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Read(d.id).version, 2);
}

TEST_P(DocumentRepositoryTest, TimelineAndGrants) {
  Document d = MakeDocument(Direction::kIncoming, Confidentiality::kSecret);
  auto officer = MakeUser("an.nv", agency_, {"officer"});
  auto tx = tdb_->db().Begin();
  DocumentRepository repo(tx);
  repo.AddEvent({0, d.id, agency_, 1764200300, UserId(), "vanthu", "documents.submitted",
                 "Trình lãnh đạo", "10.0.0.1", "req-2"});
  repo.AddEvent({0, d.id, agency_, 1764200200, officer.id, "an.nv", "documents.registered",
                 "Vào sổ", "10.0.0.1", "req-1"});
  auto events = repo.Events(d.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].action, "documents.registered");  // in time order
  EXPECT_EQ(events[0].actor_id, officer.id);
  EXPECT_FALSE(events[1].actor_id.IsSet());
  EXPECT_EQ(events[1].request_id, "req-2");

  ASSERT_TRUE(repo.AddGrant({d.id, officer.id, UserId(), 1764200400, "Phối hợp"}));
  EXPECT_EQ(repo.AddGrant({d.id, officer.id, UserId(), 1764200500, ""}).error().code(),
            ErrorCode::kConflict);
  EXPECT_EQ(repo.AddGrant({DocumentId(999), officer.id, UserId(), 1, ""}).error().code(),
            ErrorCode::kNotFound);
  auto grants = repo.Grants(d.id);
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].user_id, officer.id);
  EXPECT_EQ(grants[0].reason, "Phối hợp");
}

INSTANTIATE_TEST_SUITE_P(Engines, DocumentRepositoryTest,
                         ::testing::ValuesIn(db::testing::Engines()), db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
