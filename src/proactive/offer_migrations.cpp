// The proactive module's table (offer_service.hpp): one offer per (rule, source dossier), with
// the rule's texts as they were when it was made (a later rules file changes no offer).
#include "proactive/offer_service.hpp"

namespace cqdt::proactive {

std::vector<db::Migration> Migrations() {
  return {{"proactive", 1, "create_proactive_offer",
           "CREATE TABLE proactive_offer ("
           " id {{pk}},"
           " rule_code TEXT NOT NULL,"
           " source_dossier_id {{bigint}} NOT NULL REFERENCES onestop_dossier (id),"
           " source_dossier_code TEXT NOT NULL,"
           " source_procedure TEXT NOT NULL,"
           " citizen_id {{bigint}} NOT NULL,"
           " agency_id {{bigint}} NOT NULL,"
           " procedure_code TEXT NOT NULL,"
           " level INTEGER NOT NULL,"
           " kind TEXT NOT NULL,"
           " due_date TEXT NOT NULL,"
           " title TEXT NOT NULL,"
           " title_en TEXT NOT NULL,"
           " notice TEXT NOT NULL,"
           " notice_en TEXT NOT NULL,"
           " state TEXT NOT NULL,"
           " draft_id {{bigint}},"  // no foreign key: a submission deletes its draft
           " created_at {{bigint}} NOT NULL,"
           " updated_at {{bigint}} NOT NULL,"
           " UNIQUE (rule_code, source_dossier_id));\n"
           "CREATE INDEX proactive_offer_by_citizen ON proactive_offer (citizen_id, created_at)"}};
}

}  // namespace cqdt::proactive
