// Document search (issue 11, item 3) on SQLite and PostgreSQL: the same queries find the same
// documents on both engines (folded, phrases, numbers, comments, filters), only documents the
// caller may see are hits, counts or facets, and the index follows changes through its queue.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/testing_statement_log.hpp"
#include "documents/comment_service.hpp"
#include "documents/search_service.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

class SearchServiceTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    indexer_ = std::make_unique<SearchIndexer>(tdb_->db());
    officer_ = MakeUser("chuyenvien-tim", agency_, {"officer"});
  }

  Document Registered(const std::string& number, const std::string& subject,
                      const std::string& sender, const std::string& issued = "2025-11-20",
                      const std::string& confidentiality = "none") {
    auto tx = tdb_->db().Begin();
    IncomingInput in = Input(number);
    in.subject = subject;
    in.sender_name = sender;
    in.issued_date = issued;
    in.confidentiality = confidentiality;
    auto reg = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), in);
    EXPECT_TRUE(reg && reg->document) << (reg ? "duplicate" : reg.error().message());
    EXPECT_TRUE(tx.Commit());
    return *reg->document;
  }

  void Index() {
    while (true) {
      auto n = indexer_->RunOnce(50);
      ASSERT_TRUE(n) << n.error().message();
      if (*n == 0) {
        return;
      }
    }
  }

  std::set<long long> Hits(const identity::User& who, const std::string& q, SearchRequest r = {}) {
    r.query = q;
    auto tx = tdb_->db().BeginRead();
    auto result = search_.Search(tx, PrincipalOf(who), r);
    EXPECT_TRUE(result) << result.error().message();
    std::set<long long> out;
    if (result) {
      for (const auto& h : result->hits) {
        out.insert(h.document.id.value());
      }
      EXPECT_EQ(result->total, static_cast<int>(out.size())) << q;
    }
    return out;
  }

  SearchService search_;
  std::unique_ptr<SearchIndexer> indexer_;
  identity::User officer_;
};

TEST_P(SearchServiceTest, FoldedWordsPhrasesAndNumbersFindTheSameDocumentsOnBothEngines) {
  const Document a = Registered("05/QĐ-UBND", "Quyết định về việc thành lập Hội đồng thi đua",
                                "Ủy ban nhân dân tỉnh An Giang", "2025-03-02");
  const Document b = Registered("12/UBND-VP", "Về việc tổ chức hội nghị tổng kết năm",
                                "UBND tỉnh An Giang", "2025-06-10");
  const Document c = Registered("33/SNV-TCCB", "Báo cáo đường dây nóng", "Sở Nội vụ", "2025-09-01");
  Index();
  const long long ia = a.id.value(), ib = b.id.value(), ic = c.id.value();
  EXPECT_EQ(Hits(clerk_, "quyet dinh"), (std::set<long long>{ia}));
  EXPECT_EQ(Hits(clerk_, "QUYẾT ĐỊNH ubnd"), (std::set<long long>{ia}));
  EXPECT_EQ(Hits(clerk_, "ubnd tinh"), (std::set<long long>{ia, ib}));  // a: 05/QĐ-UBND, tỉnh
  EXPECT_EQ(Hits(clerk_, "an giang"), (std::set<long long>{ia, ib}));
  EXPECT_EQ(Hits(clerk_, "duong day"), (std::set<long long>{ic}));  // đ matches d
  EXPECT_EQ(Hits(clerk_, "05/QĐ-UBND"), (std::set<long long>{ia}));
  EXPECT_EQ(Hits(clerk_, "\"hoi nghi tong ket\""), (std::set<long long>{ib}));
  EXPECT_EQ(Hits(clerk_, "\"tong ket hoi nghi\""), (std::set<long long>{}));
  EXPECT_EQ(Hits(clerk_, "hội nghị"), (std::set<long long>{ib}));
  // Operators and syntax are text: no error, the words that remain are searched.
  EXPECT_EQ(Hits(clerk_, "' OR 1=1 --"), (std::set<long long>{}));
  EXPECT_EQ(Hits(clerk_, "bao* (cao) -"), (std::set<long long>{ic}));
  // Filters, and no query: every document the caller sees.
  SearchRequest dated;
  dated.date_from = "2025-05-01";
  EXPECT_EQ(Hits(clerk_, "", dated), (std::set<long long>{ib, ic}));
  SearchRequest outgoing;
  outgoing.direction = "outgoing";
  EXPECT_EQ(Hits(clerk_, "an giang", outgoing), (std::set<long long>{}));
  // The index narrows by year and direction; SQL keeps the day: a (2 March) is out.
  SearchRequest range;
  range.date_from = "2025-05-01";
  range.date_to = "2025-12-31";
  range.direction = "incoming";
  EXPECT_EQ(Hits(clerk_, "ubnd", range), (std::set<long long>{ib}));
  range.date_from = "2024-01-01";
  range.date_to = "2024-12-31";
  EXPECT_EQ(Hits(clerk_, "ubnd", range), (std::set<long long>{}));
  SearchRequest typed;
  typed.type_ordinal = a.type_ordinal;
  EXPECT_EQ(Hits(clerk_, "ubnd", typed).count(ia), 1U);

  auto tx = tdb_->db().BeginRead();
  SearchRequest r;
  r.query = "an giang";
  auto result = search_.Search(tx, PrincipalOf(clerk_), r);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->directions.size(), 1U);
  EXPECT_EQ(result->directions[0].value, "incoming");
  EXPECT_EQ(result->directions[0].count, 2);
  ASSERT_FALSE(result->hits.empty());
  bool marked = false;
  for (const auto& part : result->hits[0].snippet) {
    marked = marked || (part.hit && (part.text == "Giang" || part.text == "An"));
  }
  EXPECT_TRUE(marked);
  r.direction = "sideways";
  r.limit = 0;
  auto invalid = search_.Search(tx, PrincipalOf(clerk_), r);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().fields().size(), 2U);
}

TEST_P(SearchServiceTest, AWordInMostDocumentsIsCheckedInTheRowsAndStillRequired) {
  // "tỉnh" is in four of the five documents (more than kCommonWordShare): on SQLite the engine
  // walks the rarer words and the rows are checked for it; the answers are the same.
  const long long d1 =
      Registered("1/KH-SNV", "Kế hoạch của tỉnh về giáo dục", "Sở Nội vụ").id.value();
  const long long d2 = Registered("2/BC-SNV", "Báo cáo tỉnh về y tế", "Sở Nội vụ").id.value();
  const long long d3 = Registered("3/TB-SNV", "Thông báo tỉnh giáo dục", "Sở Nội vụ").id.value();
  const long long d4 = Registered("4/TTr-SNV", "Tờ trình tỉnh về đất đai", "Sở Nội vụ").id.value();
  const long long d5 = Registered("5/SNV-VP", "Công văn về giáo dục", "Sở Nội vụ").id.value();
  Index();
  EXPECT_EQ(Hits(clerk_, "tinh giao duc"), (std::set<long long>{d1, d3}));
  EXPECT_EQ(Hits(clerk_, "giao duc"), (std::set<long long>{d1, d3, d5}));
  EXPECT_EQ(Hits(clerk_, "tinh"), (std::set<long long>{d1, d2, d3, d4}));
  // Every word common: the rarest stays with the engine.
  EXPECT_EQ(Hits(clerk_, "so noi vu tinh"), (std::set<long long>{d1, d2, d3, d4}));
  EXPECT_EQ(Hits(clerk_, "so noi vu"), (std::set<long long>{d1, d2, d3, d4, d5}));
  // Whole words: "tin" is not "tinh".
  EXPECT_EQ(Hits(clerk_, "tin giao duc"), (std::set<long long>{}));
  if (tdb_->db().engine() == db::Engine::kSqlite) {
    // The engine's window asks for the rarer words only: "tinh" is left to the rows.
    auto tx = tdb_->db().BeginRead();
    db::testing::StatementLog log(tx);
    SearchRequest r;
    r.query = "tinh giao duc";
    ASSERT_TRUE(search_.Search(tx, PrincipalOf(clerk_), r));
    std::string window;
    for (const auto& st : log.statements()) {
      if (st.find("ORDER BY documents_search_fts.rowid DESC") != std::string::npos) {
        window = st;
      }
    }
    EXPECT_NE(window.find("\"giao\""), std::string::npos) << window;
    EXPECT_EQ(window.find("\"tinh\""), std::string::npos) << window;
  }
}

TEST_P(SearchServiceTest, NoHitCountOrFacetLeavesTheCallersScope) {
  const Document open = Registered("01/UBND", "Kế hoạch phòng chống thiên tai", "UBND tỉnh");
  const Document secret =
      Registered("02/UBND", "Kế hoạch phòng thủ bí mật", "UBND tỉnh", "2025-11-20", "secret");
  Index();
  // The clerk registered both: on the route of each.
  EXPECT_EQ(Hits(clerk_, "ke hoach"), (std::set<long long>{open.id.value(), secret.id.value()}));
  // A leader sees the ordinary one, not the confidential one off their route.
  EXPECT_EQ(Hits(leader_, "ke hoach"), (std::set<long long>{open.id.value()}));
  // An officer off both routes sees nothing; nor does another agency's clerk.
  EXPECT_EQ(Hits(officer_, "ke hoach"), (std::set<long long>{}));
  const identity::User stranger = MakeUser("vanthu-khac", other_agency_, {"clerk", "leader"});
  EXPECT_EQ(Hits(stranger, "ke hoach"), (std::set<long long>{}));
  auto tx = tdb_->db().BeginRead();
  SearchRequest r;
  r.query = "phong thu";
  auto result = search_.Search(tx, PrincipalOf(leader_), r);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->total, 0);
  EXPECT_TRUE(result->directions.empty());
  EXPECT_TRUE(result->states.empty());
}

// A document's state, type and confidentiality change without a re-index (not indexed words):
// the next search's filters, facets and visibility see the change at once (SQLite reads them
// from documents_search_facet, kept by triggers; PostgreSQL from the document's row).
TEST_P(SearchServiceTest, FiltersFacetsAndVisibilityFollowAChangeAtOnce) {
  const Document d = Registered("03/UBND", "Kế hoạch tổ chức hội nghị", "UBND tỉnh");
  Index();
  auto search = [&](const identity::User& who, const std::string& state) {
    auto tx = tdb_->db().BeginRead();
    SearchRequest r;
    r.query = "hoi nghi";
    r.state = state;
    auto result = search_.Search(tx, PrincipalOf(who), r);
    EXPECT_TRUE(result);
    return *result;
  };
  ASSERT_EQ(search(leader_, "").total, 1);
  EXPECT_EQ(search(leader_, "").states.at(0).value, "registered");
  {
    auto tx = tdb_->db().Begin();
    long long id = d.id.value();
    tx.sql() << "UPDATE documents_document SET state = 'submitted' WHERE id = :d", soci::use(id);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(search(leader_, "").states.at(0).value, "submitted");
  EXPECT_EQ(search(leader_, "submitted").total, 1);
  EXPECT_EQ(search(leader_, "registered").total, 0);
  {
    auto tx = tdb_->db().Begin();
    long long id = d.id.value();
    tx.sql() << "UPDATE documents_document SET confidentiality = 'secret' WHERE id = :d",
        soci::use(id);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(search(leader_, "").total, 0);  // off the leader's route now
  EXPECT_EQ(search(clerk_, "").total, 1);   // the clerk registered it: on the route
  EXPECT_EQ(*indexer_->Pending(), 0);       // no re-index was needed for any of it
}

// PostgreSQL reads the index's newest matches first (a chunk of kSearchChunk) and joins only
// those with their rows, then the rest in one statement when the chunk did not fill the window:
// chunks of one to three, with hidden and filtered-out documents between the visible ones, give
// the answer of one big chunk (SQLite has no chunk: the same answer again).
TEST_P(SearchServiceTest, MatchesReadInSmallChunksGiveTheSameAnswer) {
  std::set<long long> open;
  for (int i = 0; i < 7; ++i) {
    const std::string n = std::to_string(i + 1);
    open.insert(Registered(n + "/KH-UBND", "Kế hoạch số " + n, "UBND tỉnh").id.value());
    Registered(n + "/KH-MAT", "Kế hoạch mật " + n, "UBND tỉnh", "2025-11-20", "secret");
    Registered(n + "/KH-CU", "Kế hoạch cũ " + n, "UBND tỉnh", "2020-01-0" + n);
  }
  Index();
  auto tx = tdb_->db().BeginRead();
  SearchRequest r;
  r.query = "ke hoach";
  r.date_from = "2025-01-01";
  r.limit = 100;
  for (long long chunk : {1LL, 2LL, 3LL, kSearchChunk}) {
    auto result = SearchService(chunk, 0).Search(tx, PrincipalOf(leader_), r);
    ASSERT_TRUE(result) << chunk;
    std::set<long long> got;
    std::vector<long long> order;
    for (const auto& h : result->hits) {
      got.insert(h.document.id.value());
      order.push_back(h.document.id.value());
    }
    EXPECT_EQ(got, open) << "chunk " << chunk;
    EXPECT_EQ(result->total, 7) << chunk;
    EXPECT_FALSE(result->more) << chunk;
    EXPECT_TRUE(std::is_sorted(order.rbegin(), order.rend())) << "newest first, chunk " << chunk;
  }
}

TEST_P(SearchServiceTest, TheIndexFollowsChangesAndCommentsThroughItsQueue) {
  const Document d = Registered("07/UBND", "Về việc cấp kinh phí", "UBND tỉnh");
  EXPECT_EQ(Hits(clerk_, "kinh phi"), (std::set<long long>{}));  // not indexed yet
  Index();
  EXPECT_EQ(Hits(clerk_, "kinh phi"), (std::set<long long>{d.id.value()}));
  {
    auto tx = tdb_->db().Begin();
    Document changed = *DocumentRepository(tx).Get(d.id);
    changed.subject = "Về việc sửa chữa trụ sở";
    ASSERT_TRUE(DocumentRepository(tx).Update(changed, 1));
    CommentService comments(audit_, *identity_, *files_, clock_);
    ASSERT_TRUE(comments.Add(tx, ActorFor(clerk_), PrincipalOf(clerk_), d.id,
                             "Đề nghị bổ sung dự toán chi tiết", std::nullopt));
    ASSERT_TRUE(tx.Commit());
  }
  auto pending = indexer_->Pending();
  ASSERT_TRUE(pending);
  EXPECT_GE(*pending, 2);
  Index();
  EXPECT_EQ(Hits(clerk_, "kinh phi"), (std::set<long long>{}));
  EXPECT_EQ(Hits(clerk_, "tru so"), (std::set<long long>{d.id.value()}));
  EXPECT_EQ(Hits(clerk_, "du toan"), (std::set<long long>{d.id.value()}));
  auto tx = tdb_->db().BeginRead();
  SearchRequest r;
  r.query = "du toan";
  auto result = search_.Search(tx, PrincipalOf(clerk_), r);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->hits.size(), 1U);
  EXPECT_EQ(result->hits[0].field, "comment");
  EXPECT_EQ(*indexer_->Pending(), 0);
  {
    // A file's extracted text (item 4 writes it) is searched with the document.
    auto w = tdb_->db().Begin();
    long long doc = d.id.value();
    w.sql() << "INSERT INTO documents_text (document_id, method, text, extracted_at)"
               " VALUES (:d, 'pdf', 'Điều 3. Chánh Văn phòng chịu trách nhiệm thi hành', 0)",
        soci::use(doc);
    ASSERT_TRUE(w.Commit());
  }
  Index();
  SearchRequest in_text;
  in_text.query = "chanh van phong";
  auto fresh = tdb_->db().BeginRead();
  auto text_hit = search_.Search(fresh, PrincipalOf(clerk_), in_text);
  ASSERT_TRUE(text_hit);
  ASSERT_EQ(text_hit->hits.size(), 1U);
  EXPECT_EQ(text_hit->hits[0].field, "text");
  ASSERT_TRUE(indexer_->Optimize());
  auto after_optimize = tdb_->db().BeginRead();
  auto still = search_.Search(after_optimize, PrincipalOf(clerk_), in_text);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->hits.size(), 1U);
  auto again = indexer_->EnqueueAll();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 1);
}

TEST_P(SearchServiceTest, DocumentsWithEveryWordInTheirMetadataRankFirstOnBothEngines) {
  const Document metadata =
      Registered("03/UBND", "Kế hoạch kiểm tra an toàn thực phẩm", "UBND tỉnh", "2025-01-10");
  const Document newer = Registered("04/UBND", "Về việc báo cáo quý", "UBND tỉnh", "2025-10-10");
  {
    auto tx = tdb_->db().Begin();
    CommentService comments(audit_, *identity_, *files_, clock_);
    ASSERT_TRUE(comments.Add(tx, ActorFor(clerk_), PrincipalOf(clerk_), newer.id,
                             "Lồng ghép kiểm tra an toàn thực phẩm", std::nullopt));
    ASSERT_TRUE(tx.Commit());
  }
  Index();
  auto tx = tdb_->db().BeginRead();
  SearchRequest r;
  r.query = "kiem tra an toan thuc pham";
  auto result = search_.Search(tx, PrincipalOf(clerk_), r);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->hits.size(), 2U);
  // Every word in the older one's abstract; in the newer one's comment only.
  EXPECT_EQ(result->hits[0].document.id, metadata.id);
  EXPECT_EQ(result->hits[1].document.id, newer.id);
  EXPECT_EQ(result->hits[1].field, "comment");
  EXPECT_FALSE(result->more);
}

INSTANTIATE_TEST_SUITE_P(Engines, SearchServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
