// Document management benchmarks (issue 10), through the real use cases on a real database:
//
//  1. Registering an incoming document with a 1 MB scanned PDF, durably (the blob fsynced, the
//     transaction committed with SQLite synchronous=FULL or PostgreSQL's fsync), one document per
//     transaction — beside the storage ceiling measured in the same run on the same database and
//     disk: the same bytes written to a new file and fsynced (and its directory), then one row
//     inserted and committed. Target: >= 0.5x the ceiling.
//  2. Releasing a signed 1-page document (number from the register, number and date stamped,
//     the agency seal signature, the issued file stored, all in one transaction) — beside the seal
//     signature alone on the same file with the same key through signing::SigningService (the PDF
//     signing operation of bench/signing-bench.sh, here with the key ring's key), same run.
//     Target: >= 0.7x per CPU second, as bench/signing-bench.sh measures its PDF-sign rate (the
//     wall rate, with the fsyncs of the durable write and the commit, is printed beside it).
//
// Each operation alternates with its reference in --rounds slices (Interleaved), so that the
// drift of a shared machine weighs on both sides of a ratio alike.
//
//   cqdt_documents_bench [--count 40] [--release 40] [--rounds 5] [--pg URL]...
// The demo province and its PKI are created in a temporary directory (and in the PostgreSQL
// database given, which must be empty: bench/documents-bench.sh starts a throwaway cluster).
// Rates are wall-clock documents per second, single client, which is what durability costs.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "app/config.hpp"
#include "documents/review_service.hpp"
#include "durable_write.hpp"
#include "services.hpp"
#include "signing_cli.hpp"

namespace {

using namespace cqdt;
using Clock = std::chrono::steady_clock;

template <typename T>
T Check(Result<T> r, const char* what) {
  if (!r) {
    throw std::runtime_error(std::string(what) + ": " + r.error().message());
  }
  return std::move(*r);
}
void Check(Status s, const char* what) {
  if (!s) {
    throw std::runtime_error(std::string(what) + ": " + s.error().message());
  }
}

// A one-page scan: a page-sized DCT image of `size` bytes (random content behind a JPEG header:
// the file is stored, never rendered, so only its size and structure matter).
std::string ScanPdf(std::size_t size, unsigned seed) {
  std::string image = "\xFF\xD8\xFF\xE0";
  std::mt19937 rng(seed);
  image.reserve(size);
  while (image.size() + 2 < size) {
    image.push_back(static_cast<char>(rng() & 0xFF));
  }
  image += "\xFF\xD9";
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  auto obj = [&](const std::string& body) {
    offsets.push_back(out.size());
    out += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  obj("<< /Type /Catalog /Pages 2 0 R >>");
  obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R"
      " >> >> /Contents 5 0 R >>");
  obj("<< /Type /XObject /Subtype /Image /Width 1240 /Height 1754 /ColorSpace /DeviceGray"
      " /BitsPerComponent 8 /Filter /DCTDecode /Length " +
      std::to_string(image.size()) + " >>\nstream\n" + image + "\nendstream");
  const std::string content = "q 595 0 0 842 0 0 cm /Im0 Do Q";
  obj("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream");
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  for (auto o : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

std::string DraftPdf(int n) {
  pdf::TextDocument doc;
  doc.title = "Thông báo";
  doc.blocks = {{"SỞ NỘI VỤ", 12, true, false, true, 8},
                {"Số:          /TB-SNV", 13, false, false, true, 4},
                {"An Giang, ngày       tháng       năm 2026", 13, false, true, true, 16},
                {"THÔNG BÁO", 14, true, false, true, 2},
                {"Văn bản đo hiệu năng số " + std::to_string(n), 14, true, false, true, 14}};
  return Check(pdf::RenderTextDocument(doc), "draft");
}

struct Person {
  identity::User user;
  identity::Principal principal;
  audit::Actor actor;
};

Person PersonOf(app::Services& s, const std::string& username) {
  auto tx = s.db->BeginRead();
  auto u = Check(s.identity->GetUserByUsername(tx, username), "user");
  return {u, identity::StaffPrincipalOf(u), {u.id, u.username, u.agency_id, "", "bench"}};
}

std::string LoadAverage() {
  std::FILE* f = std::fopen("/proc/loadavg", "r");
  char buf[64] = {0};
  if (f != nullptr) {
    if (std::fgets(buf, sizeof buf, f) == nullptr) {
      buf[0] = 0;
    }
    std::fclose(f);
  }
  std::string s(buf);
  return s.substr(0, s.find(' ', s.find(' ', s.find(' ') + 1) + 1));
}

// A point in wall time and in this process's CPU time.
struct Mark {
  Clock::time_point wall;
  double cpu;
};
Mark Now() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return {Clock::now(), static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9};
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double fsync_ms_ = 0;  // the last run's write + fsync + directory fsync, in milliseconds

// Time spent, wall and CPU, summed over several stretches.
struct Spent {
  double wall = 0, cpu = 0;
  void Add(const Mark& from, const Mark& to) {
    wall += Seconds(from.wall, to.wall);
    cpu += to.cpu - from.cpu;
  }
};

struct Row {
  std::string engine, operation, reference;
  int n = 0;
  Spent op, ref;  // the operation and the reference, n each
  double target = 0;
  bool target_on_cpu = false;  // as bench/signing-bench.sh: per CPU second
  double Rate(bool cpu) const { return n / (cpu ? op.cpu : op.wall); }
  double Reference(bool cpu) const { return n / (cpu ? ref.cpu : ref.wall); }
};

int rounds_ = 5;  // --rounds
int runs_ = 0;    // Run calls so far

// Runs operation(i) and reference(i) for i in [0, row.n) in rounds_ alternations — a slice of
// the operations, then the same slice of the references — so that a drift of a shared machine
// (another process's load, the disk's state) weighs on both sides alike, not on one of them.
template <typename Operation, typename Reference>
void Interleaved(Row& row, Operation operation, Reference reference) {
  const int rounds = std::min(rounds_, row.n);
  for (int r = 0; r < rounds; ++r) {
    const int lo = row.n * r / rounds, hi = row.n * (r + 1) / rounds;
    const Mark a = Now();
    for (int i = lo; i < hi; ++i) {
      operation(i);
    }
    const Mark b = Now();
    for (int i = lo; i < hi; ++i) {
      reference(i);
    }
    row.op.Add(a, b);
    row.ref.Add(b, Now());
  }
}

std::vector<Row> Run(const std::string& engine, const std::string& db_url, int count, int release) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("cqdt-documents-bench-" + std::to_string(::getpid()) + "-" + std::to_string(++runs_));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "ceiling");
  app::Config config;
  config.data_dir = dir.string();
  config.db = db_url.empty() ? "sqlite://" + (dir / "cqdt.db").string() : db_url;
  {
    auto s = Check(app::Services::Open(config), "open");
    Check(app::LoadDemo(*s, false), "demo");
    Check(app::CreateDemoPki(*s, {UserId(), "bench", AgencyId(), "", "bench"}, dir / "pki", false),
          "pki");
  }
  auto s = Check(app::Services::Open(config), "reopen");
  const Person clerk = PersonOf(*s, "vanthu.snv");
  const Person director = PersonOf(*s, "lanhdao.snv");
  const Person officer = PersonOf(*s, "chuyenvien.snv");
  {
    auto tx = s->db->Begin();
    Check(s->registers->EnsureDefaults(tx, clerk.actor, clerk.user.agency_id), "registers");
    Check(tx.Commit(), "commit");
    auto t2 = s->db->Begin();
    t2.sql() << "CREATE TABLE bench_ceiling (n INTEGER PRIMARY KEY, sha TEXT NOT NULL,"
                " size BIGINT NOT NULL)";
    Check(t2.Commit(), "ceiling table");
  }
  std::vector<std::string> scans;
  for (int i = 0; i < count; ++i) {
    scans.push_back(ScanPdf(1 << 20, static_cast<unsigned>(i + 1)));
  }
  std::vector<Row> rows;

  // 1. Registration and the ceiling, same bytes, interleaved.
  Row reg{engine,
          "vào sổ văn bản đến, PDF 1 MB / register incoming, 1 MB PDF",
          "ghi tệp + fsync + 1 dòng / file + fsync + 1 row",
          count,
          {},
          {},
          0.5,
          false};
  Interleaved(
      reg,
      [&](int i) {
        auto tx = s->db->Begin();
        auto file =
            Check(s->document_files->Upload(tx, clerk.actor, clerk.user.agency_id,
                                            "scan-" + std::to_string(i) + ".pdf", scans[i], ""),
                  "upload");
        documents::IncomingInput in;
        in.agency_id = clerk.user.agency_id;
        in.type_ordinal = 18;
        in.number_text = std::to_string(i + 1) + "/UBND-VP";
        in.issued_date = "2026-11-30";
        in.sender_name = "UBND tỉnh An Giang";
        in.subject = "Văn bản đo hiệu năng";
        in.file_ids = {file.id};
        in.confirm_duplicate = true;
        auto out = Check(s->incoming->Register(tx, clerk.actor, clerk.principal, in), "register");
        if (!out.document) {
          throw std::runtime_error("not registered");
        }
        Check(tx.Commit(), "commit");
      },
      [&](int i) {
        cqdt_bench::WriteDurably(dir / "ceiling", std::to_string(i), scans[i]);
        auto tx = s->db->Begin();
        long long n = i + 1, size = static_cast<long long>(scans[i].size());
        std::string sha = "ceiling-" + std::to_string(i);
        tx.sql() << "INSERT INTO bench_ceiling (n, sha, size) VALUES (:n, :s, :z)", soci::use(n),
            soci::use(sha), soci::use(size);
        Check(tx.Commit(), "ceiling commit");
      });
  rows.push_back(reg);

  // 2. Release: prepared outside the timing (draft, approval, the director's signature).
  std::vector<documents::DocumentId> ids;
  std::vector<std::string> signed_pdfs;
  for (int i = 0; i < release; ++i) {
    auto tx = s->db->Begin();
    documents::DraftInput di;
    di.type_ordinal = 7;
    di.subject = "Thông báo đo hiệu năng số " + std::to_string(i + 1);
    di.signer_id = director.user.id;
    auto od = Check(s->outgoing->CreateDraft(tx, officer.principal, officer.actor, di), "draft");
    od = Check(s->outgoing->AddDraftFile(tx, officer.principal, officer.actor, od.document.id,
                                         od.document.version, "du-thao.pdf", DraftPdf(i + 1)),
               "draft file");
    od = Check(s->reviews->Submit(tx, officer.principal, officer.actor, od.document.id,
                                  od.document.version, {}),
               "submit");
    od = Check(s->reviews->Approve(tx, director.principal, director.actor, od.document.id,
                                   od.document.version, ""),
               "approve");
    od = Check(s->outgoing->Sign(tx, director.principal, director.actor, od.document.id,
                                 od.document.version, "personal-lanhdao.snv", "CqdtDemo@2026"),
               "sign");
    Check(tx.Commit(), "commit");
    ids.push_back(od.document.id);
    auto rt = s->db->BeginRead();
    for (const auto& f : od.files) {
      if (f.role == documents::OutgoingFileRole::kSigned) {
        signed_pdfs.push_back(
            Check(s->outgoing->ReadFile(rt, director.principal, od.document.id, f.id), "read")
                .second);
      }
    }
  }
  Row rel{engine,
          "phát hành: số + đóng dấu / release: number + stamp + seal",
          "chỉ ký dấu PDF / PDF seal signature alone",
          release,
          {},
          {},
          0.7,
          true};
  Interleaved(
      rel,
      [&](int i) {
        auto tx = s->db->Begin();
        auto od = Check(s->outgoing->Get(tx, clerk.principal, ids[i]), "get");
        documents::IssueInput in;
        in.seal_key_id = "seal-000.00.01.h01";
        // As the route does: the document it loaded (and checked against If-Match) is issued.
        Check(s->outgoing->Issue(tx, clerk.principal, clerk.actor, std::move(od), in), "issue");
        Check(tx.Commit(), "commit");
      },
      [&](int i) {
        auto tx = s->db->Begin();
        signing::SignRequest req;
        req.kind = signing::SignKind::kPdf;
        req.key_id = "seal-000.00.01.h01";
        req.file_name = "signed.pdf";
        req.content = signed_pdfs[i];
        req.pdf.style = signing::AppearanceStyle::kSeal;
        req.pdf.display_name = "Sở Nội vụ";
        Check(s->signing->Sign(tx, clerk.principal, clerk.actor, req), "seal");
        Check(tx.Commit(), "commit");
      });
  rows.push_back(rel);
  // Context: what one durable 4 KB write costs on this disk now (fsync latency, in ms).
  const std::string page(4096, 'x');
  auto f0 = Clock::now();
  for (int i = 0; i < 20; ++i) {
    cqdt_bench::WriteDurably(dir / "ceiling", "fsync-probe", page);
  }
  fsync_ms_ = Seconds(f0, Clock::now()) / 20 * 1000;
  s.reset();
  std::filesystem::remove_all(dir);
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli("cqdt documents benchmark (issue 10)");
  int count = 40, release = 40;
  std::vector<std::string> pg;
  cli.add_option("--count", count, "registrations (1 MB PDF each)")->check(CLI::Range(1, 10000));
  cli.add_option("--release", release, "documents released")->check(CLI::Range(1, 10000));
  cli.add_option("--rounds", rounds_, "alternations of the operation and its reference")
      ->check(CLI::Range(1, 1000));
  cli.add_option("--pg", pg,
                 "an empty PostgreSQL database (postgresql://...); repeatable, e.g. the same "
                 "server over TCP and over its Unix socket (?host=/dir)");
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  try {
    std::vector<Row> rows = Run("SQLite", "", count, release);
    const double sqlite_fsync_ms = fsync_ms_;
    for (const std::string& url : pg) {
      // How the client reaches the server changes the cost of every statement: on this kind of
      // virtual machine a loopback TCP round trip costs about three times the CPU and latency
      // of the Unix socket a server on the same host is normally reached through.
      const bool socket = url.find("host=/") != std::string::npos;
      auto more =
          Run(socket ? "PostgreSQL (Unix socket)" : "PostgreSQL (TCP)", url, count, release);
      rows.insert(rows.end(), more.begin(), more.end());
    }
    std::printf(
        "| CSDL / database | thao tác / operation | n | /s | /CPU-s | tham chiếu / reference "
        "| /s | /CPU-s | tỉ lệ / ratio | tỉ lệ CPU / CPU ratio | mục tiêu / target |\n");
    std::printf("|---|---|---:|---:|---:|---|---:|---:|---:|---:|---|\n");
    for (const auto& r : rows) {
      const double wall = r.Rate(false) / r.Reference(false);
      const double cpu = r.Rate(true) / r.Reference(true);
      const double judged = r.target_on_cpu ? cpu : wall;
      std::printf(
          "| %s | %s | %d | %.1f | %.1f | %s | %.1f | %.1f | %.2f | %.2f | %s >= %.2f: %s |\n",
          r.engine.c_str(), r.operation.c_str(), r.n, r.Rate(false), r.Rate(true),
          r.reference.c_str(), r.Reference(false), r.Reference(true), wall, cpu,
          r.target_on_cpu ? "CPU" : "wall", r.target,
          judged >= r.target ? "đạt / met" : "CHƯA ĐẠT / NOT MET");
    }
    std::printf(
        "\nMột lần ghi bền 4 KB (ghi + fsync tệp + fsync thư mục) / one durable 4 KB write "
        "(write + file fsync + directory fsync): %.2f ms, load average %s\n",
        sqlite_fsync_ms, LoadAverage().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "documents bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
