// Several instances of cqdt on one database (issue 16 item 4; decision 0024): two workers, each
// on its own Database handle, take the same queues at once — text extraction and the search
// index — and every job is done once; a job claimed by a worker that died is taken over after
// its lease.
#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "documents/extraction_service.hpp"
#include "documents/import_jobs.hpp"
#include "documents/search_service.hpp"
#include "pdf/pdf.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

std::string PdfSaying(const std::string& text) {
  pdf::TextDocument d;
  d.blocks = {{text, 14}};
  auto pdf = pdf::RenderTextDocument(d);
  return pdf ? *pdf : std::string();
}

class SeveralInstancesTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    auto opened = db::Database::Open({tdb_->url(), 4});
    ASSERT_TRUE(opened) << opened.error().message();
    second_ = std::move(opened).value();
  }

  // A registered incoming document whose file says `text` (its 'extract' job queued).
  DocumentId Registered(int n) {
    const std::string text = "Tệp số " + std::to_string(n);
    auto tx = tdb_->db().Begin();
    auto f = files_->Upload(tx, ActorFor(clerk_), agency_, "tep-" + std::to_string(n) + ".pdf",
                            PdfSaying(text), "");
    EXPECT_TRUE(f) << (f ? "" : f.error().message());
    IncomingInput in = Input(std::to_string(n) + "/UBND-VP");
    in.file_ids = {f->id};
    auto reg = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), in);
    EXPECT_TRUE(reg && reg->document) << (reg ? "duplicate" : reg.error().message());
    EXPECT_TRUE(tx.Commit());
    return reg->document->id;
  }

  long long Count(const std::string& sql) {
    auto tx = tdb_->db().BeginRead();
    long long n = 0;
    tx.sql() << sql, soci::into(n);
    return n;
  }

  long long Indexed() {
    return Count(GetParam() == "postgresql" ? "SELECT COUNT(*) FROM documents_search"
                                            : "SELECT COUNT(*) FROM documents_search_fts");
  }

  // The search queue drained, so that a test starts from its own jobs.
  void DrainIndex() {
    SearchIndexer indexer(tdb_->db());
    while (indexer.RunOnce(100).value() > 0) {
    }
  }

  std::unique_ptr<db::Database> second_;
};

// The extractor both workers use: counts each file it reads, by the first page's words.
struct CountingExtractor {
  std::mutex mutex;
  std::map<std::string, int> reads;

  TextExtractor Make(std::string label) {
    return [this, label](std::string_view bytes, std::string_view) -> Result<extract::Extracted> {
      auto read = extract::ExtractPdf(bytes, extract::Limits{});
      if (!read) {
        return read.error();
      }
      std::this_thread::yield();  // let the other worker run meanwhile
      std::lock_guard lock(mutex);
      reads[read->Text()] += 1;
      read->pages.push_back(extract::PageText{2, label, false});
      return read;
    };
  }
};

TEST_P(SeveralInstancesTest, TwoExtractionWorkersReadEachFileOnce) {
  constexpr int kFiles = 8;
  for (int n = 1; n <= kFiles; ++n) {
    Registered(n);
  }
  CountingExtractor counting;
  ExtractionWorker one(tdb_->db(), *blobs_, counting.Make("one"), clock_);
  ExtractionWorker two(*second_, *blobs_, counting.Make("two"), clock_);
  auto drain = [](ExtractionWorker* w) {
    for (int idle = 0; idle < 3;) {
      auto ran = w->RunOnce();
      ASSERT_TRUE(ran) << ran.error().message();
      idle = *ran ? 0 : idle + 1;
    }
  };
  std::thread a(drain, &one), b(drain, &two);
  a.join();
  b.join();
  ASSERT_EQ(counting.reads.size(), static_cast<std::size_t>(kFiles));
  for (const auto& [text, n] : counting.reads) {
    EXPECT_EQ(n, 1) << text;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM documents_index_job WHERE kind = 'extract'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM documents_text"), kFiles);
}

// A worker that died mid-job (here: its extractor threw) leaves the job claimed; another
// instance's worker takes it over once the lease has run out, and a late result of the first
// claim, after the takeover, is not written.
TEST_P(SeveralInstancesTest, AnExtractionClaimIsTakenOverAfterItsLease) {
  const DocumentId doc = Registered(1);
  int calls_two = 0;
  ExtractionWorker dying(
      tdb_->db(), *blobs_,
      [](std::string_view, std::string_view) -> Result<extract::Extracted> {
        throw std::runtime_error("the instance died");
      },
      clock_);
  ExtractionWorker two(
      *second_, *blobs_,
      [&](std::string_view bytes, std::string_view) -> Result<extract::Extracted> {
        ++calls_two;
        auto read = extract::ExtractPdf(bytes, extract::Limits{});
        if (read) {
          read->pages.push_back(extract::PageText{2, "two", false});
        }
        return read;
      },
      clock_);
  EXPECT_THROW((void)dying.RunOnce(), std::runtime_error);
  EXPECT_FALSE(two.RunOnce().value()) << "still claimed";
  EXPECT_EQ(calls_two, 0);
  clock_.Advance(std::chrono::seconds(ExtractionPolicy{}.lease_seconds));
  EXPECT_TRUE(two.RunOnce().value());
  EXPECT_EQ(calls_two, 1);

  // A slow first claim: while it reads, its lease runs out and the other worker takes the job
  // over and finishes it; the slow one's result is then dropped.
  auto tx0 = tdb_->db().Begin();
  tx0.sql() << "INSERT INTO documents_index_job (kind, document_id, file_id, created_at)"
               " SELECT 'extract', document_id, file_id, 0 FROM documents_text WHERE"
               " document_id = :d",
      soci::use(doc.value());
  ASSERT_TRUE(tx0.Commit());
  ExtractionWorker slow(
      tdb_->db(), *blobs_,
      [&](std::string_view bytes, std::string_view) -> Result<extract::Extracted> {
        clock_.Advance(std::chrono::seconds(ExtractionPolicy{}.lease_seconds));
        EXPECT_TRUE(two.RunOnce().value());  // the takeover
        auto read = extract::ExtractPdf(bytes, extract::Limits{});
        if (read) {
          read->pages.push_back(extract::PageText{2, "slow", false});
        }
        return read;
      },
      clock_);
  EXPECT_TRUE(slow.RunOnce().value());
  EXPECT_EQ(calls_two, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM documents_index_job WHERE kind = 'extract'"), 0);
  auto tx = tdb_->db().BeginRead();
  std::string text;
  long long rows = 0;
  tx.sql() << "SELECT COUNT(*) FROM documents_text WHERE document_id = :d", soci::into(rows),
      soci::use(doc.value());
  EXPECT_EQ(rows, 1);
  tx.sql() << "SELECT text FROM documents_text WHERE document_id = :d", soci::into(text),
      soci::use(doc.value());
  EXPECT_NE(text.find("two"), std::string::npos);
  EXPECT_EQ(text.find("slow"), std::string::npos);
}

// Two indexers on two handles drain one queue that holds several jobs per document: no pass
// fails (no duplicate index row, no deadlock), and every document is in the index once.
TEST_P(SeveralInstancesTest, TwoIndexersDrainOneQueue) {
  DrainIndex();
  const long long before = Indexed();
  constexpr int kDocuments = 40;
  for (int n = 0; n < kDocuments; ++n) {
    MakeDocument();
  }
  SearchIndexer one(tdb_->db()), two(*second_);
  ASSERT_TRUE(one.EnqueueAll());  // a second job for every document, a third for some
  ASSERT_TRUE(two.EnqueueAll());
  std::atomic<int> faults{0};
  auto drain = [&](SearchIndexer* indexer) {
    for (int idle = 0; idle < 3;) {
      try {
        auto n = indexer->RunOnce(7);
        if (!n) {
          faults += 1;
          ADD_FAILURE() << n.error().message();
          return;
        }
        idle = *n == 0 ? idle + 1 : 0;
      } catch (const std::exception& e) {
        faults += 1;
        ADD_FAILURE() << e.what();
        return;
      }
    }
  };
  std::thread a(drain, &one), b(drain, &two);
  a.join();
  b.join();
  EXPECT_EQ(faults.load(), 0);
  EXPECT_EQ(one.Pending().value(), 0);
  EXPECT_EQ(Indexed(), before + kDocuments);
}

// PostgreSQL: an indexer passes over the jobs another instance's transaction holds (without
// waiting for it) and takes them once they are free.
TEST_P(SeveralInstancesTest, AnIndexerPassesOverJobsAnotherInstanceHolds) {
  if (GetParam() != "postgresql") {
    GTEST_SKIP() << "SQLite has one writer: nothing to pass over";
  }
  DrainIndex();
  const Document held = MakeDocument();
  MakeDocument();
  MakeDocument();
  SearchIndexer indexer(*second_);
  {
    auto tx = tdb_->db().Begin();
    long long id = 0;
    tx.sql() << "SELECT id FROM documents_index_job WHERE document_id = :d FOR UPDATE",
        soci::into(id), soci::use(held.id.value());
    ASSERT_TRUE(tx.sql().got_data());
    EXPECT_EQ(indexer.RunOnce(100).value(), 2);
    EXPECT_EQ(indexer.RunOnce(100).value(), 0);
  }  // rolled back: its lock released
  EXPECT_EQ(indexer.RunOnce(100).value(), 1);
}

// An import runs on the instance that took its upload, which beats on it: another instance
// starting up (or sweeping) marks interrupted only the jobs whose beats stopped.
TEST_P(SeveralInstancesTest, OnlyAnImportJobWhoseBeatsStoppedIsInterrupted) {
  ImportJobs jobs;
  const std::int64_t start = ToUnixSeconds(clock_.Now());
  ImportJob alive, dead;
  {
    auto tx = tdb_->db().Begin();
    alive = jobs.Create(tx, ActorFor(clerk_), "song.csv", false, start);
    dead = jobs.Create(tx, ActorFor(clerk_), "chet.csv", false, start);
    ASSERT_TRUE(tx.Commit());
  }
  const std::int64_t later = start + 121;
  {
    auto tx = tdb_->db().Begin();
    jobs.Beat(tx, alive.id, {"validate", 3, 10}, later);
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = second_->Begin();  // the other instance's sweep
    EXPECT_EQ(jobs.MarkInterrupted(tx, later, later - 120), 1);
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = second_->BeginRead();
  const ImportJob a = jobs.Get(tx, alive.id).value(), d = jobs.Get(tx, dead.id).value();
  EXPECT_EQ(a.state, "queued");
  EXPECT_EQ(a.phase, "validate");  // its progress, readable from the other instance
  EXPECT_EQ(a.done, 3);
  EXPECT_EQ(d.state, "interrupted");
}

INSTANTIATE_TEST_SUITE_P(Engines, SeveralInstancesTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
