// The life events' SQL (catalogue migration 8): events in the administrator's order, each with
// its procedure codes in order. Replaced as a whole.
#include "db/statement.hpp"
#include "sql_procedure_repository.hpp"

namespace cqdt::onestop {

std::vector<LifeEvent> LifeEventRepository::All() {
  std::vector<LifeEvent> out;
  {
    std::string code, name, name_en;
    auto rows =
        db::Prepare(tx_, "SELECT code, name, name_en FROM onestop_life_event ORDER BY ordinal",
                    soci::into(code), soci::into(name), soci::into(name_en));
    rows->execute(false);
    while (rows->fetch()) {
      out.push_back({code, name, name_en, {}});
    }
  }
  std::string event, procedure;
  auto rows = db::Prepare(tx_,
                          "SELECT event_code, procedure_code FROM onestop_life_event_procedure"
                          " ORDER BY event_code, ordinal",
                          soci::into(event), soci::into(procedure));
  rows->execute(false);
  while (rows->fetch()) {
    for (auto& e : out) {
      if (e.code == event) {
        e.procedures.push_back(procedure);
        break;
      }
    }
  }
  return out;
}

void LifeEventRepository::ReplaceAll(const std::vector<LifeEvent>& events) {
  db::Run(tx_, "DELETE FROM onestop_life_event_procedure");
  db::Run(tx_, "DELETE FROM onestop_life_event");
  for (std::size_t i = 0; i < events.size(); ++i) {
    const LifeEvent& e = events[i];
    int ordinal = static_cast<int>(i) + 1;
    db::Run(tx_,
            "INSERT INTO onestop_life_event (code, ordinal, name, name_en) VALUES (:c, :o, :n,"
            " :e)",
            soci::use(e.code), soci::use(ordinal), soci::use(e.name), soci::use(e.name_en));
    for (std::size_t j = 0; j < e.procedures.size(); ++j) {
      int at = static_cast<int>(j) + 1;
      db::Run(tx_,
              "INSERT INTO onestop_life_event_procedure (event_code, ordinal, procedure_code)"
              " VALUES (:e, :o, :p)",
              soci::use(e.code), soci::use(at), soci::use(e.procedures[j]));
    }
  }
}

}  // namespace cqdt::onestop
