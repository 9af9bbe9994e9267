// `cqdt doc search QUERY --as USER [--json]` and `cqdt doc reindex` (issue 11, item 3): the staff
// search box on the command line (the same rules: only what the account may see), and the
// rebuild of the search index. `reindex` queues every document and drains the queue with a
// progress line; the queue is a table, so an interrupted rebuild resumes where it stopped when
// run again (or when the server's indexer picks it up).
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "documents/extraction_service.hpp"
#include "documents/search_service.hpp"
#include "extraction_thread.hpp"
#include "services.hpp"

namespace cqdt::app {

namespace {

struct SearchArgs {
  std::string query;
  std::string as;
  int limit = 20;
  bool json = false;
  bool resume = false;
  bool extract = false;
};

// Prints `done` of `total` as a percent: the same line redrawn on a terminal, a line per percent
// in a log.
void Progress(const char* label, std::int64_t done, std::int64_t total, bool tty, int& shown) {
  total = std::max<std::int64_t>(total, 1);
  const int percent = static_cast<int>(100 * std::min(done, total) / total);
  if (tty || percent != shown) {
    std::fprintf(stderr, tty ? "\r%s: %3d%% (%lld/%lld)" : "%s: %3d%% (%lld/%lld)\n", label,
                 percent, static_cast<long long>(std::min(done, total)),
                 static_cast<long long>(total));
    shown = percent;
  }
}

// `reindex --extract`: every file's text read again (in child processes, as the server does),
// before the index is rebuilt. Resumable like the index: the jobs are in the durable queue.
std::optional<int> ExtractAll(Services& s, const Config& config, bool resume, bool tty) {
  documents::ExtractionWorker worker(
      *s.db, *s.blobs, ChildExtractor(config.ocr_max_pages, config.extraction_timeout_seconds),
      s.clock);
  if (!resume) {
    if (auto queued = worker.EnqueueAll(); !queued) {
      return ExitFor(queued.error());
    }
  }
  auto due = worker.Due();
  if (!due) {
    return ExitFor(due.error());
  }
  const std::int64_t total = *due;
  std::int64_t done = 0;
  int shown = -1;
  while (true) {
    auto ran = worker.RunOnce();
    if (!ran) {
      return ExitFor(ran.error());
    }
    if (!*ran) {
      break;
    }
    ++done;
    Progress("Đọc nội dung tệp / extracting text", done, total, tty, shown);
  }
  if (tty && total > 0) {
    std::fprintf(stderr, "\n");
  }
  return std::nullopt;
}

std::string SnippetText(const std::vector<documents::SnippetPart>& parts, bool tty) {
  std::string out;
  for (const auto& p : parts) {
    if (p.hit) {
      out += tty ? "\x1b[1m" + p.text + "\x1b[0m" : "[" + p.text + "]";
    } else {
      out += p.text;
    }
  }
  return out;
}

}  // namespace

CommandRunner AddSearchDocCommands(CLI::App* doc) {
  auto a = std::make_shared<SearchArgs>();
  auto* search = doc->add_subcommand(
      "search", "Tìm văn bản như ô tìm kiếm của cán bộ / search documents as a staff account");
  search->add_option("query", a->query, "Từ cần tìm (không cần dấu) / words to find")->required();
  search->add_option("--as", a->as, "Tài khoản cán bộ thực hiện / the staff account acting")
      ->required();
  search->add_option("--limit", a->limit, "Số kết quả (1-100) / results")
      ->check(CLI::Range(1, 100));
  search->add_flag("--json", a->json, "In JSON / print JSON");
  auto* reindex =
      doc->add_subcommand("reindex", "Dựng lại chỉ mục tìm kiếm / rebuild the search index");
  reindex->add_flag("--resume", a->resume,
                    "Chỉ làm tiếp phần còn dở, không xếp lại từ đầu / only finish the queue");
  reindex->add_flag("--extract", a->extract,
                    "Đọc lại nội dung mọi tệp (PDF, Word, OCR trang quét) trước / read every "
                    "file's text again first");

  return [=](const Config& config) -> std::optional<int> {
    if (!search->parsed() && !reindex->parsed()) {
      return std::nullopt;
    }
    auto opened = Services::Open(config);
    if (!opened) {
      return ExitFor(opened.error());
    }
    auto& s = **opened;
    if (reindex->parsed()) {
      if (a->extract) {
        if (auto failed = ExtractAll(s, config, a->resume, isatty(fileno(stderr)) != 0)) {
          return failed;
        }
      }
      documents::SearchIndexer indexer(*s.db);
      if (!a->resume) {
        if (auto queued = indexer.EnqueueAll(); !queued) {
          return ExitFor(queued.error());
        }
      }
      auto pending = indexer.Pending();
      if (!pending) {
        return ExitFor(pending.error());
      }
      const std::int64_t total = std::max<std::int64_t>(*pending, 1);
      std::int64_t done = 0;
      int shown = -1;
      const bool tty = isatty(fileno(stderr)) != 0;
      for (int batch = 1;; ++batch) {
        auto n = indexer.RunOnce(500);
        if (!n) {
          return ExitFor(n.error());
        }
        if (*n == 0) {
          break;
        }
        // Counting the queue reads all of it: now and then, not after every batch.
        auto left = batch % 20 == 0 ? indexer.Pending() : Result<std::int64_t>(-1);
        done = left && *left >= 0 ? total - *left : std::min(total, done + *n);
        // The counts are of queued changes (a document changed twice is two).
        Progress("Đánh chỉ mục / indexing", done, total, tty, shown);
      }
      if (auto st = indexer.Optimize(); !st) {
        return ExitFor(st.error());
      }
      std::fprintf(stderr, "%sĐã dựng lại chỉ mục tìm kiếm / search index rebuilt\n",
                   tty ? "\n" : "");
      return 0;
    }
    auto tx = s.db->BeginRead();
    auto user = s.identity->GetUserByUsername(tx, a->as);
    if (!user || user->disabled) {
      return Usage("Không có tài khoản cán bộ " + a->as + " đang hoạt động",
                   "no active staff account has this username");
    }
    documents::SearchService service;
    documents::SearchRequest r;
    r.query = a->query;
    r.limit = a->limit;
    auto result = service.Search(tx, identity::StaffPrincipalOf(*user), r);
    if (!result) {
      return ExitFor(result.error());
    }
    if (a->json) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& h : result->hits) {
        items.push_back({{"id", h.document.id.value()},
                         {"direction", documents::DirectionName(h.document.direction)},
                         {"numberText", h.document.number_text},
                         {"subject", h.document.subject},
                         {"field", h.field},
                         {"snippet", SnippetText(h.snippet, false)}});
      }
      std::printf("%s\n",
                  nlohmann::json{{"total", result->total}, {"items", items}}.dump().c_str());
      return 0;
    }
    const bool tty = isatty(fileno(stdout)) != 0;
    std::printf("%d văn bản / documents\n", result->total);
    for (const auto& h : result->hits) {
      std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(h.document.id.value()),
                  documents::DirectionLabel(h.document.direction), h.document.number_text.c_str(),
                  h.document.subject.c_str());
      if (!h.snippet.empty()) {
        std::printf("\t%s\n", SnippetText(h.snippet, tty).c_str());
      }
    }
    return 0;
  };
}

}  // namespace cqdt::app
