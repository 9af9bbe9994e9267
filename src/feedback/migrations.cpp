// The feedback module's tables (issue 13, item 7).
#include "feedback/migrations.hpp"

namespace cqdt::feedback {

std::vector<db::Migration> Migrations() {
  return {
      // The dossiers a rating or a PAKN names, with the facts Decision 766 counts them by
      // (decision 0018): copied from onestop's public API when written, and refreshed by the
      // sweep until the dossier finishes or closes. dossier_id is onestop's id, not a foreign
      // key: the module reads onestop only through its API.
      {"feedback", 1, "create_feedback_dossier",
       "CREATE TABLE feedback_dossier ("
       " dossier_id {{bigint}} PRIMARY KEY,"
       " code TEXT NOT NULL UNIQUE,"
       " receiving_agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
       " deciding_agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
       " finished_at {{bigint}} NOT NULL DEFAULT 0,"
       " late INTEGER NOT NULL DEFAULT 0,"
       " closed INTEGER NOT NULL DEFAULT 0,"
       " citizen_id {{bigint}},"
       " updated_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX feedback_dossier_by_agency ON feedback_dossier"
       " (deciding_agency_id, finished_at);\n"
       "CREATE INDEX feedback_dossier_pending ON feedback_dossier (finished_at, closed)"},
      // One rating per dossier; its criteria in feedback_rating_score.
      {"feedback", 2, "create_feedback_rating",
       "CREATE TABLE feedback_rating ("
       " id {{pk}},"
       " dossier_id {{bigint}} NOT NULL UNIQUE REFERENCES feedback_dossier (dossier_id),"
       " overall TEXT NOT NULL,"
       " unsatisfied INTEGER NOT NULL,"
       " comment TEXT NOT NULL,"
       " channel TEXT NOT NULL,"
       " rated_at {{bigint}} NOT NULL,"
       " updated_at {{bigint}} NOT NULL,"
       " changes INTEGER NOT NULL DEFAULT 0,"
       " rated_by TEXT NOT NULL);\n"
       "CREATE INDEX feedback_rating_by_time ON feedback_rating (rated_at);\n"
       "CREATE TABLE feedback_rating_score ("
       " rating_id {{bigint}} NOT NULL REFERENCES feedback_rating (id),"
       " criterion TEXT NOT NULL,"
       " level TEXT NOT NULL,"
       " PRIMARY KEY (rating_id, criterion))"},
      // Feedback and complaints (PAKN): about a dossier or an agency, handled by the agency in
      // whose competence it is now (agency_id; first_agency_id is where it was filed).
      {"feedback", 3, "create_feedback_petition",
       "CREATE TABLE feedback_petition ("
       " id {{pk}},"
       " code TEXT NOT NULL UNIQUE,"
       " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
       " first_agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
       " dossier_id {{bigint}} REFERENCES feedback_dossier (dossier_id),"
       " dossier_code TEXT NOT NULL,"
       " category TEXT NOT NULL,"
       " index_class TEXT NOT NULL,"
       " title TEXT NOT NULL,"
       " content TEXT NOT NULL,"
       " filer_name TEXT NOT NULL,"
       " filer_phone TEXT NOT NULL,"
       " filer_email TEXT NOT NULL,"
       " citizen_id {{bigint}},"
       " state TEXT NOT NULL,"
       " assignee_id {{bigint}},"
       " assignee_name TEXT NOT NULL,"
       " filed_at {{bigint}} NOT NULL,"
       " received_at {{bigint}} NOT NULL,"
       " due_on TEXT NOT NULL,"
       " due_at {{bigint}} NOT NULL,"
       " answer TEXT NOT NULL,"
       " answered_at {{bigint}} NOT NULL DEFAULT 0,"
       " answered_by TEXT NOT NULL,"
       " published INTEGER NOT NULL DEFAULT 0,"
       " public_question TEXT NOT NULL,"
       " verdict TEXT NOT NULL,"
       " verdict_comment TEXT NOT NULL,"
       " verdict_at {{bigint}} NOT NULL DEFAULT 0,"
       " overdue_notified INTEGER NOT NULL DEFAULT 0,"
       " updated_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX feedback_petition_queue ON feedback_petition (agency_id, state, due_at);\n"
       "CREATE INDEX feedback_petition_period ON feedback_petition (agency_id, received_at);\n"
       "CREATE INDEX feedback_petition_dossier ON feedback_petition (dossier_id);\n"
       "CREATE INDEX feedback_petition_citizen ON feedback_petition (citizen_id, filed_at);\n"
       "CREATE INDEX feedback_petition_published ON feedback_petition (published, answered_at);\n"
       "CREATE TABLE feedback_petition_event ("
       " id {{pk}},"
       " petition_id {{bigint}} NOT NULL REFERENCES feedback_petition (id),"
       " at {{bigint}} NOT NULL,"
       " action TEXT NOT NULL,"
       " actor TEXT NOT NULL,"
       " agency_id {{bigint}} NOT NULL,"
       " note TEXT NOT NULL);\n"
       "CREATE INDEX feedback_petition_event_by_petition ON feedback_petition_event"
       " (petition_id, id)"},
  };
}

}  // namespace cqdt::feedback
