#include "feedback_json.hpp"

#include "core/clock.hpp"

namespace cqdt::api {

namespace {

bool English(const http::Request& req) { return http::LanguageOf(req) == Language::kEnglish; }

template <typename T>
std::string Label(const T* item, const std::string& code, const http::Request& req) {
  if (item == nullptr) {
    return code;
  }
  return English(req) && !item->name_en.empty() ? item->name_en : item->name;
}

}  // namespace

const feedback::Settings& FeedbackSettings(const ApiContext& ctx) {
  return ctx.feedback_settings != nullptr ? *ctx.feedback_settings : feedback::DefaultSettings();
}

std::string FeedbackTime(std::int64_t unix_seconds) {
  return unix_seconds > 0 ? ToIsoVietnam(FromUnixSeconds(unix_seconds)) : "";
}

json LevelJson(const feedback::Settings& s, const std::string& code, const http::Request& req) {
  return {{"code", code}, {"label", Label(s.FindLevel(code), code, req)}};
}

json CategoryJson(const feedback::Settings& s, const std::string& code, const http::Request& req) {
  return {{"code", code}, {"label", Label(s.FindCategory(code), code, req)}};
}

json FeedbackOptionsJson(const feedback::Settings& s, const http::Request& req) {
  json levels = json::array(), criteria = json::array(), categories = json::array();
  for (const auto& l : s.levels) {
    levels.push_back(
        {{"code", l.code}, {"label", Label(&l, l.code, req)}, {"unsatisfied", l.unsatisfied}});
  }
  for (const auto& c : s.criteria) {
    criteria.push_back({{"code", c.code}, {"label", Label(&c, c.code, req)}});
  }
  for (const auto& c : s.categories) {
    categories.push_back({{"code", c.code},
                          {"label", Label(&c, c.code, req)},
                          {"index766", feedback::PetitionClassName(c.index_class)}});
  }
  return {{"version", s.version},
          {"levels", std::move(levels)},
          {"criteria", std::move(criteria)},
          {"categories", std::move(categories)},
          {"answerWorkingDays", s.answer_working_days},
          {"ratingWindowDays", s.rating_window_days},
          {"ratingChangeDays", s.rating_change_days}};
}

json RatingJson(const feedback::Rating& r, const feedback::Settings& s, const http::Request& req,
                bool staff) {
  json criteria = json::array();
  for (const auto& [code, level] : r.criteria) {
    criteria.push_back({{"code", code},
                        {"label", Label(s.FindCriterion(code), code, req)},
                        {"level", LevelJson(s, level, req)}});
  }
  json out = {{"overall", LevelJson(s, r.overall, req)},
              {"unsatisfied", r.unsatisfied},
              {"criteria", std::move(criteria)},
              {"comment", r.comment},
              {"channel", feedback::RatingChannelName(r.channel)},
              {"ratedAt", FeedbackTime(r.rated_at)},
              {"updatedAt", FeedbackTime(r.updated_at)},
              {"changes", r.changes}};
  if (staff) {
    out["dossierCode"] = r.dossier_code;
    out["ratedBy"] = r.rated_by;
  }
  return out;
}

json RatingViewJson(const feedback::RatingView& v, const feedback::Settings& s,
                    const http::Request& req) {
  // What the tracking view shows of the dossier already, nothing more.
  json dossier = {{"code", v.dossier.code},
                  {"procedureName", v.dossier.procedure_name},
                  {"agencyName", v.dossier.agency_name},
                  {"finished", v.dossier.finished},
                  {"finishedAt", FeedbackTime(v.dossier.finished_at)}};
  return {{"dossier", std::move(dossier)},
          {"rating", v.rating ? RatingJson(*v.rating, s, req, false) : json(nullptr)},
          {"mayRate", v.may_rate},
          {"whyNot", v.why_not.empty() ? "" : http::Localized(v.why_not, req)},
          {"changeableUntil", FeedbackTime(v.changeable_until)}};
}

json PetitionJson(const feedback::Petition& p, const feedback::Settings& s,
                  const http::Request& req) {
  json events = json::array();
  for (const auto& e : p.events) {
    events.push_back({{"at", FeedbackTime(e.at)},
                      {"action", e.action},
                      {"actor", e.actor},
                      {"agencyName", e.agency_name},
                      {"note", e.note}});
  }
  return {
      {"code", p.code},
      {"agencyId", p.agency.value()},
      {"agencyName", p.agency_name},
      {"dossierCode", p.dossier_code},
      {"category", CategoryJson(s, p.category, req)},
      {"title", p.title},
      {"content", p.content},
      {"filer", {{"name", p.filer_name}, {"phone", p.filer_phone}, {"email", p.filer_email}}},
      {"state",
       {{"name", feedback::PetitionStateName(p.state)},
        {"label", http::Localized(feedback::PetitionStateLabel(p.state), req)}}},
      {"assignee", p.assignee.IsSet() ? json{{"id", p.assignee.value()}, {"name", p.assignee_name}}
                                      : json(nullptr)},
      {"filedAt", FeedbackTime(p.filed_at)},
      {"receivedAt", FeedbackTime(p.received_at)},
      {"dueOn", p.due_on},
      {"dueAt", FeedbackTime(p.due_at)},
      {"overdue", p.overdue},
      {"answer", p.answer},
      {"answeredAt", FeedbackTime(p.answered_at)},
      {"answeredBy", p.answered_by},
      {"answeredLate", p.answered_late},
      {"published", p.published},
      {"publicQuestion", p.public_question},
      {"verdict", feedback::VerdictName(p.verdict)},
      {"verdictComment", p.verdict_comment},
      {"verdictAt", FeedbackTime(p.verdict_at)},
      {"events", std::move(events)}};
}

Result<RatingBody> ReadRatingBody(const http::Request& req, bool with_check) {
  std::set<std::string> allowed = {"code", "overall", "criteria", "comment"};
  if (with_check) {
    allowed.insert("check");
  }
  CQDT_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(req, allowed));
  body.Require({"code"});
  RatingBody out;
  out.code = Trim(body.String("code").value_or(""));
  if (with_check) {
    out.check = Trim(body.String("check").value_or(""));
  }
  out.input.overall = body.String("overall").value_or("");
  out.input.comment = body.String("comment").value_or("");
  std::vector<FieldError> errors;
  if (body.Has("criteria") && !body.value()["criteria"].is_null()) {
    const json& c = body.value()["criteria"];
    if (!c.is_object() || c.size() > 50) {
      errors.push_back(
          {"criteria", "type",
           "Trường 'criteria' phải là đối tượng ghi mức độ hài lòng theo mã tiêu chí."});
    } else {
      for (const auto& [criterion, level] : c.items()) {
        if (!level.is_string()) {
          errors.push_back({"criteria." + criterion, "type",
                            "Mức độ hài lòng của tiêu chí '" + criterion + "' phải là chuỗi."});
        } else {
          out.input.criteria.emplace_back(criterion, level.get<std::string>());
        }
      }
    }
  }
  auto finished = body.Finish();
  if (!finished) {
    std::vector<FieldError> all = finished.error().fields();
    all.insert(all.end(), errors.begin(), errors.end());
    return Error::Invalid(std::move(all));
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return out;
}

void AddFeedbackSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json boolean = {{"type", "boolean"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  auto array = [](json items) { return json{{"type", "array"}, {"items", std::move(items)}}; };
  const json code_label = obj({{"code", str}, {"label", str}}, {"code", "label"});
  s["FeedbackOptions"] =
      obj({{"version", str},
           {"levels", array(obj({{"code", str}, {"label", str}, {"unsatisfied", boolean}},
                                {"code", "label", "unsatisfied"}))},
           {"criteria", array(code_label)},
           {"categories",
            array(obj({{"code", str}, {"label", str}, {"index766", str}}, {"code", "label"}))},
           {"answerWorkingDays", integer},
           {"ratingWindowDays", integer},
           {"ratingChangeDays", integer}},
          {"levels", "criteria", "categories", "answerWorkingDays"});
  const json criteria_input = {{"type", "object"}, {"additionalProperties", str}};
  s["RatingInput"] = obj({{"code", str},
                          {"check", str},
                          {"overall", str},
                          {"criteria", criteria_input},
                          {"comment", str}},
                         {"code", "overall"});
  s["Rating"] =
      obj({{"overall", code_label},
           {"unsatisfied", boolean},
           {"criteria",
            array(obj({{"code", str}, {"label", str}, {"level", code_label}}, {"code", "level"}))},
           {"comment", str},
           {"channel", {{"type", "string"}, {"enum", {"link", "portal", "counter"}}}},
           {"ratedAt", str},
           {"updatedAt", str},
           {"changes", integer},
           {"dossierCode", str},
           {"ratedBy", str}},
          {"overall", "criteria", "comment", "channel", "ratedAt"});
  s["RatingView"] =
      obj({{"dossier", obj({{"code", str},
                            {"procedureName", str},
                            {"agencyName", str},
                            {"finished", boolean},
                            {"finishedAt", str}},
                           {"code", "finished"})},
           {"rating", {{"oneOf", {{{"$ref", "#/components/schemas/Rating"}}, {{"type", "null"}}}}}},
           {"mayRate", boolean},
           {"whyNot", str},
           {"changeableUntil", str}},
          {"dossier", "rating", "mayRate"});
  s["PetitionInput"] = obj({{"dossierCode", str},
                            {"check", str},
                            {"agencyId", integer},
                            {"category", str},
                            {"title", str},
                            {"content", str},
                            {"name", str},
                            {"phone", str},
                            {"email", str}},
                           {"category", "title", "content"});
  s["PetitionFollowInput"] = obj({{"code", str}, {"contact", str}}, {"code", "contact"});
  s["PetitionVerdictInput"] =
      obj({{"contact", str}, {"satisfied", boolean}, {"comment", str}}, {"satisfied"});
  s["PetitionAssignInput"] = obj({{"assigneeId", integer}}, {"assigneeId"});
  s["PetitionAnswerInput"] =
      obj({{"answer", str}, {"publish", boolean}, {"publicQuestion", str}}, {"answer"});
  s["PetitionTransferInput"] =
      obj({{"agencyId", integer}, {"reason", str}}, {"agencyId", "reason"});
  s["Petition"] =
      obj({{"code", str},
           {"agencyId", integer},
           {"agencyName", str},
           {"dossierCode", str},
           {"category", code_label},
           {"title", str},
           {"content", str},
           {"filer", obj({{"name", str}, {"phone", str}, {"email", str}}, {"name"})},
           {"state",
            obj({{"name", {{"type", "string"}, {"enum", {"received", "processing", "answered"}}}},
                 {"label", str}},
                {"name", "label"})},
           {"assignee",
            {{"oneOf", {obj({{"id", integer}, {"name", str}}, {"id"}), {{"type", "null"}}}}}},
           {"filedAt", str},
           {"receivedAt", str},
           {"dueOn", str},
           {"dueAt", str},
           {"overdue", boolean},
           {"answer", str},
           {"answeredAt", str},
           {"answeredBy", str},
           {"answeredLate", boolean},
           {"published", boolean},
           {"publicQuestion", str},
           {"verdict", {{"type", "string"}, {"enum", {"", "satisfied", "unsatisfied"}}}},
           {"verdictComment", str},
           {"verdictAt", str},
           {"events",
            array(obj(
                {{"at", str}, {"action", str}, {"actor", str}, {"agencyName", str}, {"note", str}},
                {"at", "action"}))}},
          {"code", "agencyId", "category", "title", "state", "dueOn", "overdue"});
  s["PetitionList"] =
      obj({{"items", array({{"$ref", "#/components/schemas/Petition"}})}, {"total", integer}},
          {"items", "total"});
  s["PublishedPetitionList"] = obj({{"items", array(obj({{"code", str},
                                                         {"agencyId", integer},
                                                         {"agencyName", str},
                                                         {"category", code_label},
                                                         {"publicQuestion", str},
                                                         {"answer", str},
                                                         {"filedAt", str},
                                                         {"answeredAt", str}},
                                                        {"code", "publicQuestion", "answer"}))},
                                    {"total", integer}},
                                   {"items", "total"});
  s["FeedbackSummary"] = obj(
      {{"agencyId", integer},
       {"from", str},
       {"to", str},
       {"ratings",
        obj({{"total", integer},
             {"unsatisfied", integer},
             {"overall",
              array(obj({{"code", str}, {"label", str}, {"count", integer}}, {"code", "count"}))},
             {"criteria",
              array(obj({{"code", str},
                         {"label", str},
                         {"levels", array(obj({{"code", str}, {"label", str}, {"count", integer}},
                                              {"code", "count"}))}},
                        {"code", "levels"}))},
             {"channels", {{"type", "object"}, {"additionalProperties", integer}}},
             {"recent", array({{"$ref", "#/components/schemas/Rating"}})}},
            {"total", "overall", "criteria"})},
       {"index766", {{"type", "object"}, {"additionalProperties", integer}}}},
      {"agencyId", "ratings", "index766"});
}

}  // namespace cqdt::api
