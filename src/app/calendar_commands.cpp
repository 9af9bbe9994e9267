#include "commands.hpp"

namespace cqdt::app {

// TODO(#3): lunar and working-day calendar commands.
CommandRunner AddCalendarCommands(CLI::App&) {
  return [](const Config&) -> std::optional<int> { return std::nullopt; };
}

}  // namespace cqdt::app
