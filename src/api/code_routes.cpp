#include "internal.hpp"

namespace cqdt::api {

// TODO(#3): GET /api/v1/codes/... to parse and format official identifiers.
void RegisterCodeRoutes(http::Router&, ApiContext&) {}

}  // namespace cqdt::api
