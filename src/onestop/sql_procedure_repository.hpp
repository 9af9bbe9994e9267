// The catalogue's SQL (private to onestop): procedures, their versions with the child lists, and
// the agencies that perform them. No rules here: catalogue_service.cpp decides.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "onestop/procedure.hpp"

namespace cqdt::onestop {

struct VersionHead {  // a version without its content
  ProcedureVersionId id;
  int number = 0;
  std::string effective_from;
  std::string effective_to;
  bool used = false;
};

// One version in force, for the list (its channels' deadlines read apart).
struct SummaryRow {
  ProcedureSummary summary;
  ProcedureVersionId version_id;
  std::string search_key;
};

class ProcedureRepository {
 public:
  explicit ProcedureRepository(db::Transaction& tx) : tx_(tx) {}

  std::optional<ProcedureId> FindProcedure(const std::string& code);
  ProcedureId InsertProcedure(const std::string& code, std::int64_t now);
  // The latest version (highest number) of a procedure.
  std::optional<VersionHead> LatestVersion(ProcedureId id);
  std::optional<ProcedureVersionId> VersionOn(ProcedureId id, const std::string& date);
  std::vector<ProcedureVersionId> VersionIds(ProcedureId id);  // newest first
  // Every procedure's latest version, ordered by code.
  std::vector<ProcedureVersionId> LatestVersionIds();

  ProcedureVersionId InsertVersion(ProcedureId id, int number, const std::string& effective_from,
                                   const ProcedureContent& c, std::int64_t now,
                                   const std::string& by);
  // Replaces a version's content (and its child rows) in place.
  void ReplaceContent(ProcedureVersionId id, const ProcedureContent& c, std::int64_t now,
                      const std::string& by);
  void EndVersion(ProcedureVersionId id, const std::string& effective_to);
  bool MarkUsed(ProcedureVersionId id);

  std::optional<ProcedureVersion> Load(ProcedureVersionId id);
  // The versions in force on `date`, every procedure.
  std::vector<SummaryRow> InForce(const std::string& date);
  // The shortest-deadline channel of each version, by version id.
  std::vector<std::pair<ProcedureVersionId, Deadline>> Deadlines(const std::string& date);
  // Agencies per procedure (procedure id -> count) and the procedures of one agency.
  std::vector<std::pair<ProcedureId, int>> AgencyCounts();
  std::vector<ProcedureId> ProceduresOf(AgencyId agency);

  std::vector<AgencyId> Agencies(ProcedureId id);
  void SetAgencies(ProcedureId id, const std::vector<AgencyId>& agencies);

 private:
  void InsertChildren(ProcedureVersionId id, const ProcedureContent& c);
  void DeleteChildren(ProcedureVersionId id);
  db::Transaction& tx_;
};

}  // namespace cqdt::onestop
