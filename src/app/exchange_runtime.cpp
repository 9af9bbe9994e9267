// The exchange hub's wiring (exchange_runtime.hpp).
#include "exchange_runtime.hpp"

#include "core/agency_code.hpp"
#include "xml/xml.hpp"

namespace cqdt::app {

namespace {

Result<crypto::SigningKey> ServerHeldKey(const signing::KeyRing& keys,
                                         const signing::KeyEntry& entry) {
  if (entry.ask_secret) {
    return Error::Unavailable("Khóa " + entry.id +
                              " cần mật khẩu khi ký, không dùng được để ký tự động gói tin.");
  }
  return keys.Unlock(entry, "");
}

}  // namespace

Result<std::string> KeyRingPackageSigner::Sign(const std::string& organ_id,
                                               const std::string& xml) {
  for (const signing::KeyEntry* entry : keys_.ForOwner(signing::KeyKind::kSeal, organ_id)) {
    if (entry->ask_secret) {
      continue;
    }
    CQDT_ASSIGN_OR_RETURN(crypto::SigningKey key, keys_.Unlock(*entry, ""));
    return xml::SignEnveloped(xml, key);
  }
  CQDT_ASSIGN_OR_RETURN(crypto::SigningKey key, HubKey(organ_id));
  return xml::SignEnveloped(xml, key);
}

Result<crypto::SigningKey> KeyRingPackageSigner::HubKey(const std::string& hub_organ_id) const {
  if (!hub_key_.empty()) {
    const signing::KeyEntry* entry = keys_.Find(hub_key_);
    if (entry == nullptr) {
      return Error::Unavailable("Không tìm thấy khóa " + hub_key_ +
                                " ([exchange] hub_key) trong tệp khóa.");
    }
    return ServerHeldKey(keys_, *entry);
  }
  for (const signing::KeyEntry* entry : keys_.ForOwner(signing::KeyKind::kSeal, hub_organ_id)) {
    if (!entry->ask_secret) {
      return keys_.Unlock(*entry, "");
    }
  }
  return Error::Unavailable(
      "Trục liên thông chưa có khóa ký gói tin: khai báo [exchange] hub_key hoặc con dấu của cơ "
      "quan " +
      hub_organ_id + ".");
}

ExchangeRuntime::ExchangeRuntime(Services& s, const Config& config)
    : partners(*s.audit, s.clock), signer(*s.keys, config.exchange_hub_key) {
  exchange::HubOptions options;
  options.hub_organ_id = config.exchange_hub_organ_id;
  if (options.hub_organ_id.empty()) {
    // The first level-1 agency of the directory (the province's People's Committee).
    auto tx = s.db->BeginRead();
    org::AgencyQuery q;
    if (auto all = s.agencies->List(tx, q)) {
      for (const auto& a : *all) {
        auto code = ParseAgencyCode(a.code);
        if (code && code->Depth() == 1) {
          options.hub_organ_id = a.code;
          break;
        }
      }
    }
  }
  options.max_attempts = config.exchange_max_attempts;
  options.first_retry_seconds = config.exchange_retry_seconds;
  options.max_retry_seconds = config.exchange_max_retry_seconds;
  org::AgencyService& agencies = *s.agencies;
  hub = std::make_unique<exchange::HubService>(
      *s.audit, *s.blobs, partners, signer,
      [&agencies](db::Transaction& tx,
                  const std::string& code) -> std::optional<exchange::LocalAgency> {
        auto a = agencies.GetByCode(tx, code);
        if (!a) {
          return std::nullopt;
        }
        return exchange::LocalAgency{a->id, a->code, a->name};
      },
      s.clock, options);
  inspect.max_package_bytes =
      static_cast<std::size_t>(config.exchange_max_package_mb) * 1024 * 1024;
  inspect.max_unzipped_bytes =
      static_cast<std::uint64_t>(config.exchange_max_unzipped_mb) * 1024 * 1024;
  inspect.verifier = s.verifier.get();
  inspect.trust.fetcher = s.revocation_fetcher.get();
}

}  // namespace cqdt::app
