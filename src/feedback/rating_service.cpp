#include "feedback/rating_service.hpp"

#include <map>

#include "db/statement.hpp"
#include "dossier_marks.hpp"

namespace cqdt::feedback {

namespace {

using identity::Authorizer;

constexpr int kRecentRatings = 20;

std::optional<RatingChannel> ParseChannel(const std::string& s) {
  for (RatingChannel c : {RatingChannel::kLink, RatingChannel::kPortal, RatingChannel::kCounter}) {
    if (s == RatingChannelName(c)) {
      return c;
    }
  }
  return std::nullopt;
}

struct StoredRating {
  std::int64_t id = 0;
  Rating rating;
};

// The rating row columns, in the order ReadRating binds them.
constexpr const char* kRatingColumns =
    "r.id, x.code, r.overall, r.unsatisfied, r.comment, r.channel, r.rated_at, r.updated_at,"
    " r.changes, r.rated_by";

struct RatingRow {
  long long id = 0, rated_at = 0, updated_at = 0;
  int unsatisfied = 0, changes = 0;
  std::string code, overall, comment, channel, rated_by;

  template <typename St>
  void Bind(St& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(code));
    st.exchange(soci::into(overall));
    st.exchange(soci::into(unsatisfied));
    st.exchange(soci::into(comment));
    st.exchange(soci::into(channel));
    st.exchange(soci::into(rated_at));
    st.exchange(soci::into(updated_at));
    st.exchange(soci::into(changes));
    st.exchange(soci::into(rated_by));
  }
  StoredRating Take() const {
    StoredRating s;
    s.id = id;
    s.rating.dossier_code = code;
    s.rating.overall = overall;
    s.rating.unsatisfied = unsatisfied != 0;
    s.rating.comment = comment;
    s.rating.channel = ParseChannel(channel).value_or(RatingChannel::kLink);
    s.rating.rated_at = rated_at;
    s.rating.updated_at = updated_at;
    s.rating.changes = changes;
    s.rating.rated_by = rated_by;
    return s;
  }
};

void LoadScores(db::Transaction& tx, StoredRating& s) {
  long long id = s.id;
  std::string criterion, level;
  auto st =
      db::Prepare(tx, "SELECT criterion, level FROM feedback_rating_score WHERE rating_id = :r",
                  soci::use(id), soci::into(criterion), soci::into(level));
  st->execute(false);
  std::map<std::string, std::string> scores;
  while (st->fetch()) {
    scores[criterion] = level;
  }
  for (const auto& [c, l] : scores) {
    s.rating.criteria.emplace_back(c, l);
  }
}

std::optional<StoredRating> LoadRating(db::Transaction& tx, std::int64_t dossier_id) {
  long long d = dossier_id;
  RatingRow row;
  soci::statement st(tx.sql());
  row.Bind(st);
  st.exchange(soci::use(d));
  st.alloc();
  st.prepare(std::string("SELECT ") + kRatingColumns +
             " FROM feedback_rating r JOIN feedback_dossier x ON x.dossier_id = r.dossier_id"
             " WHERE r.dossier_id = :d");
  st.define_and_bind();
  if (!st.execute(true)) {
    return std::nullopt;
  }
  StoredRating s = row.Take();
  LoadScores(tx, s);
  return s;
}

// The criteria in the settings' order (the table keeps them by code).
void OrderCriteria(Rating& r, const Settings& settings) {
  std::vector<std::pair<std::string, std::string>> ordered;
  for (const Criterion& c : settings.criteria) {
    for (const auto& [criterion, level] : r.criteria) {
      if (criterion == c.code) {
        ordered.emplace_back(criterion, level);
      }
    }
  }
  r.criteria = std::move(ordered);
}

}  // namespace

const char* RatingChannelName(RatingChannel c) {
  switch (c) {
    case RatingChannel::kPortal:
      return "portal";
    case RatingChannel::kCounter:
      return "counter";
    case RatingChannel::kLink:
      break;
  }
  return "link";
}

RatingView RatingService::ViewOf(db::Transaction& tx, DossierFacts facts) const {
  RatingView v;
  std::optional<std::int64_t> first;
  if (auto stored = LoadRating(tx, facts.id)) {
    OrderCriteria(stored->rating, settings_);
    v.rating = std::move(stored->rating);
    first = v.rating->rated_at;
    v.changeable_until = RatingChangeableUntil(*first, settings_);
  }
  auto may = CheckMayRate(facts, first, ToUnixSeconds(clock_.Now()), settings_);
  v.may_rate = static_cast<bool>(may);
  if (!may) {
    v.why_not = may.error().message();
  }
  v.dossier = std::move(facts);
  return v;
}

Result<RateOutcome> RatingService::Write(db::Transaction& tx, const audit::Actor& actor,
                                         const DossierFacts& facts, RatingChannel channel,
                                         RatingInput in) const {
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  auto existing = LoadRating(tx, facts.id);
  CQDT_RETURN_IF_ERROR(CheckMayRate(
      facts, existing ? std::optional<std::int64_t>(existing->rating.rated_at) : std::nullopt, now,
      settings_));
  internal::SaveDossier(tx, facts, now);
  const Level* level = settings_.FindLevel(in.overall);
  Rating r;
  r.dossier_code = facts.code;
  r.overall = in.overall;
  r.unsatisfied = level != nullptr && level->unsatisfied;
  r.criteria = in.criteria;
  r.comment = in.comment;
  r.channel = channel;
  r.rated_at = existing ? existing->rating.rated_at : now;
  r.updated_at = now;
  r.changes = existing ? existing->rating.changes + 1 : 0;
  r.rated_by = actor.name;
  long long dossier = facts.id, rated_at = r.rated_at, updated_at = now;
  int unsatisfied = r.unsatisfied ? 1 : 0;
  const std::string channel_name = RatingChannelName(channel);
  long long rating_id = 0;
  if (existing) {
    rating_id = existing->id;
    db::Run(
        tx,
        "UPDATE feedback_rating SET overall = :o, unsatisfied = :u, comment = :c, channel = :ch,"
        " updated_at = :t, changes = changes + 1, rated_by = :b WHERE id = :id",
        soci::use(r.overall), soci::use(unsatisfied), soci::use(r.comment), soci::use(channel_name),
        soci::use(updated_at), soci::use(r.rated_by), soci::use(rating_id));
    db::Run(tx, "DELETE FROM feedback_rating_score WHERE rating_id = :id", soci::use(rating_id));
  } else {
    db::Run(tx,
            "INSERT INTO feedback_rating (dossier_id, overall, unsatisfied, comment, channel,"
            " rated_at, updated_at, changes, rated_by) VALUES (:d, :o, :u, :c, :ch, :r, :t, 0, :b)",
            soci::use(dossier), soci::use(r.overall), soci::use(unsatisfied), soci::use(r.comment),
            soci::use(channel_name), soci::use(rated_at), soci::use(updated_at),
            soci::use(r.rated_by));
    db::Run(tx, "SELECT id FROM feedback_rating WHERE dossier_id = :d", soci::use(dossier),
            soci::into(rating_id));
  }
  for (const auto& [criterion, value] : r.criteria) {
    db::Run(tx,
            "INSERT INTO feedback_rating_score (rating_id, criterion, level) VALUES (:r, :c, :l)",
            soci::use(rating_id), soci::use(criterion), soci::use(value));
  }
  const std::string label = level != nullptr ? level->name : r.overall;
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"feedback.rating", "dossier", facts.code,
                     std::string(existing ? "Sửa đánh giá" : "Đánh giá") + " hồ sơ " + facts.code +
                         ": " + label + " (kênh " + channel_name + ")."}));
  return RateOutcome{std::move(r), !existing};
}

Result<RatingView> RatingService::ViewByCheck(db::Transaction& tx, const std::string& code,
                                              const std::string& check) const {
  CQDT_ASSIGN_OR_RETURN(auto facts, dossiers_.ByCheck(tx, code, check));
  return ViewOf(tx, std::move(facts));
}

Result<RateOutcome> RatingService::RateByCheck(db::Transaction& tx, const audit::Actor& actor,
                                               const std::string& code, const std::string& check,
                                               RatingInput in) const {
  CQDT_ASSIGN_OR_RETURN(in, CheckRatingInput(std::move(in), settings_));
  CQDT_ASSIGN_OR_RETURN(auto facts, dossiers_.ByCheck(tx, code, check));
  return Write(tx, actor, facts, RatingChannel::kLink, std::move(in));
}

Result<DossierFacts> RatingService::OwnDossier(db::Transaction& tx, const identity::Principal& p,
                                               const std::string& code) const {
  if (p.realm != identity::Realm::kCitizen || p.subject_id <= 0) {
    return Error::PermissionDenied("Chỉ công dân đăng nhập mới đánh giá hồ sơ của mình.");
  }
  auto facts = dossiers_.ByCode(tx, code);
  // Another person's dossier is not found, as an unknown one.
  if (!facts || facts->citizen != CitizenId(p.subject_id)) {
    return Error::NotFound("hồ sơ", code);
  }
  return facts;
}

Result<RatingView> RatingService::ViewOwn(db::Transaction& tx, const identity::Principal& p,
                                          const std::string& code) const {
  CQDT_ASSIGN_OR_RETURN(auto facts, OwnDossier(tx, p, code));
  return ViewOf(tx, std::move(facts));
}

Result<RateOutcome> RatingService::RateOwn(db::Transaction& tx, const audit::Actor& actor,
                                           const identity::Principal& p, const std::string& code,
                                           RatingInput in) const {
  CQDT_ASSIGN_OR_RETURN(in, CheckRatingInput(std::move(in), settings_));
  CQDT_ASSIGN_OR_RETURN(auto facts, OwnDossier(tx, p, code));
  return Write(tx, actor, facts, RatingChannel::kPortal, std::move(in));
}

Result<DossierFacts> RatingService::CounterDossier(db::Transaction& tx,
                                                   const identity::Principal& p,
                                                   const std::string& code) const {
  auto facts = dossiers_.ByCode(tx, code);
  const bool visible = facts && (Authorizer::CanReadFeedbackOf(p, facts->receiving_agency) ||
                                 Authorizer::CanReadFeedbackOf(p, facts->deciding_agency));
  if (!visible) {
    return Error::NotFound("hồ sơ", code);
  }
  if (!Authorizer::CanRecordRatingAt(p, facts->receiving_agency) &&
      !Authorizer::CanRecordRatingAt(p, facts->deciding_agency)) {
    return Error::PermissionDenied(
        "Chỉ cán bộ một cửa hoặc lãnh đạo của cơ quan tiếp nhận, giải quyết hồ sơ mới ghi nhận "
        "đánh giá tại quầy.");
  }
  return facts;
}

Result<RatingView> RatingService::ViewAtCounter(db::Transaction& tx, const identity::Principal& p,
                                                const std::string& code) const {
  CQDT_ASSIGN_OR_RETURN(auto facts, CounterDossier(tx, p, code));
  return ViewOf(tx, std::move(facts));
}

Result<RateOutcome> RatingService::RateAtCounter(db::Transaction& tx, const audit::Actor& actor,
                                                 const identity::Principal& p,
                                                 const std::string& code, RatingInput in) const {
  CQDT_ASSIGN_OR_RETURN(in, CheckRatingInput(std::move(in), settings_));
  CQDT_ASSIGN_OR_RETURN(auto facts, CounterDossier(tx, p, code));
  return Write(tx, actor, facts, RatingChannel::kCounter, std::move(in));
}

Result<RatingSummary> RatingService::Summary(db::Transaction& tx, const identity::Principal& p,
                                             AgencyId agency, std::int64_t from,
                                             std::int64_t to) const {
  if (!Authorizer::CanReadFeedbackOf(p, agency)) {
    return Error::PermissionDenied(
        "Chỉ cán bộ của cơ quan và quản trị hệ thống mới xem tổng hợp đánh giá của cơ quan.");
  }
  RatingSummary out;
  out.agency = agency;
  long long a = agency.value(), f = from, t = to;
  std::map<std::string, std::int64_t> overall, channels;
  std::map<std::pair<std::string, std::string>, std::int64_t> criteria;
  {
    std::string level, channel;
    int unsatisfied = 0;
    long long n = 0;
    auto st =
        db::Prepare(tx,
                    "SELECT r.overall, r.channel, r.unsatisfied, COUNT(*) FROM feedback_rating r"
                    " JOIN feedback_dossier x ON x.dossier_id = r.dossier_id"
                    " WHERE x.deciding_agency_id = :a AND r.rated_at >= :f AND r.rated_at < :t"
                    " GROUP BY r.overall, r.channel, r.unsatisfied",
                    soci::use(a), soci::use(f), soci::use(t), soci::into(level),
                    soci::into(channel), soci::into(unsatisfied), soci::into(n));
    st->execute(false);
    while (st->fetch()) {
      out.total += n;
      out.unsatisfied += unsatisfied != 0 ? n : 0;
      overall[level] += n;
      channels[channel] += n;
    }
  }
  {
    std::string criterion, level;
    long long n = 0;
    auto st =
        db::Prepare(tx,
                    "SELECT s.criterion, s.level, COUNT(*) FROM feedback_rating_score s"
                    " JOIN feedback_rating r ON r.id = s.rating_id"
                    " JOIN feedback_dossier x ON x.dossier_id = r.dossier_id"
                    " WHERE x.deciding_agency_id = :a AND r.rated_at >= :f AND r.rated_at < :t"
                    " GROUP BY s.criterion, s.level",
                    soci::use(a), soci::use(f), soci::use(t), soci::into(criterion),
                    soci::into(level), soci::into(n));
    st->execute(false);
    while (st->fetch()) {
      criteria[{criterion, level}] += n;
    }
  }
  for (const Level& l : settings_.levels) {
    out.overall.push_back({l.code, overall[l.code]});
  }
  for (const Criterion& c : settings_.criteria) {
    RatingSummary::CriterionCounts counts{c.code, {}};
    for (const Level& l : settings_.levels) {
      counts.levels.push_back({l.code, criteria[{c.code, l.code}]});
    }
    out.criteria.push_back(std::move(counts));
  }
  for (RatingChannel c : {RatingChannel::kLink, RatingChannel::kPortal, RatingChannel::kCounter}) {
    out.channels.emplace_back(RatingChannelName(c), channels[RatingChannelName(c)]);
  }
  {
    RatingRow row;
    int limit = kRecentRatings;
    soci::statement st(tx.sql());
    row.Bind(st);
    st.exchange(soci::use(a, "a"));
    st.exchange(soci::use(f, "f"));
    st.exchange(soci::use(t, "t"));
    st.exchange(soci::use(limit, "n"));
    st.alloc();
    st.prepare(std::string("SELECT ") + kRatingColumns +
               " FROM feedback_rating r JOIN feedback_dossier x ON x.dossier_id = r.dossier_id"
               " WHERE x.deciding_agency_id = :a AND r.rated_at >= :f AND r.rated_at < :t"
               " AND (r.unsatisfied = 1 OR r.comment <> '')"
               " ORDER BY r.updated_at DESC, r.id DESC LIMIT :n");
    st.define_and_bind();
    st.execute(false);
    std::vector<StoredRating> recent;
    while (st.fetch()) {
      recent.push_back(row.Take());
    }
    for (StoredRating& s : recent) {
      LoadScores(tx, s);
      OrderCriteria(s.rating, settings_);
      out.recent.push_back(std::move(s.rating));
    }
  }
  return out;
}

}  // namespace cqdt::feedback
