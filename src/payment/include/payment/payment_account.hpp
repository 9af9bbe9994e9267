// The bank account an agency collects fees on (issue 13 item 4): the NAPAS BIN of its bank, the
// bank's name, the account number and the account holder's name, which a VietQR code names
// (vietqr.hpp). One per agency, set by an administrator; data, because banks and accounts change
// and no rule fixes them (decision 0018).
//
// Validation (errors name the JSON fields): bin 6 digits; bankName 1..200; account 1..19 of
// digits and ASCII letters; accountName 1..100 (as the bank holds it). Unknown agency: kNotFound.
// Every method runs in the caller's transaction. Thread safety: stateless.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"

namespace cqdt::payment {

std::vector<db::Migration> Migrations();

struct PaymentAccount {
  AgencyId agency;
  std::string bin;
  std::string bank_name;
  std::string account;
  std::string account_name;
  std::int64_t updated_at = 0;  // Unix seconds
  std::string updated_by;
  friend bool operator==(const PaymentAccount&, const PaymentAccount&) = default;
};

class PaymentAccountService {
 public:
  PaymentAccountService(audit::AuditLog& audit, const org::AgencyService& agencies,
                        const Clock& clock);

  // The agency's account, or nullopt when it has none.
  Result<std::optional<PaymentAccount>> Get(db::Transaction& tx, AgencyId agency) const;
  // Sets (or replaces) the account of `account.agency`. Administrators only.
  Result<PaymentAccount> Set(db::Transaction& tx, const identity::Principal& p,
                             const audit::Actor& actor, PaymentAccount account);

 private:
  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  const Clock& clock_;
};

}  // namespace cqdt::payment
