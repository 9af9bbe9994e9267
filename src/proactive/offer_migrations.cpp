// The proactive module's tables (offer_service.hpp): one offer per (rule, source dossier), with
// the rule's texts as they were when it was made (a later rules file changes no offer); the due
// dates of the terms citizens registered.
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
           "CREATE INDEX proactive_offer_by_citizen ON proactive_offer (citizen_id, created_at)"},
          // A rule whose term is in the e-form's answers: each finished dossier's due date, read
          // once as the dossier is seen, and how far the finished dossiers have been read.
          {"proactive", 2, "create_proactive_term",
           "CREATE TABLE proactive_term ("
           " rule_code TEXT NOT NULL,"
           " source_dossier_id {{bigint}} NOT NULL REFERENCES onestop_dossier (id),"
           " source_dossier_code TEXT NOT NULL,"
           " citizen_id {{bigint}} NOT NULL,"
           " agency_id {{bigint}} NOT NULL,"
           " due_date TEXT NOT NULL,"
           " PRIMARY KEY (rule_code, source_dossier_id));\n"
           "CREATE INDEX proactive_term_by_due ON proactive_term (rule_code, due_date);\n"
           "CREATE TABLE proactive_term_cursor ("
           " rule_code TEXT PRIMARY KEY,"
           " scanned_to {{bigint}} NOT NULL)"}};
}

}  // namespace cqdt::proactive
