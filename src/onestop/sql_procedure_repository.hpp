// The catalogue's SQL (private to onestop): procedures, their versions with the child lists, and
// the agencies that perform them. No rules here: catalogue_service.cpp decides.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <soci/soci.h>

#include "db/database.hpp"
#include "onestop/catalogue_service.hpp"
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

// The child lists (channels, fees, documents, texts, chain, process) of versions that a dossier
// was received under, by version id: such a version's content never changes again (`used` goes
// from 0 to 1 once, and content is replaced only while it is 0), so a receipt reads one version
// row instead of seven lists, on every instance of a shared database alike. One per
// CatalogueService (ids are per database); bounded, emptied when full.
class VersionContentCache {
 public:
  static constexpr std::size_t kMaxVersions = 4096;
  // Fills the child lists of `c` when `version` is cached.
  bool Get(long long version, ProcedureContent& c) const;
  void Put(long long version, const ProcedureContent& c);

 private:
  mutable std::mutex mu_;
  std::unordered_map<long long, ProcedureContent> lists_;  // only the child lists are set
};

class ProcedureRepository {
 public:
  explicit ProcedureRepository(db::Transaction& tx, VersionContentCache* cache = nullptr)
      : tx_(tx), cache_(cache) {}

  std::optional<ProcedureId> FindProcedure(const std::string& code);
  ProcedureId InsertProcedure(const std::string& code, std::int64_t now);
  // The latest version (highest number) of a procedure.
  std::optional<VersionHead> LatestVersion(ProcedureId id);
  std::vector<ProcedureVersionId> VersionIds(ProcedureId id);  // newest first
  // Every procedure's latest version, ordered by code.
  std::vector<ProcedureVersionId> LatestVersionIds();

  ProcedureVersionId InsertVersion(ProcedureId id, int number, const std::string& effective_from,
                                   const ProcedureContent& c, std::int64_t now,
                                   const std::string& by);
  // Replaces a version's content (and its child rows) in place.
  // False (nothing changed) when a dossier was received under it meanwhile.
  bool ReplaceContent(ProcedureVersionId id, const ProcedureContent& c, std::int64_t now,
                      const std::string& by);
  void EndVersion(ProcedureVersionId id, const std::string& effective_to);
  bool MarkUsed(ProcedureVersionId id);

  std::optional<ProcedureVersion> Load(ProcedureVersionId id);
  // The version of procedure `code` in force on `date`.
  std::optional<ProcedureVersion> LoadOn(const std::string& code, const std::string& date);
  // The versions in force on `date`, every procedure.
  std::vector<SummaryRow> InForce(const std::string& date);
  // The shortest-deadline channel of each version, by version id.
  std::vector<std::pair<ProcedureVersionId, Deadline>> Deadlines(const std::string& date);
  // Every (procedure, agency) pair, and the procedures of one agency.
  std::vector<std::pair<ProcedureId, AgencyId>> AgencyPairs();
  std::vector<ProcedureId> ProceduresOf(AgencyId agency);

  std::vector<AgencyId> Agencies(ProcedureId id);
  void SetAgencies(ProcedureId id, const std::vector<AgencyId>& agencies);

 private:
  void InsertChildren(ProcedureVersionId id, const ProcedureContent& c);
  void DeleteChildren(ProcedureVersionId id);
  // One version whose row matches `where` (bound by `bind`), with its lists.
  std::optional<ProcedureVersion> LoadOne(const std::string& where,
                                          const std::function<void(soci::statement&)>& bind);
  void LoadChildren(long long vid, ProcedureContent& c);
  db::Transaction& tx_;
  VersionContentCache* cache_;
};

// The life events (sql_life_events.cpp): the whole list read and replaced at once.
class LifeEventRepository {
 public:
  explicit LifeEventRepository(db::Transaction& tx) : tx_(tx) {}
  std::vector<LifeEvent> All();
  void ReplaceAll(const std::vector<LifeEvent>& events);

 private:
  db::Transaction& tx_;
};

}  // namespace cqdt::onestop
