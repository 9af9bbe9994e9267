// The dossiers' tables: the dossier row with its state and clocks (Unix seconds, UTC), the
// checklist as received, the internal steps (the process control slip), the files, the pauses
// of the clock and the timeline.
#include "dossier_migrations.hpp"

namespace cqdt::onestop {

db::Migration DossierMigration() {
  return {"onestop", 2, "create_dossiers",
          "CREATE TABLE onestop_dossier ("
          " id {{pk}},"
          " code TEXT NOT NULL UNIQUE,"
          " version_id {{bigint}} NOT NULL REFERENCES onestop_procedure_version (id),"
          " procedure_code TEXT NOT NULL,"
          " procedure_name TEXT NOT NULL,"
          " receiving_agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
          " deciding_agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
          " channel INTEGER NOT NULL,"
          " state TEXT NOT NULL,"
          " resume_to TEXT NOT NULL,"
          " applicant_name TEXT NOT NULL,"
          " applicant_id_number TEXT NOT NULL,"
          " applicant_address TEXT NOT NULL,"
          " applicant_phone TEXT NOT NULL,"
          " applicant_email TEXT NOT NULL,"
          " applicant_representative TEXT NOT NULL,"
          " citizen_id {{bigint}},"
          " sets INTEGER NOT NULL,"
          " submitted_at {{bigint}} NOT NULL,"
          " received_at {{bigint}} NOT NULL,"
          " received_by TEXT NOT NULL,"
          " deadline_hundredths {{bigint}} NOT NULL,"
          " deadline_unit TEXT NOT NULL,"
          " restart_on_supplement INTEGER NOT NULL,"
          " transfer_due_at {{bigint}} NOT NULL,"
          " appointment_at {{bigint}} NOT NULL,"
          " due_at {{bigint}} NOT NULL,"
          " new_appointment_at {{bigint}} NOT NULL,"
          " fee {{bigint}} NOT NULL,"
          " fee_paid INTEGER NOT NULL,"
          " delivery TEXT NOT NULL,"
          " result_note TEXT NOT NULL,"
          " finished_at {{bigint}} NOT NULL,"
          " returned_at {{bigint}} NOT NULL,"
          " returned_to TEXT NOT NULL,"
          " timeliness TEXT NOT NULL,"
          " late_flag INTEGER NOT NULL,"
          " current_step INTEGER NOT NULL,"
          " note TEXT NOT NULL,"
          " search_key TEXT NOT NULL,"
          " updated_at {{bigint}} NOT NULL);\n"
          "CREATE INDEX onestop_dossier_by_receiving ON onestop_dossier"
          " (receiving_agency_id, received_at);\n"
          "CREATE INDEX onestop_dossier_by_deciding ON onestop_dossier"
          " (deciding_agency_id, received_at);\n"
          "CREATE TABLE onestop_dossier_document ("
          " dossier_id {{bigint}} NOT NULL REFERENCES onestop_dossier (id),"
          " ordinal INTEGER NOT NULL,"
          " name TEXT NOT NULL,"
          " originals INTEGER NOT NULL,"
          " copies INTEGER NOT NULL,"
          " required INTEGER NOT NULL,"
          " provided INTEGER NOT NULL,"
          " by_data INTEGER NOT NULL,"
          " PRIMARY KEY (dossier_id, ordinal));\n"
          "CREATE TABLE onestop_dossier_step ("
          " dossier_id {{bigint}} NOT NULL REFERENCES onestop_dossier (id),"
          " ordinal INTEGER NOT NULL,"
          " name TEXT NOT NULL,"
          " performer TEXT NOT NULL,"
          " hours_hundredths {{bigint}} NOT NULL,"
          " assignee_user_id {{bigint}} REFERENCES identity_user (id),"
          " assignee_name TEXT NOT NULL,"
          " started_at {{bigint}} NOT NULL,"
          " planned_end {{bigint}} NOT NULL,"
          " finished_at {{bigint}} NOT NULL,"
          " finished_by TEXT NOT NULL,"
          " outcome TEXT NOT NULL,"
          " note TEXT NOT NULL,"
          " PRIMARY KEY (dossier_id, ordinal));\n"
          "CREATE INDEX onestop_dossier_step_assignee ON onestop_dossier_step"
          " (assignee_user_id, finished_at);\n"
          "CREATE TABLE onestop_dossier_file ("
          " id {{pk}},"
          " dossier_id {{bigint}} REFERENCES onestop_dossier (id),"
          " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
          " kind TEXT NOT NULL,"
          " document_ordinal INTEGER NOT NULL,"
          " name TEXT NOT NULL,"
          " content_type TEXT NOT NULL,"
          " size {{bigint}} NOT NULL,"
          " sha256 TEXT NOT NULL,"
          " uploaded_by {{bigint}} NOT NULL REFERENCES identity_user (id),"
          " uploaded_at {{bigint}} NOT NULL);\n"
          "CREATE INDEX onestop_dossier_file_of ON onestop_dossier_file (dossier_id, id);\n"
          "CREATE TABLE onestop_dossier_pause ("
          " dossier_id {{bigint}} NOT NULL REFERENCES onestop_dossier (id),"
          " ordinal INTEGER NOT NULL,"
          " kind TEXT NOT NULL,"
          " started_at {{bigint}} NOT NULL,"
          " ended_at {{bigint}},"
          " PRIMARY KEY (dossier_id, ordinal));\n"
          "CREATE TABLE onestop_dossier_event ("
          " id {{pk}},"
          " dossier_id {{bigint}} NOT NULL REFERENCES onestop_dossier (id),"
          " at {{bigint}} NOT NULL,"
          " actor_name TEXT NOT NULL,"
          " action TEXT NOT NULL,"
          " from_state TEXT NOT NULL,"
          " to_state TEXT NOT NULL,"
          " note TEXT NOT NULL);\n"
          "CREATE INDEX onestop_dossier_event_of ON onestop_dossier_event (dossier_id, id)"};
}

db::Migration CounterQueueMigration() {
  return {"onestop", 3, "create_counter_queue",
          "CREATE TABLE onestop_counter ("
          " id {{pk}},"
          " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
          " name TEXT NOT NULL,"
          " services TEXT NOT NULL,"
          " active INTEGER NOT NULL,"
          " UNIQUE (agency_id, name));\n"
          "CREATE TABLE onestop_ticket ("
          " id {{pk}},"
          " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
          " day TEXT NOT NULL,"
          " number INTEGER NOT NULL,"
          " service TEXT NOT NULL,"
          " service_name TEXT NOT NULL,"
          " state TEXT NOT NULL,"
          " issued_at {{bigint}} NOT NULL,"
          " called_at {{bigint}} NOT NULL,"
          " finished_at {{bigint}} NOT NULL,"
          " counter_id {{bigint}} REFERENCES onestop_counter (id),"
          " calls INTEGER NOT NULL,"
          " UNIQUE (agency_id, day, number));\n"
          "CREATE INDEX onestop_ticket_waiting ON onestop_ticket (agency_id, day, state, number);\n"
          "CREATE INDEX onestop_ticket_counter ON onestop_ticket (counter_id, state)"};
}

// The outgoing document drafted as a dossier's result (dossier_result.hpp). No foreign key to
// documents_document: the onestop tables stand without the documents module's (its db tests
// migrate onestop alone); the service checks the document through documents::OutgoingService.
db::Migration DossierResultDocumentMigration() {
  return {"onestop", 4, "create_dossier_result_document",
          "CREATE TABLE onestop_dossier_result_document ("
          " dossier_id {{bigint}} PRIMARY KEY REFERENCES onestop_dossier (id),"
          " document_id {{bigint}} NOT NULL,"
          " linked_by {{bigint}} NOT NULL REFERENCES identity_user (id),"
          " linked_at {{bigint}} NOT NULL);\n"
          "CREATE INDEX onestop_dossier_result_document_of ON onestop_dossier_result_document"
          " (document_id)"};
}

// Inter-agency dossiers (liên thông): each step names the agency that performs it. Steps of
// dossiers received before get the agency they had implicitly (the desk's steps the receiving
// agency, the others the deciding agency).
db::Migration DossierStepAgencyMigration() {
  return {"onestop", 5, "dossier_step_agency",
          "ALTER TABLE onestop_dossier_step ADD COLUMN agency_id {{bigint}}"
          " REFERENCES org_agency (id);\n"
          "UPDATE onestop_dossier_step SET agency_id = (SELECT CASE WHEN"
          " onestop_dossier_step.performer = 'counter' THEN d.receiving_agency_id ELSE"
          " d.deciding_agency_id END FROM onestop_dossier d WHERE d.id ="
          " onestop_dossier_step.dossier_id);\n"
          // Covers the statistics' step times (dossier_statistics.cpp) as well.
          "CREATE INDEX onestop_dossier_step_agency ON onestop_dossier_step"
          " (agency_id, finished_at, started_at, name)"};
}

// The statistics' reads (dossier_statistics.cpp): an agency's dossiers still open or finished
// since a period began, and the supplements asked in a period, without reading the years before.
db::Migration DossierStatisticsMigration() {
  return {"onestop", 6, "dossier_statistics_indexes",
          "CREATE INDEX onestop_dossier_by_deciding_finished ON onestop_dossier"
          " (deciding_agency_id, finished_at, received_at);\n"
          "CREATE INDEX onestop_dossier_pause_started ON onestop_dossier_pause"
          " (kind, started_at, dossier_id)"};
}

// The statistics' report reads every column it counts from the index (a year of a ward's
// dossiers took 160 ms fetching each row from the table, 50 ms from the index); the index of
// migration 6 is its prefix and goes.
db::Migration DossierStatisticsCoveringMigration() {
  return {"onestop", 7, "dossier_statistics_covering_index",
          "CREATE INDEX onestop_dossier_statistics ON onestop_dossier (deciding_agency_id,"
          " finished_at, received_at, procedure_code, version_id, channel, state, timeliness,"
          " due_at, updated_at);\n"
          "DROP INDEX onestop_dossier_by_deciding_finished"};
}

// Decision 766 counts online payments apart (chi-so-766.md §3.4): the method of each fee paid.
// Its counts (service_counters.cpp) read the same two ranges per deciding agency as the
// statistics, so the statistics' covering index also covers the fee's columns: sqlite3 counted a
// year of a province's 2,000,000 dossiers in 28 s through an index on the receipt time (each
// row fetched from the table), in 0.5 s over the agencies' ranges of this one.
db::Migration DossierFeeMethodMigration() {
  return {"onestop", 9, "dossier_fee_method",
          "ALTER TABLE onestop_dossier ADD COLUMN fee_method TEXT NOT NULL DEFAULT '';\n"
          "DROP INDEX onestop_dossier_statistics;\n"
          "CREATE INDEX onestop_dossier_statistics ON onestop_dossier (deciding_agency_id,"
          " finished_at, received_at, procedure_code, version_id, channel, state, timeliness,"
          " due_at, updated_at, fee, fee_paid, fee_method)"};
}

// Three facts of a dossier the Decision 766 counts ask (chi-so-766.md §3.3, §3.4), kept on its
// row so that the counts read them from the covering index instead of probing three tables for
// each of a year's two million dossiers (sqlite3 spent more time in those probes than in the
// rest of the count): files given with it (not its result), a document replaced by the state's
// data, a result issued as a document.
// The repository sets them where those rows are written (sql_dossier_repository.cpp).
db::Migration DossierEvidenceMigration() {
  return {"onestop", 10, "dossier_evidence_flags",
          "ALTER TABLE onestop_dossier ADD COLUMN with_files INTEGER NOT NULL DEFAULT 0;\n"
          "ALTER TABLE onestop_dossier ADD COLUMN by_data INTEGER NOT NULL DEFAULT 0;\n"
          "ALTER TABLE onestop_dossier ADD COLUMN with_result_document INTEGER NOT NULL"
          " DEFAULT 0;\n"
          "UPDATE onestop_dossier SET with_files = 1 WHERE id IN (SELECT dossier_id FROM"
          " onestop_dossier_file WHERE dossier_id IS NOT NULL AND kind <> 'result');\n"
          "UPDATE onestop_dossier SET by_data = 1 WHERE id IN (SELECT dossier_id FROM"
          " onestop_dossier_document WHERE by_data = 1);\n"
          "UPDATE onestop_dossier SET with_result_document = 1 WHERE id IN (SELECT dossier_id"
          " FROM onestop_dossier_result_document);\n"
          "DROP INDEX onestop_dossier_statistics;\n"
          "CREATE INDEX onestop_dossier_statistics ON onestop_dossier (deciding_agency_id,"
          " finished_at, received_at, procedure_code, version_id, channel, state, timeliness,"
          " due_at, updated_at, fee, fee_paid, fee_method, with_files, by_data,"
          " with_result_document)"};
}

// Online dossiers carry the citizen's own files (issue 13 item 3): a file's uploader is then no
// staff member (uploaded_by becomes nullable; SQLite cannot drop a NOT NULL, so its table is
// rebuilt) but the citizen (citizen_id, no foreign key, as onestop_dossier.citizen_id); a file
// and its checklist item say whether it was reused from the citizen's document store rather than
// uploaded ('store', or ''). A reuse also sets the dossier's by_data flag (migration 10), which
// Decision 766 counts (chi-so-766.md §3.6, "có tái sử dụng thành phần").
// The citizen's list of their dossiers reads by citizen and submission time.
db::Migration DossierCitizenFilesMigration() {
  return {
      "onestop", 11, "dossier_citizen_files",
      "{{sqlite}}CREATE TABLE onestop_dossier_file_v11 ("
      " id {{pk}},"
      " dossier_id {{bigint}} REFERENCES onestop_dossier (id),"
      " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
      " kind TEXT NOT NULL,"
      " document_ordinal INTEGER NOT NULL,"
      " name TEXT NOT NULL,"
      " content_type TEXT NOT NULL,"
      " size {{bigint}} NOT NULL,"
      " sha256 TEXT NOT NULL,"
      " uploaded_by {{bigint}} REFERENCES identity_user (id),"
      " uploaded_at {{bigint}} NOT NULL,"
      " citizen_id {{bigint}},"
      " reused_from TEXT NOT NULL DEFAULT '');\n"
      "{{sqlite}}INSERT INTO onestop_dossier_file_v11 (id, dossier_id, agency_id, kind,"
      " document_ordinal, name, content_type, size, sha256, uploaded_by, uploaded_at) SELECT"
      " id, dossier_id, agency_id, kind, document_ordinal, name, content_type, size, sha256,"
      " uploaded_by, uploaded_at FROM onestop_dossier_file;\n"
      "{{sqlite}}DROP TABLE onestop_dossier_file;\n"
      "{{sqlite}}ALTER TABLE onestop_dossier_file_v11 RENAME TO onestop_dossier_file;\n"
      "{{sqlite}}CREATE INDEX onestop_dossier_file_of ON onestop_dossier_file (dossier_id, id);\n"
      "{{postgresql}}ALTER TABLE onestop_dossier_file ALTER COLUMN uploaded_by DROP NOT NULL;\n"
      "{{postgresql}}ALTER TABLE onestop_dossier_file ADD COLUMN citizen_id BIGINT;\n"
      "{{postgresql}}ALTER TABLE onestop_dossier_file ADD COLUMN reused_from TEXT NOT NULL"
      " DEFAULT '';\n"
      "ALTER TABLE onestop_dossier_document ADD COLUMN reused_from TEXT NOT NULL DEFAULT '';\n"
      "CREATE INDEX onestop_dossier_by_citizen ON onestop_dossier (citizen_id, submitted_at)"};
}

// The escalation sweep (app/escalation_timer.cpp) runs every few minutes holding the write lock.
// It looked for open dossiers past their due time by reading every dossier ever received (a
// province receives about 2 million a year): the index reads only the open ones due before now.
// And it met every late step again at each run, writing its notices again for the outbox to
// drop as duplicates (50 ms for 452 late steps, growing with them): a step now records that its
// leaders were told. Steps late before this migration are met once more, and their notices
// dropped as duplicates, as before.
db::Migration DossierEscalationMigration() {
  return {"onestop", 12, "dossier_escalation",
          "CREATE INDEX onestop_dossier_open_due ON onestop_dossier (state, due_at);\n"
          "ALTER TABLE onestop_dossier_step ADD COLUMN late_notified INTEGER NOT NULL DEFAULT 0"};
}

}  // namespace cqdt::onestop
