// The SQL of the dossiers (dossier_migrations.cpp): one repository per transaction, plain
// structs in and out. Database faults are exceptions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "numbering/counter_service.hpp"
#include "onestop/dossier.hpp"
#include "onestop/dossier_service.hpp"

namespace cqdt::onestop {

struct StoredPause {
  int ordinal = 0;
  std::string kind;  // "supplement", "payment"
  std::int64_t started_at = 0;
  std::int64_t ended_at = 0;  // 0 while open
};

struct ListQuery {
  AgencyId agency;
  UserId user;                          // kMine: steps assigned to this user
  std::vector<std::string> performers;  // kMine: or unassigned steps of these performers
  int queue = 0;                        // DossierQueue value
  std::string state;                    // "" = any
  std::vector<std::string> words;       // folded words, each must be in the search key
  std::int64_t now = 0;
  int limit = 50;
  int offset = 0;
};

class DossierRepository {
 public:
  explicit DossierRepository(db::Transaction& tx) : tx_(tx) {}

  // Inserts the dossier with its checklist and steps; sets d.id. `with_files`: files of its
  // documents are inserted with it (the row's flag; InsertFile and AttachFile set it later).
  void Insert(Dossier& d, bool with_files = false);
  // A new dossier (received at the counter, or submitted online): Insert, its files and its
  // first event, in one statement on PostgreSQL. A file with an id was uploaded before and is
  // attached (AttachFile); one without is inserted with the dossier and gets its id. With
  // `code`, the dossier's code is taken in that same statement (PostgreSQL) or just before it
  // (SQLite) and d.code set; without, d.code is stored as it is (an online dossier's provisional
  // key). kFileTaken: a file was attached to another dossier meanwhile; kNoCode: the day's codes
  // are used up (numbering::CounterService::DossierCodesExhausted). Nothing is written then.
  enum class InsertOutcome { kInserted, kFileTaken, kNoCode };
  InsertOutcome InsertNew(Dossier& d, std::vector<DossierFile>& files, const DossierEvent& e,
                          const numbering::DossierCodeClause* code = nullptr);
  std::optional<Dossier> Load(const std::string& code);
  // Writes the mutable columns when the stored state is still `expected_state`; false when
  // another transaction moved the dossier first.
  bool Update(const Dossier& d, DossierState expected_state);
  void UpdateStep(DossierId id, const DossierStep& s);
  // The receipt of an online dossier (accept): its code, receipt time and clocks, search key.
  void SetReceipt(const Dossier& d);
  // The receipt at the counter: its code and search key, in place of the provisional ones (on
  // PostgreSQL written with the COMMIT).
  void SetCode(const Dossier& d);
  void UpdateChecklistItem(DossierId id, const ChecklistItem& c);

  // (code, fee) of the dossiers received at `agency` with an unpaid fee, in the given states.
  std::vector<std::pair<std::string, std::int64_t>> FeesDue(AgencyId agency,
                                                            const std::vector<std::string>& states);

  void InsertEvent(DossierId id, const DossierEvent& e);
  void SetFeeMethod(DossierId id, FeeMethod method);
  FeeMethod FeeMethodOf(DossierId id);
  std::vector<DossierEvent> Events(DossierId id);

  std::vector<StoredPause> Pauses(DossierId id);
  void OpenPause(DossierId id, const std::string& kind, std::int64_t at);
  void ClosePause(DossierId id, std::int64_t at);

  // A file of a dossier's documents (not its result) sets the dossier's with_files flag, which
  // the Decision 766 counts read (migration 10).
  DossierFileId InsertFile(const DossierFile& f);
  // A citizen's file of an online dossier (uploaded_by NULL, citizen_id and reused_from set).
  DossierFileId InsertCitizenFile(const DossierFile& f);
  // The checklist item had a file reused from the citizen's document store.
  void SetChecklistReused(DossierId id, int ordinal);
  // A citizen's dossiers, the latest submitted first (at most 500).
  std::vector<DossierSummary> CitizenList(CitizenId citizen);
  // The files of a citizen's dossiers, newest first; with `only`, that file alone if theirs.
  std::vector<CitizenDossierFile> CitizenFiles(CitizenId citizen, DossierFileId only = {});
  std::optional<DossierFile> File(DossierFileId id);
  // Attaches an unattached file; false when it is attached already.
  bool AttachFile(DossierFileId id, DossierId dossier, DossierFileKind kind, int ordinal);

  // The outgoing document drafted as the result (replaces an earlier link); sets the dossier's
  // with_result_document flag.
  void LinkResultDocument(DossierId id, documents::DocumentId document, UserId by, std::int64_t at);

  std::vector<DossierSummary> List(const ListQuery& q, std::int64_t& total);

  // The escalation sweep: open steps of processing dossiers past their planned end, and open
  // dossiers whose clock runs past their due time and not yet flagged.
  struct Overdue {
    DossierId id;
    std::string code;
    std::string procedure_name;
    AgencyId agency;  // whose leaders hear of it: the step's agency, or the deciding agency
    int step = 0;     // 0 for the dossier itself
    std::string step_name;
    bool flagged = false;
  };
  // Steps past their planned end whose leaders were not told yet (SetStepLateNotified).
  std::vector<Overdue> OverdueSteps(std::int64_t now);
  std::vector<Overdue> OverdueDossiers(std::int64_t now);
  void SetLateFlag(DossierId id);
  void SetStepLateNotified(DossierId id, int step);

 private:
  void LoadChildren(Dossier& d);
  void InsertChecklist(long long dossier, const std::vector<ChecklistItem>& items);
  void InsertSteps(long long dossier, const std::vector<DossierStep>& steps);
  // InsertFile and AttachFile without the dossier's flag (InsertNew sets it on the row).
  DossierFileId InsertFileRow(const DossierFile& f);
  bool AttachFileRow(DossierFileId id, DossierId dossier, DossierFileKind kind, int ordinal);
  void MarkWithFiles(DossierId dossier, DossierFileKind kind);
  db::Transaction& tx_;
};

}  // namespace cqdt::onestop
