// The mailroom module's tables (issue 15): e-mail accounts per agency (mailroom_account), the
// templates an administrator changed (mailroom_template; the shipped defaults are data, not rows),
// the notices a person chose not to receive by e-mail (mailroom_preference).
#pragma once

#include <vector>

#include "db/migrator.hpp"

namespace cqdt::mailroom {

std::vector<db::Migration> Migrations();

}  // namespace cqdt::mailroom
