// The typed reader of cqdt's TOML configuration, private to app. Every value of the wrong type,
// out of its range or otherwise refused becomes one error that names the file and the key:
// "<file>: <section>.<key>: <what is wrong>" (issue 16: a configuration error names the key and
// the file). Reading goes on after an error, but only the first one is kept and reported, so a
// section loader calls the reader for each key and returns status() once.
//
// The per-section loaders (config_sections.cpp, config_mail.cpp) read through it; config.cpp
// parses the file, refuses unknown sections and keys, and calls them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "app/config.hpp"

namespace cqdt::app {

// "<file>: <key>: <what>" as a kInvalidArgument error.
Error ConfigKeyError(const std::string& file, const std::string& key, const std::string& what);

class ConfigReader {
 public:
  ConfigReader(const toml::table& table, std::string file)
      : table_(table), file_(std::move(file)) {}

  // Each reads `section`.`key` into `out` when it is set, and records an error when its type is
  // wrong (or, for Int, its value is outside [min, max]). Absent keys leave `out` as it is.
  void Text(const char* section, const char* key, std::string& out);
  void Int(const char* section, const char* key, int& out, int min, int max);
  void Flag(const char* section, const char* key, bool& out);
  void TextList(const char* section, const char* key, std::vector<std::string>& out);
  // True when `section`.`key` is set in the file.
  bool Has(const char* section, const char* key) const;

  // Records "<file>: <section>.<key>: <what>" unless an error is recorded already.
  void Fail(const std::string& section, const std::string& key, const std::string& what);

  const std::string& file() const { return file_; }
  // The first error recorded, or Ok().
  Status status() const;

 private:
  const toml::node* Node(const char* section, const char* key) const;
  struct Expected {
    const char* vi;
    const char* en;
  };
  void WrongType(const char* section, const char* key, Expected expected, const toml::node& node);

  const toml::table& table_;
  std::string file_;
  std::optional<Error> error_;
};

// The section loaders (config_sections.cpp; [mail] in config_mail.cpp). Each reads its keys and
// checks the ones that depend on each other within the section.
void LoadServerSection(ConfigReader& r, Config& c);
void LoadDatabaseSection(ConfigReader& r, Config& c);
void LoadLogSection(ConfigReader& r, Config& c);
void LoadSessionSection(ConfigReader& r, Config& c);
void LoadSecuritySection(ConfigReader& r, Config& c);
void LoadCalendarSection(ConfigReader& r, Config& c);
void LoadIndex766Section(ConfigReader& r, Config& c);
void LoadProactiveSection(ConfigReader& r, Config& c);
void LoadFeedbackSection(ConfigReader& r, Config& c);
void LoadExchangeSection(ConfigReader& r, Config& c);
void LoadOidcSection(ConfigReader& r, Config& c);
void LoadSigningSection(ConfigReader& r, Config& c);
void LoadDocumentsSection(ConfigReader& r, Config& c);
void LoadMetricsSection(ConfigReader& r, Config& c);
void LoadMailSection(ConfigReader& r, Config::Mail& m);

// Shared checks (also used for the environment).
bool IsLoopbackAgentUrl(const std::string& url);
bool IsMetricsAllow(const std::string& value);
inline constexpr const char* kMetricsAllowValues =
    "phải là \"loopback\", \"token\" hoặc \"public\"";

}  // namespace cqdt::app
