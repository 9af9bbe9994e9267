// The processing actions of an incoming document (issue 10, item 2; Decree 30/2020 art. 24):
// submit, assign, accept, comment, extension, complete, return. Every action requires
// `If-Match` with the ETag the caller read (428 without it, 412 when it is not the current
// version, also when another request wins the race inside the service).
#include "document_incoming_http.hpp"
#include "documents/assignment_service.hpp"
#include "documents/incoming_service.hpp"

namespace cqdt::api::incoming_http {

namespace {

std::string Str(JsonBody& b, const char* field) { return b.String(field).value_or(""); }

}  // namespace

void AddDocumentIncomingActionSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  s["IncomingSubmitInput"] = obj({{"leaderId", integer}}, {"leaderId"});
  s["IncomingAssignInput"] =
      obj({{"instruction", str},
           {"assignees",
            {{"type", "array"},
             {"items", obj({{"userId", integer}, {"role", str}}, {"userId", "role"})}}},
           {"dueInWorkingDays", integer},
           {"dueDate", str}},
          {"assignees"});
  s["IncomingReasonInput"] = obj({{"reason", str}}, {"reason"});
  s["IncomingExtensionInput"] = obj({{"reason", str}, {"dueDate", str}}, {"reason", "dueDate"});
  s["IncomingNoteInput"] = obj({{"note", str}}, {"note"});
  s["IncomingCommentInput"] = obj({{"text", str}}, {"text"});
}

void RegisterDocumentIncomingActionRoutes(http::Router& r, ApiContext& ctx) {
  auto action = [&](const char* path, const char* summary, const char* schema,
                    std::set<std::string> allowed, Action run) {
    AddIncomingAction(r, ctx, path, summary, schema, std::move(allowed), std::move(run));
  };
  action("submit", "Trình lãnh đạo / Submit to a leader", "IncomingSubmitInput", {"leaderId"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           b.Require({"leaderId"});
           auto leader = b.Int("leaderId");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->Submit(tx, a, p, id, v, UserId(leader.value_or(0)));
         });
  action("assign", "Cho ý kiến chỉ đạo, giao xử lý / Instruct and assign", "IncomingAssignInput",
         {"instruction", "assignees", "dueInWorkingDays", "dueDate"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           b.Require({"assignees"});
           documents::AssignInput in;
           in.instruction = Str(b, "instruction");
           in.due_in_working_days = static_cast<int>(b.Int("dueInWorkingDays").value_or(0));
           in.due_date = Str(b, "dueDate");
           CQDT_RETURN_IF_ERROR(b.Finish());
           const json& list = b.value()["assignees"];
           // Untrusted: an array of {userId: integer, role: string}.
           bool ok = list.is_array() && list.size() <= 50;
           for (std::size_t i = 0; ok && i < list.size(); ++i) {
             const json& e = list[i];
             ok = e.is_object() && e.contains("userId") && e["userId"].is_number_integer() &&
                  e.contains("role") && e["role"].is_string();
             if (ok) {
               in.assignees.push_back(
                   {UserId(e["userId"].get<std::int64_t>()), e["role"].get<std::string>()});
             }
           }
           if (!ok) {
             return Error::InvalidField(
                 "assignees", "type",
                 "Trường 'assignees' phải là danh sách {userId, role} (role: lead, coordinate, "
                 "info).");
           }
           return c.assignments->Assign(tx, a, p, id, v, in);
         });
  action("accept", "Nhận xử lý / Accept", "", {},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v,
            JsonBody&) -> Result<Document> { return c.assignments->Accept(tx, a, p, id, v); });
  action("comments", "Ghi ý kiến / Comment", "IncomingCommentInput", {"text"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           std::string text = Str(b, "text");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->Comment(tx, a, p, id, v, text);
         });
  action("extension", "Xin gia hạn / Request an extension", "IncomingExtensionInput",
         {"reason", "dueDate"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           std::string reason = Str(b, "reason");
           std::string due = Str(b, "dueDate");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->RequestExtension(tx, a, p, id, v, reason, due);
         });
  action("complete", "Hoàn thành xử lý / Complete", "IncomingNoteInput", {"note"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           std::string note = Str(b, "note");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->Complete(tx, a, p, id, v, note);
         });
  action("return", "Trả lại văn thư / Return to the clerk", "IncomingReasonInput", {"reason"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           std::string reason = Str(b, "reason");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->Return(tx, a, p, id, v, reason);
         });
}

}  // namespace cqdt::api::incoming_http
