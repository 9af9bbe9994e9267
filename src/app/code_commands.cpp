#include "commands.hpp"

namespace cqdt::app {

// TODO(#3): agency code, dossier code and document number commands.
CommandRunner AddCodeCommands(CLI::App&) {
  return [](const Config&) -> std::optional<int> { return std::nullopt; };
}

}  // namespace cqdt::app
