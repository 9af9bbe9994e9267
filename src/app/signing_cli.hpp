// Helpers shared by the signing and PKI commands (private to app): the demo PKI that
// `cqdt pki demo-ca` and `cqdt demo` create, and the CLI's audit actor.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/result.hpp"
#include "services.hpp"

namespace cqdt::app {

// Where `cqdt audit checkpoint` writes and `cqdt audit verify` reads signed checkpoints.
std::filesystem::path AuditCheckpointDir(const Config& config);

// The actor of an operator's command: "cli:<login>" from the local shell.
audit::Actor CommandLineActor();

struct DemoPki {
  bool created = false;  // false: DIR/keys.toml existed, nothing changed
  std::filesystem::path dir;
  std::vector<std::string> files;            // file names written in `dir`
  std::vector<std::string> seal_owners;      // agency codes with a seal key
  std::vector<std::string> personal_owners;  // usernames with a personal key
};

// Creates the demo PKI in `dir` (see README "Chữ ký số / Signatures"): a demo root and
// intermediate CA, a seal certificate for every agency that has an active clerk account, a
// personal certificate for every active staff account, their PKCS#12 files, images and
// keys.toml; then trusts the demo root (purpose document) and stores both CRLs,
// audited as `actor`. Everything is marked DEMO in the subjects. When `dir`/keys.toml exists and
// `force` is false nothing is done (created = false). Errors: Unavailable for a file that cannot be
// written, and the database's.
Result<DemoPki> CreateDemoPki(Services& s, const audit::Actor& actor,
                              const std::filesystem::path& dir, bool force);
// The short summary of `CreateDemoPki` for the operator, on stdout.
void PrintDemoPki(const DemoPki& pki, const Config& config);

}  // namespace cqdt::app
