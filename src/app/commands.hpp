// Subcommand groups that live in their own files (private to app). Each Add* function defines
// its subcommands on `app` and returns a runner; after parsing, Main() calls every runner with the
// loaded configuration, and the first that returns an exit code ends the process. A runner
// returns nullopt when none of its subcommands was chosen. Runners open the database themselves
// only if they need it.
#pragma once

#include <functional>
#include <optional>

#include <CLI/CLI.hpp>

#include "app/config.hpp"

namespace cqdt::app {

using CommandRunner = std::function<std::optional<int>(const Config&)>;

// `cqdt calendar ...` (issue 3): lunar dates, holidays, working days.
CommandRunner AddCalendarCommands(CLI::App& app);
// `cqdt code ...` (issue 3): agency codes, dossier codes, document numbers.
CommandRunner AddCodeCommands(CLI::App& app);
// `cqdt sign pdf|xml|cms ...` and `cqdt verify ...` (issue 4): sign with a key the operator holds,
// verify the signatures of a file against the trust store.
CommandRunner AddSigningCommands(CLI::App& app);
// `cqdt pki ...` (issue 4): the demo PKI (demo-ca), trust anchors, CRLs, the key ring.
CommandRunner AddPkiCommands(CLI::App& app);
// `cqdt doc registers [--agency CODE] [--json]` (issue 10): an agency's document registers.
CommandRunner AddDocCommands(CLI::App& app);
// `doc register-incoming|list|show`, under the `doc` command (doc_incoming_commands.cpp).
CommandRunner AddIncomingDocCommands(CLI::App* doc);
// `doc remind`, under the `doc` command (doc_queue_commands.cpp).
CommandRunner AddQueueDocCommands(CLI::App* doc);
// `doc search|reindex`, under the `doc` command (doc_search_commands.cpp).
CommandRunner AddSearchDocCommands(CLI::App* doc);
// `doc import`, under the `doc` command (doc_import_commands.cpp).
CommandRunner AddImportDocCommands(CLI::App* doc);
// `cqdt agent` (issue 9): the local signing agent an official runs beside the browser.
CommandRunner AddAgentCommand(CLI::App& app);
// `cqdt notify send ...` (issue 10): put a notice in a staff user's notifications.
CommandRunner AddNotifyCommands(CLI::App& app);
// `cqdt mail digest` (mail_commands.cpp; issue 15): today's digest notices.
CommandRunner AddMailCommands(CLI::App& app);
// `doc archive export|verify`, under the `doc` command (doc_archive_commands.cpp; issue 11).
CommandRunner AddArchiveDocCommands(CLI::App* doc);
// `cqdt procedure import|export` (procedure_commands.cpp; issue 12): the procedure catalogue.
CommandRunner AddProcedureCommands(CLI::App& app);
// `cqdt dossier show CODE [--json]` (dossier_commands.cpp; issue 12).
CommandRunner AddDossierCommands(CLI::App& app);

// `cqdt exchange inspect FILE [--json]` (exchange_commands.cpp; issue 14): edXML packages.
CommandRunner AddExchangeCommands(CLI::App& app);
// `exchange send|list|show|replay|peers`, under the `exchange` command
// (exchange_admin_commands.cpp).
CommandRunner AddExchangeAdminCommands(CLI::App* exchange);
// `cqdt backup DEST`, `cqdt backup verify SRC`, `cqdt restore SRC` (backup_commands.cpp;
// issue 16): online backup, its check, restore into an empty data directory.
CommandRunner AddBackupCommands(CLI::App& app);
// `cqdt blob sweep [--dry-run] [--grace-hours N]` (blob_commands.cpp; issue 16): the orphan
// sweeper.
CommandRunner AddBlobCommands(CLI::App& app);

}  // namespace cqdt::app
