#include "onestop/catalogue_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/lunar_calendar.hpp"
#include "core/text.hpp"
#include "sql_procedure_repository.hpp"
#include "text/search.hpp"

namespace cqdt::onestop {

using identity::Authorizer;

const char* PublishOutcomeName(PublishOutcome o) {
  switch (o) {
    case PublishOutcome::kCreated:
      return "created";
    case PublishOutcome::kNewVersion:
      return "new_version";
    case PublishOutcome::kReplaced:
      return "replaced";
    case PublishOutcome::kUnchanged:
      return "unchanged";
  }
  return "unchanged";
}

std::string PublishOutcomeLabel(PublishOutcome o) {
  switch (o) {
    case PublishOutcome::kCreated:
      return "Thêm mới";
    case PublishOutcome::kNewVersion:
      return "Phiên bản mới";
    case PublishOutcome::kReplaced:
      return "Thay phiên bản chưa dùng";
    case PublishOutcome::kUnchanged:
      return "Không đổi";
  }
  return "Không đổi";
}

namespace {

Status RequireAdmin(const identity::Principal& p, const char* what) {
  if (!Authorizer::IsAdmin(p)) {
    return Error::PermissionDenied(std::string("Chỉ quản trị hệ thống mới ") + what + ".");
  }
  return Ok();
}

// The day before `iso` (YYYY-MM-DD, already checked).
std::string DayBefore(const std::string& iso) {
  return FormatIsoDate(AddDays(*ParseIsoDate(iso), -1));
}

Result<std::string> CheckDate(const std::string& value, const char* field,
                              const std::string& today) {
  if (value.empty()) {
    return today;
  }
  if (!ParseIsoDate(value)) {
    return Error::InvalidField(field, "format",
                               "Trường '" + std::string(field) + "' phải là ngày dạng YYYY-MM-DD.");
  }
  return value;
}

}  // namespace

CatalogueService::CatalogueService(audit::AuditLog& audit, const org::AgencyService& agencies,
                                   const Clock& clock)
    : audit_(audit),
      agencies_(agencies),
      clock_(clock),
      cache_(std::make_shared<VersionContentCache>()) {}

std::string CatalogueService::Today() const { return agencies_.Today(); }

Result<CataloguePage> CatalogueService::List(db::Transaction& tx,
                                             const CatalogueFilter& filter) const {
  std::vector<FieldError> errors;
  if (filter.limit < 1 || filter.limit > 500) {
    errors.push_back({"limit", "range", "Trường 'limit' phải từ 1 đến 500."});
  }
  if (filter.offset < 0) {
    errors.push_back({"offset", "range", "Trường 'offset' không được âm."});
  }
  auto query = text::SearchQuery::Parse(filter.query, "q");
  if (!query) {
    for (const auto& e : query.error().fields()) {
      errors.push_back(e);
    }
  }
  auto date = CheckDate(filter.on_date, "date", Today());
  if (!date) {
    errors.push_back(date.error().fields().front());
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  ProcedureRepository repo(tx, cache_.get());
  std::map<ProcedureId, std::vector<AgencyId>> agencies_of;
  for (const auto& [pid, aid] : repo.AgencyPairs()) {
    agencies_of[pid].push_back(aid);
  }
  // The events each procedure code belongs to, by the event's position.
  const std::vector<LifeEvent> events = LifeEventRepository(tx).All();
  std::map<std::string, std::vector<std::size_t>> events_of;
  std::optional<std::size_t> chosen_event;
  for (std::size_t i = 0; i < events.size(); ++i) {
    for (const auto& code : events[i].procedures) {
      events_of[code].push_back(i);
    }
    if (events[i].code == filter.life_event) {
      chosen_event = i;
    }
  }
  if (!filter.life_event.empty() && !chosen_event) {
    return Error::InvalidField("lifeEvent", "unknown",
                               "Không có sự kiện đời sống mã '" + filter.life_event + "'.");
  }
  std::map<ProcedureVersionId, Deadline> shortest;
  for (const auto& [vid, d] : repo.Deadlines(*date)) {
    // Compared in working hours; calendar days count as working days for the order.
    auto hours = [](const Deadline& x) {
      return DeadlineWorkingHours(x).value_or(x.amount * kHoursPerWorkingDay);
    };
    auto it = shortest.find(vid);
    if (it == shortest.end() || hours(d) < hours(it->second)) {
      shortest[vid] = d;
    }
  }
  CataloguePage page;
  std::map<std::string, SectorCount> sectors;
  std::map<AgencyId, int> agency_counts;
  std::vector<int> event_counts(events.size(), 0);
  static const std::vector<AgencyId> kNoAgencies;
  static const std::vector<std::size_t> kNoEvents;
  for (auto& row : repo.InForce(*date)) {
    ProcedureSummary& s = row.summary;
    if ((filter.level && s.level != *filter.level) ||
        (!query->empty() && !query->MatchesKeys({row.search_key}))) {
      continue;
    }
    auto a = agencies_of.find(s.id);
    const auto& performers = a == agencies_of.end() ? kNoAgencies : a->second;
    auto e = events_of.find(s.code);
    const auto& in_events = e == events_of.end() ? kNoEvents : e->second;
    const bool by_sector = filter.sector_code.empty() || s.sector_code == filter.sector_code;
    const bool by_agency = !filter.agency.IsSet() || std::find(performers.begin(), performers.end(),
                                                               filter.agency) != performers.end();
    const bool by_event = !chosen_event || std::find(in_events.begin(), in_events.end(),
                                                     *chosen_event) != in_events.end();
    // Each facet counts what matches every filter but its own.
    if (by_agency && by_event) {
      SectorCount& sector = sectors[s.sector_code + "\x1f" + s.sector_name];
      sector.code = s.sector_code;
      sector.name = s.sector_name;
      ++sector.count;
    }
    if (by_sector && by_event) {
      for (AgencyId id : performers) {
        ++agency_counts[id];
      }
    }
    if (by_sector && by_agency) {
      for (std::size_t i : in_events) {
        ++event_counts[i];
      }
    }
    if (!by_sector || !by_agency || !by_event) {
      continue;
    }
    ++page.total;
    if (page.total <= filter.offset ||
        page.items.size() >= static_cast<std::size_t>(filter.limit)) {
      continue;
    }
    if (auto it = shortest.find(row.version_id); it != shortest.end()) {
      s.shortest = it->second;
    }
    s.agency_count = static_cast<int>(performers.size());
    page.items.push_back(std::move(s));
  }
  for (auto& [key, sector] : sectors) {
    page.sectors.push_back(std::move(sector));
  }
  std::sort(page.sectors.begin(), page.sectors.end(),
            [](const SectorCount& a, const SectorCount& b) {
              return a.count != b.count ? a.count > b.count : a.name < b.name;
            });
  for (const auto& [id, n] : agency_counts) {
    if (auto agency = agencies_.Lookup(tx, id)) {
      page.agencies.push_back({id, agency->name, n});
    }
  }
  std::sort(page.agencies.begin(), page.agencies.end(),
            [](const AgencyCount& a, const AgencyCount& b) {
              return a.count != b.count ? a.count > b.count : a.name < b.name;
            });
  for (std::size_t i = 0; i < events.size(); ++i) {
    page.life_events.push_back(
        {events[i].code, events[i].name, events[i].name_en, event_counts[i]});
  }
  return page;
}

Result<ProcedureVersion> CatalogueService::Current(db::Transaction& tx, const std::string& code,
                                                   const std::string& on_date) const {
  CQDT_ASSIGN_OR_RETURN(std::string date, CheckDate(on_date, "date", Today()));
  ProcedureRepository repo(tx, cache_.get());
  if (auto v = repo.LoadOn(code, date)) {
    return std::move(*v);
  }
  if (!repo.FindProcedure(code)) {
    return Error::NotFound("thủ tục", code);
  }
  return Error::NotFound("phiên bản thủ tục có hiệu lực vào ngày đã chọn", code);
}

Result<std::vector<ProcedureVersion>> CatalogueService::Versions(db::Transaction& tx,
                                                                 const std::string& code) const {
  ProcedureRepository repo(tx, cache_.get());
  auto id = repo.FindProcedure(code);
  if (!id) {
    return Error::NotFound("thủ tục", code);
  }
  std::vector<ProcedureVersion> out;
  for (ProcedureVersionId vid : repo.VersionIds(*id)) {
    out.push_back(*repo.Load(vid));
  }
  return out;
}

Result<ProcedureVersion> CatalogueService::Version(db::Transaction& tx,
                                                   ProcedureVersionId id) const {
  auto v = ProcedureRepository(tx, cache_.get()).Load(id);
  if (!v) {
    return Error::NotFound("phiên bản thủ tục", std::to_string(id.value()));
  }
  return *v;
}

Result<std::vector<ProcedureVersion>> CatalogueService::Latest(db::Transaction& tx) const {
  ProcedureRepository repo(tx, cache_.get());
  std::vector<ProcedureVersion> out;
  for (ProcedureVersionId vid : repo.LatestVersionIds()) {
    out.push_back(*repo.Load(vid));
  }
  return out;
}

Result<Published> CatalogueService::Publish(db::Transaction& tx, const identity::Principal& p,
                                            const audit::Actor& actor, ProcedureContent content,
                                            const std::string& effective_from) {
  CQDT_RETURN_IF_ERROR(RequireAdmin(p, "sửa danh mục thủ tục hành chính"));
  std::vector<FieldError> errors = CheckProcedureContent(content);
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  const std::string today = Today();
  CQDT_ASSIGN_OR_RETURN(std::string from, CheckDate(effective_from, "effectiveFrom", today));
  ProcedureRepository repo(tx, cache_.get());
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  Published out;
  auto id = repo.FindProcedure(content.code);
  std::optional<VersionHead> latest;
  if (id) {
    latest = repo.LatestVersion(*id);
  }
  if (latest) {
    auto current = repo.Load(latest->id);
    if (current) {
      // Template files are not in the JSON or the workbook: a document of the same name keeps
      // the template of the version in force unless the content names another one.
      for (RequiredDocument& d : content.documents) {
        if (!d.template_sha256.empty()) {
          continue;
        }
        for (const RequiredDocument& was : current->content.documents) {
          if (was.name == d.name && !was.template_sha256.empty()) {
            d.template_sha256 = was.template_sha256;
            if (d.template_name.empty()) {
              d.template_name = was.template_name;
            }
            break;
          }
        }
      }
    }
    if (current && current->content == content) {
      out.outcome = PublishOutcome::kUnchanged;
      out.version = std::move(*current);
      return out;
    }
    if (from < latest->effective_from || (from == latest->effective_from && latest->used) ||
        (latest->used && from < today)) {
      const std::string earliest =
          latest->used
              ? std::max(today, FormatIsoDate(AddDays(*ParseIsoDate(latest->effective_from), 1)))
              : latest->effective_from;
      const std::string why = latest->used ? "phiên bản " + std::to_string(latest->number) +
                                                 " đã có hồ sơ tiếp nhận theo nó"
                                           : "phiên bản " + std::to_string(latest->number) +
                                                 " có hiệu lực từ " + latest->effective_from;
      return Error::Conflict(
          "Phiên bản mới của thủ tục " + content.code + " phải có hiệu lực từ ngày " + earliest +
              " trở đi (" + why + ").",
          {{"effectiveFrom", "order", "Ngày hiệu lực phải từ " + earliest + " trở đi."}});
    }
    if (from == latest->effective_from) {
      if (!repo.ReplaceContent(latest->id, content, now, actor.name)) {
        return Error::Conflict("Dữ liệu đã bị thay đổi đồng thời. Vui lòng thử lại.");
      }
      out.outcome = PublishOutcome::kReplaced;
      out.version = *repo.Load(latest->id);
    } else {
      repo.EndVersion(latest->id, DayBefore(from));
      auto vid = repo.InsertVersion(*id, latest->number + 1, from, content, now, actor.name);
      out.outcome = PublishOutcome::kNewVersion;
      out.version = *repo.Load(vid);
    }
  } else {
    if (!id) {
      id = repo.InsertProcedure(content.code, now);
    }
    auto vid = repo.InsertVersion(*id, 1, from, content, now, actor.name);
    out.outcome = PublishOutcome::kCreated;
    out.version = *repo.Load(vid);
  }
  CQDT_RETURN_IF_ERROR(audit_.Record(tx, actor,
                                     {"onestop.procedure_published", "procedure", content.code,
                                      PublishOutcomeLabel(out.outcome) + ": " + content.name +
                                          " (phiên bản " + std::to_string(out.version.number) +
                                          ", hiệu lực từ " + out.version.effective_from + ")."}));
  return out;
}

Result<ImportReport> CatalogueService::Import(db::Transaction& tx, const identity::Principal& p,
                                              const audit::Actor& actor,
                                              std::vector<ImportItem> items,
                                              const std::string& effective_from, bool dry_run) {
  CQDT_RETURN_IF_ERROR(RequireAdmin(p, "nhập danh mục thủ tục hành chính"));
  CQDT_ASSIGN_OR_RETURN(std::string from, CheckDate(effective_from, "effectiveFrom", Today()));
  ImportReport report;
  report.dry_run = dry_run;
  std::set<std::string> codes;
  for (auto& item : items) {
    ImportRowReport row;
    row.row = item.row;
    row.code = item.content.code;
    row.name = item.content.name;
    row.errors = std::move(item.errors);
    if (row.errors.empty() && !codes.insert(Trim(item.content.code)).second) {
      row.errors.push_back(
          {"code", "duplicate", "Mã thủ tục " + item.content.code + " đã có ở một dòng trước."});
    }
    if (row.errors.empty()) {
      // Each row in a savepoint of its own would hide nothing here: the whole import rolls back
      // on the first failure anyway, so later rows are still checked and reported.
      auto published = Publish(tx, p, actor, item.content, from);
      if (published) {
        row.outcome = published->outcome;
        row.code = published->version.content.code;
        row.name = published->version.content.name;
      } else if (!published.error().fields().empty()) {
        row.errors = published.error().fields();
      } else {
        row.errors.push_back({"code", "conflict", published.error().message()});
      }
    }
    if (!row.errors.empty()) {
      ++report.failed;
    } else {
      switch (*row.outcome) {
        case PublishOutcome::kCreated:
          ++report.created;
          break;
        case PublishOutcome::kNewVersion:
          ++report.new_versions;
          break;
        case PublishOutcome::kReplaced:
          ++report.replaced;
          break;
        case PublishOutcome::kUnchanged:
          ++report.unchanged;
          break;
      }
    }
    report.rows.push_back(std::move(row));
  }
  report.applied = report.failed == 0 && !dry_run;
  if (report.applied) {
    CQDT_RETURN_IF_ERROR(
        audit_.Record(tx, actor,
                      {"onestop.catalogue_imported", "procedure", "",
                       "Nhập danh mục thủ tục: " + std::to_string(report.created) + " thêm mới, " +
                           std::to_string(report.new_versions + report.replaced) + " cập nhật, " +
                           std::to_string(report.unchanged) + " không đổi."}));
  }
  return report;
}

Result<std::vector<AgencyId>> CatalogueService::Agencies(db::Transaction& tx,
                                                         const std::string& code) const {
  ProcedureRepository repo(tx, cache_.get());
  auto id = repo.FindProcedure(code);
  if (!id) {
    return Error::NotFound("thủ tục", code);
  }
  return repo.Agencies(*id);
}

Status CatalogueService::SetAgencies(db::Transaction& tx, const identity::Principal& p,
                                     const audit::Actor& actor, const std::string& code,
                                     std::vector<AgencyId> agencies) {
  CQDT_RETURN_IF_ERROR(RequireAdmin(p, "giao thủ tục cho cơ quan"));
  ProcedureRepository repo(tx, cache_.get());
  auto id = repo.FindProcedure(code);
  if (!id) {
    return Error::NotFound("thủ tục", code);
  }
  std::sort(agencies.begin(), agencies.end());
  agencies.erase(std::unique(agencies.begin(), agencies.end()), agencies.end());
  if (agencies.size() > 5000) {
    return Error::InvalidField("agencyIds", "count", "Trường 'agencyIds' có tối đa 5000 cơ quan.");
  }
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < agencies.size(); ++i) {
    if (!agencies_.Lookup(tx, agencies[i])) {
      errors.push_back({"agencyIds[" + std::to_string(i) + "]", "unknown",
                        "Không có cơ quan mã số " + std::to_string(agencies[i].value()) + "."});
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  repo.SetAgencies(*id, agencies);
  return audit_.Record(tx, actor,
                       {"onestop.procedure_agencies", "procedure", code,
                        "Giao thủ tục cho " + std::to_string(agencies.size()) + " cơ quan."});
}

Status CatalogueService::MarkUsed(db::Transaction& tx, ProcedureVersionId id) {
  if (!ProcedureRepository(tx, cache_.get()).MarkUsed(id)) {
    return Error::NotFound("phiên bản thủ tục", std::to_string(id.value()));
  }
  return Ok();
}

}  // namespace cqdt::onestop
