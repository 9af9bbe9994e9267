// Agency identification codes (mã định danh), in the two official layouts
// (shared reference edxml.md §9):
//  - QCVN 102:2016, fixed 13 characters `DDD.CC.BB.AXX`, level 1 on the right, "0" groups mean
//    "no such level" (e.g. `000.00.00.H01` is UBND tỉnh An Giang, `000.00.01.H01` a unit below it);
//  - QĐ 20/2020/QĐ-TTg, up to 35 characters, level 1 on the left and lower levels appended with
//    dots (e.g. `H01.17`); characters `.`, `0-9`, `A-Z` only.
// Parsing is strict (upper case only; no surrounding spaces). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt {

enum class AgencyCodeLayout { kQcvn102, kDecision20 };

struct AgencyCode {
  AgencyCodeLayout layout;
  std::string text;                 // the code as given (canonical)
  std::vector<std::string> levels;  // level 1 first; trailing "none" levels omitted

  // 1 for a level-1 code (`000.00.00.H01`, `H01`), 2 for its children, ...
  int Depth() const { return static_cast<int>(levels.size()); }
  // The parent's code in the same layout; empty for a level-1 code.
  std::string ParentText() const;
};

// Parses `text` in either layout, or only in `layout` when given. Errors are kInvalidArgument
// with field `field`.
//
// The two layouts overlap: a QĐ 20/2020 code of four groups whose last one looks like a level-1
// code (`G22.01.01.B01`, the parent of `G22.01.01.B01.01`) fits the QCVN 102 shape too, and
// without `layout` it is read as QCVN 102 (the layout of document exchange, the common case).
// A caller that knows the layout (the parent of a QĐ 20/2020 code is one) passes it.
Result<AgencyCode> ParseAgencyCode(std::string_view text, const std::string& field = "code",
                                   std::optional<AgencyCodeLayout> layout = std::nullopt);

// "qcvn102" / "decision20": the layout's name in the API and the CLI; nullopt for another word.
std::optional<AgencyCodeLayout> AgencyCodeLayoutFromName(std::string_view name);
const char* AgencyCodeLayoutName(AgencyCodeLayout layout);

}  // namespace cqdt
