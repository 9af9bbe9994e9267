#include "payment/reconciliation.hpp"

#include "db/statement.hpp"

namespace cqdt::payment {

ReconciliationService::ReconciliationService(onestop::DossierService& dossiers, const Clock& clock)
    : dossiers_(dossiers), clock_(clock) {}

Result<ReconciliationReport> ReconciliationService::Import(db::Transaction& tx,
                                                           const identity::Principal& p,
                                                           const audit::Actor& actor,
                                                           AgencyId agency, std::string_view file,
                                                           bool xlsx, bool dry_run) {
  CQDT_ASSIGN_OR_RETURN(auto due_pairs, dossiers_.FeesDue(tx, p, agency));
  CQDT_ASSIGN_OR_RETURN(auto lines, ReadStatement(file, xlsx));
  std::vector<DueFee> due;
  for (auto& [code, amount] : due_pairs) {
    due.push_back({std::move(code), amount});
  }
  // The references of this statement already recorded for the agency.
  std::set<std::string> known;
  const long long a = agency.value();
  for (const auto& line : lines) {
    if (line.reference.empty() || known.count(line.reference) > 0) {
      continue;
    }
    int n = 0;
    db::Run(tx, "SELECT COUNT(*) FROM payment_record WHERE agency_id = :a AND reference = :r",
            soci::use(a), soci::use(line.reference), soci::into(n));
    if (n > 0) {
      known.insert(line.reference);
    }
  }
  ReconciliationReport report;
  report.dry_run = dry_run;
  report.rows = MatchStatement(lines, due, known);
  const long long now = ToUnixSeconds(clock_.Now());
  for (const auto& m : report.rows) {
    switch (m.outcome) {
      case MatchOutcome::kMatched:
        ++report.matched;
        break;
      case MatchOutcome::kAmountDiffers:
        ++report.amount_differs;
        break;
      case MatchOutcome::kUnmatched:
        ++report.unmatched;
        break;
      case MatchOutcome::kDuplicateReference:
      case MatchOutcome::kDuplicateDossier:
        ++report.duplicates;
        break;
    }
    if (dry_run || m.outcome != MatchOutcome::kMatched) {
      continue;
    }
    const std::string note =
        "Chuyển khoản ngày " + m.line.date +
        (m.line.reference.empty() ? "" : ", số tham chiếu " + m.line.reference) +
        " (đối chiếu sao kê).";
    CQDT_RETURN_IF_ERROR(
        dossiers_.RecordFeePaid(tx, actor, p, m.dossier_code, note, onestop::FeeMethod::kTransfer));
    const std::string method = "transfer";
    const long long amount = m.line.amount;
    const int row = m.line.row;
    db::Run(tx,
            "INSERT INTO payment_record (agency_id, dossier_code, amount, method, reference,"
            " paid_on, source, statement_row, recorded_at, recorded_by) VALUES (:a, :c, :m, :k,"
            " :r, :d, 'statement', :row, :t, :u)",
            soci::use(a), soci::use(m.dossier_code), soci::use(amount), soci::use(method),
            soci::use(m.line.reference), soci::use(m.line.date), soci::use(row), soci::use(now),
            soci::use(actor.name));
  }
  report.applied = !dry_run && report.matched > 0;
  return report;
}

Result<std::vector<PaymentRecord>> ReconciliationService::Payments(db::Transaction& tx,
                                                                   const std::string& code) const {
  PaymentRecord r;
  long long amount = 0, at = 0;
  auto st = db::Prepare(tx,
                        "SELECT dossier_code, amount, method, reference, paid_on, statement_row,"
                        " recorded_at, recorded_by FROM payment_record WHERE dossier_code = :c"
                        " ORDER BY id",
                        soci::use(code), soci::into(r.dossier_code), soci::into(amount),
                        soci::into(r.method), soci::into(r.reference), soci::into(r.paid_on),
                        soci::into(r.statement_row), soci::into(at), soci::into(r.recorded_by));
  st->execute(false);
  std::vector<PaymentRecord> out;
  while (st->fetch()) {
    r.amount = amount;
    r.recorded_at = at;
    out.push_back(r);
  }
  return out;
}

}  // namespace cqdt::payment
