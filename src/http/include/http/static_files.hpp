// Serves the built single-page app (web/dist) as the server's fallback handler.
//  - GET/HEAD of an existing file under `root`: the file, with its content type; files under
//    /assets/ (content-hashed names) get `Cache-Control: public, max-age=31536000, immutable`,
//    everything else `no-cache`. A precompressed `<file>.gz` is served when the client accepts
//    gzip (Content-Encoding: gzip, Vary: Accept-Encoding).
//  - GET/HEAD of any other path outside /api/ and without a file extension: index.html
//    (client-side routes), `no-cache`.
//  - /api/... and everything else: a 404 (or 405) problem+json.
// Paths are confined to `root` (no "..", no symlink escape).
#pragma once

#include <filesystem>

#include "http/router.hpp"

namespace cqdt::http {

Handler StaticFiles(std::filesystem::path root);

}  // namespace cqdt::http
