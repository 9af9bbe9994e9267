// The JSON of ratings and feedback (PAKN) (issue 13, item 7), shared by the portal's routes
// (feedback_portal_routes.cpp) and the staff's (feedback_staff_routes.cpp).
#pragma once

#include "feedback/petition_service.hpp"
#include "feedback/rating_service.hpp"
#include "feedback/settings.hpp"
#include "internal.hpp"

namespace cqdt::api {

// The settings in force (the configured ones, or those compiled in).
const feedback::Settings& FeedbackSettings(const ApiContext& ctx);

// A time as ISO 8601 in Vietnam time, or "" for 0 (not yet).
std::string FeedbackTime(std::int64_t unix_seconds);

// {code, label} of a level / category, the label in the reader's language.
json LevelJson(const feedback::Settings& s, const std::string& code, const http::Request& req);
json CategoryJson(const feedback::Settings& s, const std::string& code, const http::Request& req);

// The schema FeedbackOptions.
json FeedbackOptionsJson(const feedback::Settings& s, const http::Request& req);
// The schema RatingView.
json RatingViewJson(const feedback::RatingView& v, const feedback::Settings& s,
                    const http::Request& req);
json RatingJson(const feedback::Rating& r, const feedback::Settings& s, const http::Request& req,
                bool staff);
// The schema Petition. The filer's view is the same shape with the officers' names already
// blanked by the service (PetitionService::Follow) or by the filing route.
json PetitionJson(const feedback::Petition& p, const feedback::Settings& s,
                  const http::Request& req);

// The body of a rating (POST /portal/ratings, /portal/my/ratings, /feedback/ratings): `extra`
// names the route's own members besides overall, criteria, comment. kInvalidArgument naming the
// members; the criteria must be an object of strings.
struct RatingBody {
  std::string code;
  std::string check;
  feedback::RatingInput input;
};
Result<RatingBody> ReadRatingBody(const http::Request& req, bool with_check);

}  // namespace cqdt::api
