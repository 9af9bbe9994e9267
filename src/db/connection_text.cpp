// What the pool says about its connections: the database URL read into SOCI's connection string,
// and a failed or lost PostgreSQL connection told in one line (connection_text.hpp).
#include "connection_text.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

namespace cqdt::db::internal {

// libpq's message on one line: its lines joined, tabs and repeated spaces folded (the console
// and the log get one line each).
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  return out;
}

// `text` (a console message that carries its own English after " / ") with each "{}" replaced
// by the next of `values`.
std::string Fill(std::string_view text, std::initializer_list<std::string> values) {
  std::string out;
  auto value = values.begin();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "{}") == 0 && value != values.end()) {
      out += *value++;
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// libpq's reason for a failed connection ("Connection refused", "timeout expired", "password
// authentication failed for user ..."): the text after the last "failed: " of its first line
// that has one, else its first line other than SOCI's preamble.
std::string ConnectReason(std::string_view what) {
  std::string fallback;
  std::size_t start = 0;
  while (start <= what.size()) {
    auto end = what.find('\n', start);
    std::string_view line =
        what.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (auto at = line.rfind("failed: "); at != std::string_view::npos) {
      return OneLine(line.substr(at + 8));
    }
    if (fallback.empty() && !OneLine(line).empty() &&
        line.find("Cannot establish connection") == std::string_view::npos) {
      fallback = OneLine(line);
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return fallback.empty() ? OneLine(what) : fallback;
}

// "host:port" of a libpq connection string, for messages (never the password).
std::string PostgresTarget(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
  if (err != nullptr) {
    PQfreemem(err);
  }
  std::string host, hostaddr, port;
  if (options != nullptr) {
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
      const std::string value = o->val != nullptr ? o->val : "";
      const std::string_view key = o->keyword;
      if (key == "host") {
        host = value;
      } else if (key == "hostaddr") {
        hostaddr = value;
      } else if (key == "port") {
        port = value;
      }
    }
    PQconninfoFree(options);
  }
  if (host.empty()) {
    host = hostaddr.empty() ? "localhost" : hostaddr;
  }
  return host + ":" + (port.empty() ? "5432" : port);
}

// An exception that means the PostgreSQL connection was lost or the server cannot take it now
// (restarting, shutting down, failing over): the request may be retried, so HTTP answers 503.
// SQLSTATE class 08 (connection exception), 57P01-57P03 (admin or crash shutdown, cannot connect
// now); libpq's own texts when the connection broke before a result had a SQLSTATE.
bool IsConnectionLost(const std::exception& e) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    const std::string state = pg->sqlstate();
    if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03") {
      return true;
    }
  }
  if (dynamic_cast<const soci::soci_error*>(&e) == nullptr) {
    return false;
  }
  const std::string_view what = e.what();
  for (const char* text :
       {"server closed the connection", "no connection to the server", "terminating connection",
        "Cannot establish connection", "could not receive data from server",
        "could not send data to server", "the database system is shutting down",
        "the database system is starting up", "connection to server"}) {
    if (what.find(text) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

Result<ParsedUrl> ParseUrl(const std::string& url) {
  auto starts = [&](const char* p) { return url.rfind(p, 0) == 0; };
  if (starts("sqlite::memory:")) {
    return ParsedUrl{Engine::kSqlite, ":memory:"};
  }
  if (starts("sqlite://")) {
    std::string path = url.substr(9);
    if (path.empty()) {
      return Error::InvalidField("db", "format", "Đường dẫn cơ sở dữ liệu SQLite trống.");
    }
    return ParsedUrl{Engine::kSqlite, "db=" + path + " timeout=10 shared_cache=false"};
  }
  if (starts("postgresql://") || starts("postgres://")) {
    // SOCI 4.0.3 mangles URI-form connection strings: convert to libpq keywords.
    auto rest = url.substr(url.find("://") + 3);
    std::string params;
    if (auto q = rest.find('?'); q != std::string::npos) {
      params = rest.substr(q + 1);
      rest = rest.substr(0, q);
    }
    std::string dbname;
    if (auto slash = rest.find('/'); slash != std::string::npos) {
      dbname = rest.substr(slash + 1);
      rest = rest.substr(0, slash);
    }
    std::string user, password;
    if (auto at = rest.rfind('@'); at != std::string::npos) {
      user = rest.substr(0, at);
      rest = rest.substr(at + 1);
      if (auto colon = user.find(':'); colon != std::string::npos) {
        password = user.substr(colon + 1);
        user = user.substr(0, colon);
      }
    }
    std::string host = rest, port;
    if (auto colon = rest.rfind(':');
        colon != std::string::npos && rest.find(']') == std::string::npos) {
      host = rest.substr(0, colon);
      port = rest.substr(colon + 1);
    }
    auto quote = [](const std::string& v) {
      std::string out = "'";
      for (char c : v) {
        if (c == '\\' || c == '\'') {
          out += '\\';
        }
        out += c;
      }
      return out + "'";
    };
    std::string conn;
    auto add = [&](const char* key, const std::string& v) {
      if (!v.empty()) {
        conn += std::string(conn.empty() ? "" : " ") + key + "=" + quote(v);
      }
    };
    add("host", host);
    add("port", port);
    add("dbname", dbname);
    add("user", user);
    add("password", password);
    std::size_t start = 0;
    while (start < params.size()) {
      auto amp = params.find('&', start);
      auto kv = params.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (auto eq = kv.find('='); eq != std::string::npos) {
        conn += " " + kv.substr(0, eq) + "=" + quote(kv.substr(eq + 1));
      }
      if (amp == std::string::npos) {
        break;
      }
      start = amp + 1;
    }
    return ParsedUrl{Engine::kPostgres, conn};
  }
  if (starts("postgresql:")) {
    return ParsedUrl{Engine::kPostgres, url.substr(11)};
  }
  return Error::InvalidField(
      "db", "format",
      "Chuỗi kết nối cơ sở dữ liệu không hợp lệ: dùng sqlite:///đường/dẫn.db hoặc "
      "postgresql://người-dùng@máy:cổng/tên-csdl.");
}

}  // namespace cqdt::db::internal
