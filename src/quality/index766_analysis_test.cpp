// Which procedures and dossiers cost a unit points (issue 13, item 9): the division of a unit's
// losses among its procedures (they add up to the unit's loss, linear or threshold rule; PAKN
// stay the unit's), and the reasons a dossier lies outside each numerator.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "analysis_losses.hpp"

namespace cqdt::quality {
namespace {

const IndicatorLoss& Loss(const UnitAnalysis& a, const std::string& code) {
  for (const IndicatorLoss& l : a.indicators) {
    if (l.rule->code == code) {
      return l;
    }
  }
  ADD_FAILURE() << "no indicator " << code;
  static const IndicatorLoss kNone;
  return kNone;
}

const ProcedureLoss& Procedure(const UnitAnalysis& a, const std::string& code) {
  for (const ProcedureLoss& p : a.procedures) {
    if (p.code == code) {
      return p;
    }
  }
  ADD_FAILURE() << "no procedure " << code;
  static const ProcedureLoss kNone;
  return kNone;
}

double LostOn(const ProcedureLoss& p, const std::string& indicator) {
  for (const ProcedureIndicatorLoss& i : p.indicators) {
    if (i.rule->code == indicator) {
      return i.lost;
    }
  }
  return 0;
}

// A ward with two procedures that had dossiers and one that had none.
class LossDivisionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_.procedure_code = "A";
    a_.received = 10;
    a_.received_online = 2;
    a_.progress_total = 10;
    a_.progress_on_time = 8;
    a_.finished = 6;
    a_.finished_late = 1;
    a_.finished_with_result_document = 3;
    a_.fee_bearing = 4;
    a_.paid_online = 1;
    a_.with_files = 5;
    a_.by_data = 2;
    b_.procedure_code = "B";
    b_.received = 5;
    b_.received_online = 5;
    b_.progress_total = 5;
    b_.progress_on_time = 5;
    b_.finished = 5;
    b_.finished_with_result_document = 5;
    b_.with_files = 5;
    fa_ = {"A", onestop::OnlineLevel::kPartial, true, true, {}, "Đăng ký khai sinh"};
    fb_ = {"B", onestop::OnlineLevel::kFull, false, false, {}, "Chứng thực"};
    fc_ = {"C", onestop::OnlineLevel::kInformation, true, false, {}, "Cấp phép"};
    in_.rows = {&a_, &b_};
    in_.procedures = {&fa_, &fb_, &fc_};
    in_.names = {{"A", fa_.name}, {"B", fb_.name}, {"C", fc_.name}};
    // One PAKN answered late of two; one dossier of A rated unsatisfied, not late.
    in_.feedback.petitions = 2;
    in_.feedback.petitions_answered_on_time = 1;
    in_.feedback.petitions_answered = 1;
    in_.feedback.dossiers_against_not_late = 1;
    in_.against = {{"A", 1}};
  }

  onestop::ProcedureCounters a_, b_;
  onestop::ProcedureFacts fa_, fb_, fc_;
  LossInput in_;
};

TEST_F(LossDivisionTest, TheProceduresLossesAddUpToTheUnitsLoss) {
  const UnitAnalysis a = DivideLosses(DefaultRules(), in_);
  double unattributed = 0, scores = 0;
  for (const IndicatorLoss& l : a.indicators) {
    unattributed += l.unattributed;
    if (l.status == IndicatorStatus::kScored) {
      scores += *l.score;
    }
  }
  const double procedures =
      std::accumulate(a.procedures.begin(), a.procedures.end(), 0.0,
                      [](double sum, const ProcedureLoss& p) { return sum + p.lost; });
  EXPECT_NEAR(procedures + unattributed, a.lost, 1e-9);
  EXPECT_NEAR(a.lost, a.unit.max_score - scores, 1e-9);
  EXPECT_NEAR(a.unit.score, std::round((a.unit.max_score - a.lost) * 100) / 100, 0.011);
  // Most points lost first: A holds nearly every shortfall.
  ASSERT_EQ(a.procedures.size(), 3U);
  EXPECT_EQ(a.procedures[0].code, "A");
  EXPECT_EQ(a.procedures[0].name, "Đăng ký khai sinh");
  for (std::size_t i = 1; i < a.procedures.size(); ++i) {
    EXPECT_GE(a.procedures[i - 1].lost, a.procedures[i].lost);
  }
}

// A linear rule: a procedure loses its share of the denominator x (1 - its ratio) x max.
TEST_F(LossDivisionTest, ALinearIndicatorChargesEachProcedureItsShareOfTheShortfall) {
  const UnitAnalysis a = DivideLosses(DefaultRules(), in_);
  const IndicatorLoss& progress = Loss(a, "PROGRESS_ON_TIME");
  EXPECT_EQ(progress.fraction.numerator, 13);
  EXPECT_EQ(progress.fraction.denominator, 15);
  EXPECT_NEAR(progress.lost, 20.0 * 2 / 15, 1e-9);
  EXPECT_EQ(progress.shortfall, 2);
  EXPECT_NEAR(progress.per_item, 20.0 / 15, 1e-9);
  EXPECT_NEAR(LostOn(Procedure(a, "A"), "PROGRESS_ON_TIME"), 10.0 / 15 * (1 - 0.8) * 20, 1e-9);
  EXPECT_NEAR(LostOn(Procedure(a, "B"), "PROGRESS_ON_TIME"), 0, 1e-12);
  // Documents digitised: 10 of 15; A's 5 missing scans cost 4 x 5 / 15.
  EXPECT_NEAR(LostOn(Procedure(a, "A"), "SO_HOA_GIAY_TO_GIAI_QUYET"), 4.0 * 5 / 15, 1e-9);
  // Satisfaction (full at 90 %): of 11 finished, A's late one and A's unsatisfied one fall short.
  const IndicatorLoss& satisfied = Loss(a, "DOSSIER_RECEIVING_SATISFACTION");
  EXPECT_EQ(satisfied.fraction.numerator, 9);
  EXPECT_EQ(satisfied.shortfall, 2);
  EXPECT_NEAR(satisfied.lost, 6 - 6 * (9.0 / 11) / 0.9, 1e-9);
  EXPECT_NEAR(LostOn(Procedure(a, "A"), "DOSSIER_RECEIVING_SATISFACTION"), satisfied.lost, 1e-9);
}

// A threshold rule below its threshold shares its loss by the shortfall; above it nothing is
// lost, and the items cost nothing.
TEST_F(LossDivisionTest, AThresholdIndicatorSharesWhatItLosesAndNothingAboveTheThreshold) {
  UnitAnalysis a = DivideLosses(DefaultRules(), in_);
  const IndicatorLoss& online = Loss(a, "ONLINE_DOSSIERS");  // full marks at 50 %
  EXPECT_EQ(online.fraction.numerator, 7);
  EXPECT_EQ(online.shortfall, 8);
  EXPECT_NEAR(online.lost, 6 * (1 - (7.0 / 15) / 0.5), 1e-9);
  EXPECT_NEAR(online.per_item, online.lost / 8, 1e-12);
  EXPECT_LE(online.per_item, 6 / (0.5 * 15));  // at most the marginal cost
  EXPECT_NEAR(LostOn(Procedure(a, "A"), "ONLINE_DOSSIERS"), online.lost, 1e-9);

  a_.received_online = 4;  // 9 of 15: 60 %
  a = DivideLosses(DefaultRules(), in_);
  EXPECT_EQ(Loss(a, "ONLINE_DOSSIERS").shortfall, 6);
  EXPECT_DOUBLE_EQ(Loss(a, "ONLINE_DOSSIERS").lost, 0);
  EXPECT_DOUBLE_EQ(Loss(a, "ONLINE_DOSSIERS").per_item, 0);
}

// Procedures that fall short by what they are: C is information only; fee-bearing C had no
// dossier and no online payment; PAKN are the unit's, not a procedure's.
TEST_F(LossDivisionTest, ProcedureLevelShortfallsAndPetitionsThatNoProcedureCauses) {
  const UnitAnalysis a = DivideLosses(DefaultRules(), in_);
  const ProcedureLoss& c = Procedure(a, "C");
  std::vector<Reason> want = {Reason::kNotOfferedOnline, Reason::kNoOnlinePayment,
                              Reason::kNoFeeDossier};
  EXPECT_EQ(c.reasons, want);
  EXPECT_GT(c.lost, 0);
  // B is offered fully online and received online dossiers: nothing there.
  EXPECT_TRUE(Procedure(a, "B").reasons.empty());
  const IndicatorLoss& petitions = Loss(a, "PETITION_PROCESSING_ON_TIME");
  EXPECT_NEAR(petitions.lost, 3, 1e-9);
  EXPECT_NEAR(petitions.unattributed, 3, 1e-9);
  EXPECT_EQ(petitions.shortfall, 0);
  EXPECT_EQ(std::string(IndicatorLevel("PETITION_PROCESSING_ON_TIME")), "unit");
  EXPECT_EQ(std::string(IndicatorLevel("ONLINE_USED")), "procedure");
  EXPECT_EQ(std::string(IndicatorLevel("PROGRESS_ON_TIME")), "dossier");
  // What only the national portal knows is neither lost nor attributed.
  EXPECT_EQ(Loss(a, "DOSSIER_SYNC").status, IndicatorStatus::kExternal);
  EXPECT_DOUBLE_EQ(Loss(a, "DOSSIER_SYNC").lost, 0);
}

TEST(DossierReasonsTest, EachShortfallOfADossierIsNamedWithItsIndicator) {
  DossierJudge judge;
  judge.end = 1000;
  judge.replaceable = {"A"};
  onestop::PeriodDossier d;
  d.id = 7;
  d.procedure_code = "A";
  d.received = d.live = d.fee = d.finished_here = d.late = true;
  d.finished_at = 900;
  using Pair = std::pair<std::string, Reason>;
  std::vector<Pair> want = {{"PROGRESS_ON_TIME", Reason::kFinishedLate},
                            {"ONLINE_DOSSIERS", Reason::kNotOnline},
                            {"ONLINE_PAYMENT_DOSSIERS", Reason::kFeeNotPaidOnline},
                            {"DOSSIER_RECEIVING_SATISFACTION", Reason::kFinishedLate},
                            {"ORIGINAL_RESULT_AVAILABLE", Reason::kNoElectronicResult},
                            {"SO_HOA_GIAY_TO_GIAI_QUYET", Reason::kNotDigitized},
                            {"REUSED_DIGITIZED_DATA", Reason::kNoDataReuse}};
  EXPECT_EQ(DossierReasons(judge, d), want);

  // Everything right, online, paid by transfer, on time: nothing.
  onestop::PeriodDossier good = d;
  good.online = good.paid_online = good.on_time = good.result_document = good.files = true;
  good.by_data = true;
  good.late = false;
  EXPECT_TRUE(DossierReasons(judge, good).empty());

  // Open past its due time; rated unsatisfied and complained about, though not late.
  onestop::PeriodDossier open = good;
  open.on_time = false;
  open.finished_here = false;
  open.finished_at = 0;
  EXPECT_EQ(DossierReasons(judge, open),
            (std::vector<Pair>{{"PROGRESS_ON_TIME", Reason::kOpenLate}}));
  judge.marks[7] = {7, "X", AgencyId(1), false, true, true};
  EXPECT_EQ(DossierReasons(judge, good),
            (std::vector<Pair>{{"DOSSIER_RECEIVING_SATISFACTION", Reason::kRatedUnsatisfied},
                               {"DOSSIER_RECEIVING_SATISFACTION", Reason::kPetition}}));
  // Marked late by feedback but not late here: neither count holds it, nor does the list.
  judge.marks[7].late = true;
  EXPECT_TRUE(DossierReasons(judge, good).empty());
  // Not received in the period (carried over, finished late in it): only what finishing judges;
  // its rating and PAKN are named beside the lateness, which already costs the point.
  onestop::PeriodDossier carried = d;
  carried.received = false;
  EXPECT_EQ(DossierReasons(judge, carried),
            (std::vector<Pair>{{"DOSSIER_RECEIVING_SATISFACTION", Reason::kFinishedLate},
                               {"DOSSIER_RECEIVING_SATISFACTION", Reason::kRatedUnsatisfied},
                               {"DOSSIER_RECEIVING_SATISFACTION", Reason::kPetition},
                               {"ORIGINAL_RESULT_AVAILABLE", Reason::kNoElectronicResult}}));
  EXPECT_STREQ(ReasonCode(Reason::kFeeNotPaidOnline), "fee_not_paid_online");
  EXPECT_STREQ(ReasonLabel(Reason::kNotOnline), "Không nộp trực tuyến");
}

}  // namespace
}  // namespace cqdt::quality
