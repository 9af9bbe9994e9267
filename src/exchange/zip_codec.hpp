// Single-file ZIP payloads of edXML attachments (edxml.md §5 rule 4), over libzip: the sender
// zips formats other than PDF/Word/Excel/ZIP; the receiver takes a one-file ZIP apart. Private to
// the exchange module.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace cqdt::exchange::internal {

// A local file header at the start: "PK\3\4".
bool LooksLikeZip(std::string_view bytes);

// Formats that are ZIP archives themselves (OOXML, ODF), by lower-case extension: such a payload
// of many entries is the file as it is.
bool IsZipContainerFormat(std::string_view ext);

struct UnzippedFile {
  std::string name;  // the entry's name as stored (untrusted; for its extension only)
  std::string bytes;
};

// The one file of `zip` (directory entries ignored). Untrusted input: the bytes are inflated and
// counted here, whatever sizes the archive declares. Errors (Vietnamese): Malformed when it is not
// a readable ZIP or is encrypted, InvalidArgument when it holds no file or more than one,
// TooLarge past `max_bytes`.
Result<UnzippedFile> UnzipSingle(std::string_view zip, std::uint64_t max_bytes);

// A ZIP holding `bytes` as `name` (deflated; the entry's time fixed, so equal input gives equal
// output). Errors: Internal when libzip fails.
Result<std::string> ZipSingle(std::string_view name, std::string_view bytes);

}  // namespace cqdt::exchange::internal
