// Strong identifier types. Module APIs never pass a bare integer as an id: an AgencyId cannot be
// given where a UserId is expected. Ids are database surrogate keys (64-bit), positive once stored.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace cqdt {

template <typename Tag>
class StrongId {
 public:
  constexpr StrongId() = default;
  constexpr explicit StrongId(std::int64_t value) : value_(value) {}
  constexpr std::int64_t value() const { return value_; }
  constexpr bool IsSet() const { return value_ > 0; }
  friend constexpr auto operator<=>(StrongId, StrongId) = default;

 private:
  std::int64_t value_ = 0;
};

using AgencyId = StrongId<struct AgencyIdTag>;
using UnitId = StrongId<struct UnitIdTag>;
using UserId = StrongId<struct UserIdTag>;
using CitizenId = StrongId<struct CitizenIdTag>;
using ApiTokenId = StrongId<struct ApiTokenIdTag>;
using AuditEntryId = StrongId<struct AuditEntryIdTag>;

}  // namespace cqdt

template <typename Tag>
struct std::hash<cqdt::StrongId<Tag>> {
  std::size_t operator()(cqdt::StrongId<Tag> id) const noexcept {
    return std::hash<std::int64_t>{}(id.value());
  }
};
