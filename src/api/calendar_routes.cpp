#include "internal.hpp"

namespace cqdt::api {

// TODO(#3): GET /api/v1/calendar/... for the due-date preview.
void RegisterCalendarRoutes(http::Router&, ApiContext&) {}

}  // namespace cqdt::api
