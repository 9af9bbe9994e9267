#include "payment/payment_account.hpp"

#include "core/text.hpp"
#include "db/statement.hpp"

namespace cqdt::payment {

std::vector<db::Migration> Migrations() {
  return {{"payment", 1, "create_payment_account",
           "CREATE TABLE payment_account ("
           " agency_id {{bigint}} PRIMARY KEY REFERENCES org_agency (id),"
           " bin TEXT NOT NULL,"
           " bank_name TEXT NOT NULL,"
           " account TEXT NOT NULL,"
           " account_name TEXT NOT NULL,"
           " updated_at {{bigint}} NOT NULL,"
           " updated_by TEXT NOT NULL)"},
          // The payments recorded from bank statements (reconciliation.hpp); a bank reference
          // once per agency.
          {"payment", 2, "create_payment_record",
           "CREATE TABLE payment_record ("
           " id {{pk}},"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " dossier_code TEXT NOT NULL,"
           " amount {{bigint}} NOT NULL,"
           " method TEXT NOT NULL,"
           " reference TEXT NOT NULL,"
           " paid_on TEXT NOT NULL,"
           " source TEXT NOT NULL,"
           " statement_row INTEGER NOT NULL,"
           " recorded_at {{bigint}} NOT NULL,"
           " recorded_by TEXT NOT NULL);\n"
           "CREATE INDEX payment_record_by_dossier ON payment_record (dossier_code, id);\n"
           "CREATE UNIQUE INDEX payment_record_reference ON payment_record (agency_id, reference)"
           " WHERE reference <> ''"}};
}

namespace {

bool IsDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

bool IsAccountNumber(const std::string& s) {
  if (s.empty() || s.size() > 19) {
    return false;
  }
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
      return false;
    }
  }
  return true;
}

}  // namespace

PaymentAccountService::PaymentAccountService(audit::AuditLog& audit,
                                             const org::AgencyService& agencies, const Clock& clock)
    : audit_(audit), agencies_(agencies), clock_(clock) {}

Result<std::optional<PaymentAccount>> PaymentAccountService::Get(db::Transaction& tx,
                                                                 AgencyId agency) const {
  long long id = agency.value();
  PaymentAccount a;
  long long updated_at = 0;
  auto st =
      db::Run(tx,
              "SELECT bin, bank_name, account, account_name, updated_at, updated_by FROM"
              " payment_account WHERE agency_id = :a",
              soci::use(id), soci::into(a.bin), soci::into(a.bank_name), soci::into(a.account),
              soci::into(a.account_name), soci::into(updated_at), soci::into(a.updated_by));
  if (!st.got_data()) {
    return std::optional<PaymentAccount>();
  }
  a.agency = agency;
  a.updated_at = updated_at;
  return std::optional<PaymentAccount>(std::move(a));
}

Result<PaymentAccount> PaymentAccountService::Set(db::Transaction& tx, const identity::Principal& p,
                                                  const audit::Actor& actor,
                                                  PaymentAccount account) {
  if (!identity::Authorizer::IsAdmin(p)) {
    return Error::PermissionDenied("Chỉ quản trị hệ thống mới khai báo tài khoản nhận phí.");
  }
  CQDT_ASSIGN_OR_RETURN(auto agency, agencies_.Get(tx, account.agency));
  std::vector<FieldError> errors;
  account.bin = Trim(account.bin);
  account.account = Trim(account.account);
  if (account.bin.size() != 6 || !IsDigits(account.bin)) {
    errors.push_back({"bin", "format", "Mã ngân hàng (BIN của NAPAS) phải gồm đúng 6 chữ số."});
  }
  if (!IsAccountNumber(account.account)) {
    errors.push_back({"account", "format",
                      "Số tài khoản nhận phải gồm 1 đến 19 chữ số hoặc chữ cái không dấu."});
  }
  if (auto v = CheckText(account.bank_name, "bankName", "Tên ngân hàng", 1, 200, errors)) {
    account.bank_name = *v;
  }
  if (auto v =
          CheckText(account.account_name, "accountName", "Tên chủ tài khoản", 1, 100, errors)) {
    account.account_name = *v;
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  account.updated_at = ToUnixSeconds(clock_.Now());
  account.updated_by = actor.name;
  long long id = account.agency.value(), at = account.updated_at;
  db::Run(tx, "DELETE FROM payment_account WHERE agency_id = :a", soci::use(id));
  db::Run(tx,
          "INSERT INTO payment_account (agency_id, bin, bank_name, account, account_name,"
          " updated_at, updated_by) VALUES (:a, :b, :n, :c, :h, :t, :u)",
          soci::use(id), soci::use(account.bin), soci::use(account.bank_name),
          soci::use(account.account), soci::use(account.account_name), soci::use(at),
          soci::use(account.updated_by));
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"payment.account", "agency", std::to_string(agency.id.value()),
       "Tài khoản nhận phí: " + account.bank_name + ", số " + account.account + "."}));
  return account;
}

}  // namespace cqdt::payment
