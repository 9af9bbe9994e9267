// Bulk data for the search benchmark (issue 11; bench/search-bench.sh). NOT for production: it
// writes straight into documents_document and documents_text of a throwaway database that
// `cqdt demo --no-documents` has just made, bypassing every service, audit and rule, so that a
// province's ten years load in minutes. The schema's triggers queue every document for indexing,
// so `cqdt doc reindex --resume` then measures the indexer as the server runs it.
//
//   cqdt_search_data --db DATA/cqdt.db --documents N [--user vanthu.snv] [--seed 1]
//                    [--queries FILE --query-count 1000]
//   cqdt_search_data --pg URL --documents N ...   (the same corpus, same seed, into PostgreSQL
//                    through COPY; its triggers queue every document the same way)
//
// A corpus of ten years: 60% incoming, 40% outgoing, a tenth in the benchmarked user's agency and
// the rest spread over the demo province's agencies; each with a number and notation, an abstract
// built from the administrative vocabulary of a province (topics, places, agencies), a signer, and
// about 2 KB of body text as a file's extracted text. --queries writes the benchmark's mixed
// queries (folded words, numbers, phrases, some with filters) as URL query strings, one a line.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "sqlite_bulk.hpp"

namespace {

using cqdt_bench::Die;
using cqdt_bench::Exec;
using cqdt_bench::Stmt;

const std::vector<std::string> kOpeners = {
    "Về việc",   "V/v",      "Báo cáo",          "Kế hoạch",   "Hướng dẫn",
    "Thông báo", "Tờ trình", "Đề nghị",          "Triển khai", "Tăng cường",
    "Phê duyệt", "Ban hành", "Sửa đổi, bổ sung", "Tổng kết",   "Góp ý dự thảo"};
const std::vector<std::string> kTopics = {"tổ chức hội nghị tổng kết công tác năm",
                                          "phê duyệt dự toán ngân sách nhà nước",
                                          "triển khai chuyển đổi số và chính quyền điện tử",
                                          "phòng, chống thiên tai và tìm kiếm cứu nạn",
                                          "cải cách hành chính và nâng cao chỉ số hài lòng",
                                          "xây dựng nông thôn mới nâng cao",
                                          "quản lý, sử dụng đất đai",
                                          "cấp giấy chứng nhận quyền sử dụng đất",
                                          "tuyển dụng công chức, viên chức",
                                          "công tác thi đua, khen thưởng",
                                          "phòng cháy, chữa cháy và cứu hộ",
                                          "bảo đảm trật tự an toàn giao thông",
                                          "bảo vệ môi trường và ứng phó biến đổi khí hậu",
                                          "giải ngân vốn đầu tư công",
                                          "bồi thường, giải phóng mặt bằng",
                                          "phòng, chống dịch bệnh truyền nhiễm",
                                          "tuyển sinh các cấp học",
                                          "phát triển du lịch biển đảo",
                                          "nuôi trồng và khai thác thủy sản",
                                          "cung cấp dịch vụ công trực tuyến toàn trình",
                                          "sắp xếp đơn vị hành chính cấp xã",
                                          "thực hành tiết kiệm, chống lãng phí",
                                          "tiếp công dân và giải quyết khiếu nại, tố cáo",
                                          "quản lý trật tự xây dựng đô thị",
                                          "chi trả chế độ bảo hiểm xã hội",
                                          "hỗ trợ hộ nghèo, hộ cận nghèo",
                                          "kiểm tra an toàn thực phẩm",
                                          "bầu cử đại biểu Hội đồng nhân dân",
                                          "quản lý tài sản công",
                                          "lưu trữ hồ sơ, tài liệu"};
const std::vector<std::string> kPlaces = {
    "tỉnh An Giang",    "phường Long Xuyên", "phường Rạch Giá", "đặc khu Phú Quốc",
    "xã Châu Thành",    "xã Vĩnh Thạnh",     "phường Châu Đốc", "xã Tri Tôn",
    "xã Thoại Sơn",     "phường Tân Châu",   "xã Hòn Đất",      "xã Kiên Lương",
    "đặc khu Kiên Hải", "xã Giồng Riềng",    "xã U Minh Thượng"};
const std::vector<std::string> kSenders = {"Ủy ban nhân dân tỉnh An Giang",
                                           "Văn phòng Ủy ban nhân dân tỉnh",
                                           "Sở Nội vụ",
                                           "Sở Tài chính",
                                           "Sở Tư pháp",
                                           "Sở Y tế",
                                           "Sở Giáo dục và Đào tạo",
                                           "Sở Nông nghiệp và Môi trường",
                                           "Sở Xây dựng",
                                           "Công an tỉnh",
                                           "Bộ Nội vụ",
                                           "Văn phòng Chính phủ",
                                           "Bảo hiểm xã hội tỉnh",
                                           "Kho bạc Nhà nước khu vực XIX",
                                           "Thanh tra tỉnh"};
const std::vector<std::string> kNotations = {"QĐ-UBND", "UBND-VP", "SNV-TCCB", "KH-UBND",
                                             "BC-STC",  "TB-VP",   "TTr-SNV",  "HD-STP",
                                             "CV-SYT",  "QĐ-SNV",  "KH-SGDĐT", "BC-UBND"};
const std::vector<std::string> kSigners = {"Nguyễn Văn An",   "Trần Thị Bích", "Lê Minh Châu",
                                           "Phạm Quốc Dũng",  "Hồ Thị Giang",  "Võ Thành Hưng",
                                           "Đặng Văn Khoa",   "Huỳnh Thị Lan", "Bùi Đức Minh",
                                           "Dương Ngọc Nhân", "Lý Thị Oanh",   "Mai Văn Phúc"};
const std::vector<std::string> kSentences = {
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
    "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình",
    "Các sở, ban, ngành và Ủy ban nhân dân cấp xã chịu trách nhiệm thi hành",
    "Giao Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc thực hiện",
    "Kinh phí thực hiện từ nguồn ngân sách nhà nước được giao trong dự toán",
    "Trong quá trình thực hiện nếu có khó khăn, vướng mắc, kịp thời báo cáo",
    "Quyết định này có hiệu lực kể từ ngày ký",
    "Đề nghị các đơn vị nghiêm túc triển khai thực hiện",
    "Báo cáo kết quả về Sở Nội vụ trước ngày 15 hằng tháng để tổng hợp",
    "Tổ chức kiểm tra, giám sát việc chấp hành quy định của pháp luật",
    "Nâng cao chất lượng phục vụ người dân và doanh nghiệp",
    "Bảo đảm an toàn thông tin mạng trong hoạt động của cơ quan nhà nước",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Tăng cường kỷ luật, kỷ cương hành chính trong cơ quan"};

std::string Date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// Without tones and marks, as people type a query (the few words of the vocabulary).
std::string Plain(std::string s) {
  static const std::vector<std::pair<std::string, std::string>> kMap = {
      {"ạ", "a"}, {"ả", "a"}, {"ã", "a"}, {"á", "a"}, {"à", "a"}, {"ă", "a"}, {"ắ", "a"},
      {"ằ", "a"}, {"ẳ", "a"}, {"ẵ", "a"}, {"ặ", "a"}, {"â", "a"}, {"ấ", "a"}, {"ầ", "a"},
      {"ẩ", "a"}, {"ẫ", "a"}, {"ậ", "a"}, {"đ", "d"}, {"Đ", "D"}, {"é", "e"}, {"è", "e"},
      {"ẻ", "e"}, {"ẽ", "e"}, {"ẹ", "e"}, {"ê", "e"}, {"ế", "e"}, {"ề", "e"}, {"ể", "e"},
      {"ễ", "e"}, {"ệ", "e"}, {"í", "i"}, {"ì", "i"}, {"ỉ", "i"}, {"ĩ", "i"}, {"ị", "i"},
      {"ó", "o"}, {"ò", "o"}, {"ỏ", "o"}, {"õ", "o"}, {"ọ", "o"}, {"ô", "o"}, {"ố", "o"},
      {"ồ", "o"}, {"ổ", "o"}, {"ỗ", "o"}, {"ộ", "o"}, {"ơ", "o"}, {"ớ", "o"}, {"ờ", "o"},
      {"ở", "o"}, {"ỡ", "o"}, {"ợ", "o"}, {"ú", "u"}, {"ù", "u"}, {"ủ", "u"}, {"ũ", "u"},
      {"ụ", "u"}, {"ư", "u"}, {"ứ", "u"}, {"ừ", "u"}, {"ử", "u"}, {"ữ", "u"}, {"ự", "u"},
      {"ý", "y"}, {"ỳ", "y"}, {"ỷ", "y"}, {"ỹ", "y"}, {"ỵ", "y"}, {"Ủ", "U"}};
  for (const auto& [from, to] : kMap) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at)) {
      s.replace(at, from.size(), to);
    }
  }
  return s;
}

std::string UrlEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// One generated document: the same seed gives the same corpus on either engine.
struct Doc {
  long long agency = 0, at = 0, created_by = 0;
  bool incoming = false;
  int number = 0, type = 0;
  std::string date, notation, subject, body, sender, signer, position, urgency;
};

// Where the corpus goes: the SQLite file or a PostgreSQL database.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual bool User(const std::string& username, long long& id, long long& agency) = 0;
  virtual std::vector<long long> Agencies() = 0;
  virtual void Begin() = 0;
  virtual void Add(const Doc& d) = 0;
  virtual void Checkpoint() = 0;
  virtual void Finish() = 0;
};

class SqliteSink : public Sink {
 public:
  explicit SqliteSink(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      Die(db_, path.c_str());
    }
    sqlite3_busy_timeout(db_, 60000);
    // Only for this connection and only during the load: a crash here loses a throwaway database.
    Exec(db_, "PRAGMA synchronous = OFF");
    Exec(db_, "PRAGMA foreign_keys = OFF");
    Exec(db_, "PRAGMA cache_size = -200000");
    doc_ = std::make_unique<Stmt>(
        db_,
        "INSERT INTO documents_document (agency_id, direction, state, type_ordinal, number,"
        " notation, number_text, issued_date, sender_name, signer_name, signer_position,"
        " subject, urgency, confidentiality, arrival_date, arrival_number, channel, created_by,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'none', ?, ?,"
        " 'electronic', ?, ?, ?)");
    text_ = std::make_unique<Stmt>(db_,
                                   "INSERT INTO documents_text (document_id, method, text,"
                                   " extracted_at) VALUES (?, 'pdf', ?, ?)");
  }
  ~SqliteSink() override {
    doc_.reset();
    text_.reset();
    sqlite3_close(db_);
  }
  bool User(const std::string& username, long long& id, long long& agency) override {
    Stmt q(db_, "SELECT id, agency_id FROM identity_user WHERE username = ?");
    q.Text(1, username);
    if (!q.Row()) {
      return false;
    }
    id = q.ColInt(0);
    agency = q.ColInt(1);
    return true;
  }
  std::vector<long long> Agencies() override {
    std::vector<long long> out;
    Stmt q(db_, "SELECT id FROM org_agency ORDER BY id");
    while (q.Row()) {
      out.push_back(q.ColInt(0));
    }
    return out;
  }
  void Begin() override { Exec(db_, "BEGIN"); }
  void Checkpoint() override {
    Exec(db_, "COMMIT");
    Exec(db_, "BEGIN");
  }
  void Finish() override { Exec(db_, "COMMIT"); }
  void Add(const Doc& d) override {
    doc_->Int(1, d.agency)
        .Text(2, d.incoming ? "incoming" : "outgoing")
        .Text(3, d.incoming ? "completed" : "released")
        .Int(4, d.type)
        .Int(5, d.number)
        .Text(6, d.notation)
        .Text(7, std::to_string(d.number) + "/" + d.notation)
        .Text(8, d.date)
        .Text(9, d.sender)
        .Text(10, d.signer)
        .Text(11, d.position)
        .Text(12, d.subject)
        .Text(13, d.urgency)
        .Text(14, d.incoming ? d.date : "")
        .Int(15, d.incoming ? d.number : 0)
        .Int(16, d.created_by)
        .Int(17, d.at)
        .Int(18, d.at);
    doc_->Run();
    text_->Int(1, sqlite3_last_insert_rowid(db_)).Text(2, d.body).Int(3, d.at);
    text_->Run();
  }

 private:
  sqlite3* db_ = nullptr;
  std::unique_ptr<Stmt> doc_, text_;
};

// PostgreSQL through COPY, ids given (the demo database has no document yet: they follow its
// largest), the sequence moved past them at the end. Documents first, then their texts, each one
// COPY: PostgreSQL checks the texts' foreign key against documents already committed.
class PgSink : public Sink {
 public:
  explicit PgSink(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      Fail("connect");
    }
    Exec("SET synchronous_commit = off");
  }
  ~PgSink() override { PQfinish(conn_); }
  bool User(const std::string& username, long long& id, long long& agency) override {
    const char* values[] = {username.c_str()};
    PGresult* r = PQexecParams(conn_, "SELECT id, agency_id FROM identity_user WHERE username = $1",
                               1, nullptr, values, nullptr, nullptr, 0);
    const bool found = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    if (found) {
      id = std::atoll(PQgetvalue(r, 0, 0));
      agency = std::atoll(PQgetvalue(r, 0, 1));
    }
    PQclear(r);
    return found;
  }
  std::vector<long long> Agencies() override {
    std::vector<long long> out;
    PGresult* r = PQexec(conn_, "SELECT id FROM org_agency ORDER BY id");
    for (int i = 0; i < PQntuples(r); ++i) {
      out.push_back(std::atoll(PQgetvalue(r, i, 0)));
    }
    PQclear(r);
    return out;
  }
  void Begin() override {
    PGresult* r = PQexec(conn_, "SELECT COALESCE(MAX(id), 0) FROM documents_document");
    next_id_ = std::atoll(PQgetvalue(r, 0, 0)) + 1;
    first_id_ = next_id_;
    PQclear(r);
    texts_ = std::tmpfile();
    if (texts_ == nullptr) {
      Fail("tmpfile");
    }
    Exec("BEGIN");
    StartCopy(
        "COPY documents_document (id, agency_id, direction, state, type_ordinal, number,"
        " notation, number_text, issued_date, sender_name, signer_name, signer_position, subject,"
        " urgency, confidentiality, arrival_date, arrival_number, channel, created_by, created_at,"
        " updated_at) FROM STDIN");
  }
  void Checkpoint() override {}
  void Add(const Doc& d) override {
    const long long id = next_id_++;
    std::string line;
    auto field = [&](const std::string& v) {
      if (!line.empty()) {
        line.push_back('\t');
      }
      for (char c : v) {
        if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
          line.push_back('\\');
          line.push_back(c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\');
        } else {
          line.push_back(c);
        }
      }
    };
    auto num = [&](long long v) { field(std::to_string(v)); };
    num(id);
    num(d.agency);
    field(d.incoming ? "incoming" : "outgoing");
    field(d.incoming ? "completed" : "released");
    num(d.type);
    num(d.number);
    field(d.notation);
    field(std::to_string(d.number) + "/" + d.notation);
    field(d.date);
    field(d.sender);
    field(d.signer);
    field(d.position);
    field(d.subject);
    field(d.urgency);
    field("none");
    field(d.incoming ? d.date : "");
    num(d.incoming ? d.number : 0);
    field("electronic");
    num(d.created_by);
    num(d.at);
    num(d.at);
    line.push_back('\n');
    Put(line);
    line.clear();
    num(id);
    field("pdf");
    field(d.body);
    num(d.at);
    line.push_back('\n');
    if (std::fwrite(line.data(), 1, line.size(), texts_) != line.size()) {
      Fail("tmpfile write");
    }
  }
  void Finish() override {
    EndCopy();
    Exec("COMMIT");
    Exec("BEGIN");
    StartCopy("COPY documents_text (document_id, method, text, extracted_at) FROM STDIN");
    std::rewind(texts_);
    std::vector<char> buf(1 << 20);
    for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), texts_)) > 0;) {
      Put(std::string_view(buf.data(), n));
    }
    std::fclose(texts_);
    EndCopy();
    // The texts' trigger queued each document a second time, a million ids after its first job:
    // one job a document, as the server's queue holds after a registration.
    Exec(
        "DELETE FROM documents_index_job j WHERE kind = 'index' AND EXISTS (SELECT 1 FROM"
        " documents_index_job k WHERE k.kind = 'index' AND k.document_id = j.document_id AND"
        " k.id < j.id)");
    Exec("COMMIT");
    Exec(("SELECT setval(pg_get_serial_sequence('documents_document', 'id'), " +
          std::to_string(std::max(next_id_ - 1, first_id_)) + ")")
             .c_str());
    Exec("ANALYZE");
  }

 private:
  [[noreturn]] void Fail(const char* what) {
    std::fprintf(stderr, "search_data: %s: %s\n", what, PQerrorMessage(conn_));
    std::exit(1);
  }
  void Exec(const char* sql) {
    PGresult* r = PQexec(conn_, sql);
    const auto status = PQresultStatus(r);
    PQclear(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      Fail(sql);
    }
  }
  void StartCopy(const char* sql) {
    PGresult* r = PQexec(conn_, sql);
    const auto status = PQresultStatus(r);
    PQclear(r);
    if (status != PGRES_COPY_IN) {
      Fail(sql);
    }
  }
  void Put(std::string_view data) {
    if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
      Fail("COPY data");
    }
  }
  void EndCopy() {
    if (PQputCopyEnd(conn_, nullptr) != 1) {
      Fail("COPY end");
    }
    PGresult* r = PQgetResult(conn_);
    const auto status = PQresultStatus(r);
    PQclear(r);
    while ((r = PQgetResult(conn_)) != nullptr) {
      PQclear(r);
    }
    if (status != PGRES_COMMAND_OK) {
      Fail("COPY");
    }
  }

  PGconn* conn_;
  long long next_id_ = 1, first_id_ = 1;
  std::FILE* texts_ = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
  std::string path, pg_url, username = "vanthu.snv", queries_path;
  long long documents = 100000, query_count = 1000;
  unsigned seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--db") {
      path = v;
    } else if (a == "--pg") {
      pg_url = v;
    } else if (a == "--documents") {
      documents = std::atoll(v.c_str());
    } else if (a == "--user") {
      username = v;
    } else if (a == "--seed") {
      seed = static_cast<unsigned>(std::atoi(v.c_str()));
    } else if (a == "--queries") {
      queries_path = v;
    } else if (a == "--query-count") {
      query_count = std::atoll(v.c_str());
    } else {
      std::fprintf(stderr, "search_data: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (path.empty() == pg_url.empty()) {
    std::fprintf(stderr,
                 "usage: cqdt_search_data --db FILE|--pg URL [--documents N] [--user NAME]"
                 " [--seed N] [--queries FILE] [--query-count N]\n");
    return 2;
  }
  std::mt19937_64 rng(seed);
  auto pick = [&](const auto& v) -> const auto& {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
  };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto number = [&](int hi) { return std::uniform_int_distribution<int>(1, hi)(rng); };

  if (!queries_path.empty()) {
    // The mixed queries: folded words (40%), numbers (20%), phrases (20%), words with a filter
    // (20%). Some find many documents, some a few, a few none.
    std::ofstream out(queries_path);
    for (long long i = 0; i < query_count; ++i) {
      const int kind = number(10);
      std::string q, filters;
      if (kind <= 4) {
        const std::string topic = Plain(pick(kTopics));
        // Two or three consecutive words of a topic, without marks.
        std::vector<std::string> words;
        std::size_t start = 0;
        while (start < topic.size()) {
          std::size_t end = topic.find(' ', start);
          if (end == std::string::npos)
            end = topic.size();
          std::string w = topic.substr(start, end - start);
          if (!w.empty() && w.back() == ',')
            w.pop_back();
          words.push_back(w);
          start = end + 1;
        }
        const std::size_t n = std::min<std::size_t>(words.size(), 2 + number(2) - 1);
        const std::size_t from =
            std::uniform_int_distribution<std::size_t>(0, words.size() - n)(rng);
        for (std::size_t k = 0; k < n; ++k)
          q += (k ? " " : "") + words[from + k];
        if (chance(0.3))
          q += " " + Plain(pick(kPlaces)).substr(Plain(pick(kPlaces)).find(' ') + 1);
      } else if (kind <= 6) {
        q = std::to_string(number(300)) + "/" +
            (chance(0.5) ? pick(kNotations) : Plain(pick(kNotations)));
      } else if (kind <= 8) {
        q = "\"" + Plain(pick(kTopics)).substr(0, 24) + "\"";
        const std::size_t space = q.rfind(' ');
        q = q.substr(0, space) + "\"";
      } else {
        q = Plain(pick(kSenders));
        filters = chance(0.5) ? "&direction=incoming" : "&from=2022-01-01&to=2024-12-31";
      }
      out << "q=" << UrlEncode(q) << filters << "\n";
    }
    std::fprintf(stderr, "search_data: %lld queries in %s\n", query_count, queries_path.c_str());
    if (documents == 0)
      return 0;
  }

  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<Sink> sink;
  if (!pg_url.empty()) {
    sink = std::make_unique<PgSink>(pg_url);
  } else {
    sink = std::make_unique<SqliteSink>(path);
  }
  long long me = 0, my_agency = 0;
  if (!sink->User(username, me, my_agency)) {
    std::fprintf(stderr, "search_data: no user %s (run `cqdt demo` first)\n", username.c_str());
    return 1;
  }
  const std::vector<long long> agencies = sink->Agencies();
  const std::time_t now = std::time(nullptr);
  const long long span = 10LL * 365 * 86400;
  const char* urgencies[] = {"normal", "normal", "normal", "normal", "urgent", "very_urgent"};
  sink->Begin();
  for (long long i = 0; i < documents; ++i) {
    if (i > 0 && i % 20000 == 0) {
      sink->Checkpoint();
      std::fprintf(stderr, "\r  %lld documents", i);
    }
    Doc d;
    d.agency = chance(0.1) ? my_agency : pick(agencies);
    d.incoming = chance(0.6);
    d.at = now - std::uniform_int_distribution<long long>(0, span)(rng);
    d.date = Date(d.at);
    d.number = number(300);
    d.notation = pick(kNotations);
    d.subject = pick(kOpeners) + " " + pick(kTopics) +
                (chance(0.5) ? " trên địa bàn " + pick(kPlaces) : "");
    while (d.body.size() < 2048) {
      d.body += pick(kSentences) + "; " + pick(kTopics) + " tại " + pick(kPlaces) + ". ";
    }
    d.type = number(29);
    d.sender = d.incoming ? pick(kSenders) : "";
    d.signer = pick(kSigners);
    d.position = chance(0.5) ? "Giám đốc" : "Phó Chủ tịch";
    d.urgency = urgencies[number(6) - 1];
    d.created_by = me;
    sink->Add(d);
  }
  sink->Finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "\rsearch_data: %lld documents with ~2 KB of text each in %.0f s\n",
               documents, seconds);
  return 0;
}
