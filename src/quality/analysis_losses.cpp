#include "analysis_losses.hpp"

#include <algorithm>

namespace cqdt::quality {

namespace {

constexpr const char* kProgress = "PROGRESS_ON_TIME";
constexpr const char* kOnlineDossiers = "ONLINE_DOSSIERS";
constexpr const char* kPaymentDossiers = "ONLINE_PAYMENT_DOSSIERS";
constexpr const char* kSatisfaction = "DOSSIER_RECEIVING_SATISFACTION";
constexpr const char* kResult = "ORIGINAL_RESULT_AVAILABLE";
constexpr const char* kDigitized = "SO_HOA_GIAY_TO_GIAI_QUYET";
constexpr const char* kReused = "REUSED_DIGITIZED_DATA";

// The procedure-level indicators and the reason a procedure falls short of each.
const std::map<std::string, Reason>& ProcedureReasons() {
  static const std::map<std::string, Reason> kReasons = {
      {"ONLINE_PROVIDED", Reason::kNotOfferedOnline},
      {"ONLINE_USED", Reason::kNoOnlineDossier},
      {"ONLINE_PAYMENT_FORMALITIES", Reason::kNoOnlinePayment},
      {"FEE_FORMALITIES_USED", Reason::kNoFeeDossier},
  };
  return kReasons;
}

bool IsAttributable(const std::string& code) {
  return IsDossierIndicator(code) || ProcedureReasons().count(code) > 0;
}

std::int64_t Shortfall(const Fraction& f) {
  return std::max<std::int64_t>(0, f.denominator - f.numerator);
}

}  // namespace

const char* ReasonCode(Reason r) {
  switch (r) {
    case Reason::kFinishedLate:
      return "finished_late";
    case Reason::kOpenLate:
      return "open_late";
    case Reason::kNotOnline:
      return "not_online";
    case Reason::kFeeNotPaidOnline:
      return "fee_not_paid_online";
    case Reason::kNotDigitized:
      return "not_digitized";
    case Reason::kNoDataReuse:
      return "no_data_reuse";
    case Reason::kNoElectronicResult:
      return "no_electronic_result";
    case Reason::kRatedUnsatisfied:
      return "rated_unsatisfied";
    case Reason::kPetition:
      return "petition";
    case Reason::kNotOfferedOnline:
      return "not_offered_online";
    case Reason::kNoOnlineDossier:
      return "no_online_dossier";
    case Reason::kNoOnlinePayment:
      return "no_online_payment";
    case Reason::kNoFeeDossier:
      return "no_fee_dossier";
  }
  return "not_online";
}

const char* ReasonLabel(Reason r) {
  switch (r) {
    case Reason::kFinishedLate:
      return "Giải quyết quá hạn";
    case Reason::kOpenLate:
      return "Đang giải quyết quá hạn";
    case Reason::kNotOnline:
      return "Không nộp trực tuyến";
    case Reason::kFeeNotPaidOnline:
      return "Phí, lệ phí không thanh toán trực tuyến";
    case Reason::kNotDigitized:
      return "Thành phần hồ sơ chưa được số hóa";
    case Reason::kNoDataReuse:
      return "Không tái sử dụng dữ liệu đã có";
    case Reason::kNoElectronicResult:
      return "Kết quả không phải bản điện tử";
    case Reason::kRatedUnsatisfied:
      return "Bị đánh giá không hài lòng";
    case Reason::kPetition:
      return "Có phản ánh, kiến nghị";
    case Reason::kNotOfferedOnline:
      return "Thủ tục chưa cung cấp dịch vụ công trực tuyến";
    case Reason::kNoOnlineDossier:
      return "Thủ tục trực tuyến chưa có hồ sơ nộp trực tuyến";
    case Reason::kNoOnlinePayment:
      return "Thủ tục có phí chưa có hồ sơ thanh toán trực tuyến";
    case Reason::kNoFeeDossier:
      return "Thủ tục có phí chưa phát sinh hồ sơ";
  }
  return "";
}

const std::vector<std::string>& DossierIndicators() {
  static const std::vector<std::string> kCodes = {
      kProgress, kOnlineDossiers, kPaymentDossiers, kSatisfaction, kResult, kDigitized, kReused};
  return kCodes;
}

bool IsDossierIndicator(const std::string& code) {
  const auto& all = DossierIndicators();
  return std::find(all.begin(), all.end(), code) != all.end();
}

const char* IndicatorLevel(const std::string& code) {
  if (IsDossierIndicator(code)) {
    return "dossier";
  }
  return ProcedureReasons().count(code) > 0 ? "procedure" : "unit";
}

UnitAnalysis DivideLosses(const RuleSet& rules, const LossInput& in) {
  UnitAnalysis out;
  out.unit = ScoreUnit(rules, Fractions(in.rows, in.procedures, in.feedback), in.commune);

  // Each procedure's part of each fraction: the index's own Fractions over its rows alone, the
  // procedure's facts when the unit performs it, its dossiers against.
  std::map<std::string, std::vector<const onestop::ProcedureCounters*>> rows_of;
  std::map<std::string, const onestop::ProcedureFacts*> facts_of;
  for (const auto* r : in.rows) {
    rows_of[r->procedure_code].push_back(r);
  }
  for (const auto* p : in.procedures) {
    facts_of[p->code] = p;
  }
  std::set<std::string> codes;
  for (const auto& [code, _] : rows_of) {
    codes.insert(code);
  }
  for (const auto& [code, _] : facts_of) {
    codes.insert(code);
  }
  for (const auto& [code, _] : in.against) {
    codes.insert(code);
  }
  std::map<std::string, std::map<std::string, Fraction>> parts;  // procedure -> indicator
  for (const std::string& code : codes) {
    feedback::FeedbackCounters mine;
    if (auto a = in.against.find(code); a != in.against.end()) {
      mine.dossiers_against_not_late = a->second;
    }
    std::vector<const onestop::ProcedureFacts*> one;
    if (auto f = facts_of.find(code); f != facts_of.end()) {
      one.push_back(f->second);
    }
    auto r = rows_of.find(code);
    parts[code] =
        Fractions(r == rows_of.end() ? std::vector<const onestop::ProcedureCounters*>() : r->second,
                  one, mine);
  }

  // Each indicator's loss, its shortfall over the procedures, and the cost of one item.
  for (std::size_t g = 0; g < rules.groups.size(); ++g) {
    const GroupRule& group = rules.groups[g];
    for (std::size_t i = 0; i < group.indicators.size(); ++i) {
      const IndicatorRule& rule = group.indicators[i];
      const IndicatorScore& s = out.unit.groups[g].indicators[i];
      IndicatorLoss l;
      l.group = &group;
      l.rule = &rule;
      l.status = s.status;
      l.fraction = s.fraction;
      if (s.status == IndicatorStatus::kScored) {
        l.score = Score(rule, s.fraction);
        l.lost = std::max(0.0, rule.max - l.score.value_or(rule.max));
      } else if (s.status == IndicatorStatus::kNotApplicable) {
        l.score = rule.max;
      }
      if (IsAttributable(rule.code)) {
        for (const auto& [code, fractions] : parts) {
          if (auto it = fractions.find(rule.code); it != fractions.end()) {
            l.shortfall += Shortfall(it->second);
          }
        }
      }
      if (l.shortfall > 0) {
        l.per_item = l.lost / static_cast<double>(l.shortfall);
      } else {
        l.unattributed = l.lost;
      }
      out.lost += l.lost;
      out.indicators.push_back(l);
    }
  }

  // Each procedure's loss: per_item times its shortfall, indicator by indicator.
  for (const auto& [code, fractions] : parts) {
    ProcedureLoss p;
    p.code = code;
    auto name = in.names.find(code);
    p.name = name != in.names.end() ? name->second : code;
    for (const IndicatorLoss& l : out.indicators) {
      auto it = fractions.find(l.rule->code);
      if (!IsAttributable(l.rule->code) || it == fractions.end() || it->second.denominator <= 0) {
        continue;
      }
      ProcedureIndicatorLoss pl;
      pl.rule = l.rule;
      pl.fraction = it->second;
      pl.lost = l.per_item * static_cast<double>(Shortfall(it->second));
      p.lost += pl.lost;
      p.indicators.push_back(pl);
      auto reason = ProcedureReasons().find(l.rule->code);
      if (reason != ProcedureReasons().end() && Shortfall(it->second) > 0) {
        p.reasons.push_back(reason->second);
      }
    }
    if (!p.indicators.empty()) {
      out.procedures.push_back(std::move(p));
    }
  }
  std::sort(out.procedures.begin(), out.procedures.end(),
            [](const ProcedureLoss& a, const ProcedureLoss& b) {
              return a.lost != b.lost ? a.lost > b.lost : a.code < b.code;
            });
  return out;
}

std::vector<std::pair<std::string, Reason>> DossierReasons(const DossierJudge& judge,
                                                           const onestop::PeriodDossier& d) {
  std::vector<std::pair<std::string, Reason>> out;
  if (d.received && d.live && !d.on_time) {
    const bool finished = d.finished_at > 0 && d.finished_at < judge.end;
    out.emplace_back(kProgress, finished ? Reason::kFinishedLate : Reason::kOpenLate);
  }
  if (d.received && !d.online) {
    out.emplace_back(kOnlineDossiers, Reason::kNotOnline);
  }
  if (d.received && d.fee && !d.paid_online) {
    out.emplace_back(kPaymentDossiers, Reason::kFeeNotPaidOnline);
  }
  // A finished dossier satisfies unless it was late, or (not late, by feedback's copy, as the
  // index counts) rated unsatisfied or complained about.
  auto mark = judge.marks.find(d.id);
  const bool marked = mark != judge.marks.end();
  const bool finished_late = d.finished_here && d.live && d.late;
  if (finished_late || (marked && !mark->second.late)) {
    if (finished_late) {
      out.emplace_back(kSatisfaction, Reason::kFinishedLate);
    }
    if (marked && mark->second.unsatisfied) {
      out.emplace_back(kSatisfaction, Reason::kRatedUnsatisfied);
    }
    if (marked && mark->second.petition) {
      out.emplace_back(kSatisfaction, Reason::kPetition);
    }
  }
  if (d.finished_here && d.live && !d.result_document) {
    out.emplace_back(kResult, Reason::kNoElectronicResult);
  }
  if (d.received && !d.files) {
    out.emplace_back(kDigitized, Reason::kNotDigitized);
  }
  if (d.received && !d.by_data && judge.replaceable.count(d.procedure_code) > 0) {
    out.emplace_back(kReused, Reason::kNoDataReuse);
  }
  return out;
}

}  // namespace cqdt::quality
