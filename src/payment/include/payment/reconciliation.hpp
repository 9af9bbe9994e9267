// Reconciling a bank statement with the fees due (issue 13, item 4): the statement is read and
// matched (statement.hpp) against the dossiers of the agency whose fee is not paid
// (onestop::DossierService::FeesDue); unless it is a dry run, each matched line is recorded as a
// payment (payment_record: the dossier, amount, bank reference, the statement's date and row,
// who imported it) and its dossier's fee as paid, all in the caller's transaction. Lines that
// do not match change nothing and are reported; a bank reference is recorded once per agency
// (a unique index), so a statement imported twice records nothing the second time.
// Who: the desk's staff of the agency and administrators (FeesDue's rule).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "identity/principal.hpp"
#include "onestop/dossier_service.hpp"
#include "payment/statement.hpp"

namespace cqdt::payment {

struct ReconciliationReport {
  bool dry_run = false;
  bool applied = false;  // payments were recorded (not a dry run, and at least one matched)
  std::vector<LineMatch> rows;
  int matched = 0, amount_differs = 0, unmatched = 0, duplicates = 0;
};

// One payment as recorded.
struct PaymentRecord {
  std::string dossier_code;
  std::int64_t amount = 0;
  std::string method;     // "transfer" (a statement line)
  std::string reference;  // the bank's reference, "" when the statement has none
  std::string paid_on;    // the statement's date, as written
  int statement_row = 0;
  std::int64_t recorded_at = 0;
  std::string recorded_by;
};

class ReconciliationService {
 public:
  ReconciliationService(onestop::DossierService& dossiers, const Clock& clock);

  Result<ReconciliationReport> Import(db::Transaction& tx, const identity::Principal& p,
                                      const audit::Actor& actor, AgencyId agency,
                                      std::string_view file, bool xlsx, bool dry_run);
  // The payments recorded for a dossier, oldest first.
  Result<std::vector<PaymentRecord>> Payments(db::Transaction& tx, const std::string& code) const;

 private:
  onestop::DossierService& dossiers_;
  const Clock& clock_;
};

}  // namespace cqdt::payment
