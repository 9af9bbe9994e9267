// The processing actions of an incoming document (issue 10, item 2; Decree 30/2020 art. 24):
// submit, assign (to people and units), accept, comment, extension, complete (with a note or
// the answering outgoing document), return; forward and the extension decision are
// document_processing_routes.cpp. Every action requires
// `If-Match` with the ETag the caller read (428 without it, 412 when it is not the current
// version, also when another request wins the race inside the service).
#include "document_incoming_http.hpp"
#include "documents/assignment_service.hpp"
#include "documents/incoming_service.hpp"
#include "documents/processing_service.hpp"

namespace cqdt::api::incoming_http {

namespace {

std::string Str(JsonBody& b, const char* field) { return b.String(field).value_or(""); }

}  // namespace

void AddDocumentIncomingActionSchemas(json& s) {
  AddDocumentProcessingSchemas(s);
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
             {"items", obj({{"userId", integer}, {"unitId", integer}, {"role", str}}, {"role"})}}},
           {"dueInWorkingDays", integer},
           {"dueDate", str}},
          {"assignees"});
  s["IncomingReasonInput"] = obj({{"reason", str}}, {"reason"});
  s["IncomingExtensionInput"] = obj({{"reason", str}, {"dueDate", str}}, {"reason", "dueDate"});
  s["IncomingCompleteInput"] = obj({{"note", str}, {"answerDocumentId", integer}}, {});
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
           // Untrusted: an array of {userId or unitId: integer, role: string}.
           bool ok = list.is_array() && list.size() <= 50;
           for (std::size_t i = 0; ok && i < list.size(); ++i) {
             const json& e = list[i];
             const bool user = e.is_object() && e.contains("userId");
             const bool unit = e.is_object() && e.contains("unitId");
             ok = e.is_object() && user != unit &&
                  e[user ? "userId" : "unitId"].is_number_integer() && e.contains("role") &&
                  e["role"].is_string() && e.size() == 2;
             if (ok) {
               std::int64_t ref = e[user ? "userId" : "unitId"].get<std::int64_t>();
               documents::AssigneeInput one{UserId(user ? ref : 0), e["role"].get<std::string>()};
               one.unit = UnitId(unit ? ref : 0);
               in.assignees.push_back(one);
             }
           }
           if (!ok) {
             return Error::InvalidField(
                 "assignees", "type",
                 "Trường 'assignees' phải là danh sách {userId hoặc unitId, role} (role: lead, "
                 "coordinate, info).");
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
  action("complete", "Hoàn thành xử lý / Complete", "IncomingCompleteInput",
         {"note", "answerDocumentId"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           documents::CompleteInput in;
           in.note = Str(b, "note");
           in.answer_document_id = DocumentId(b.Int("answerDocumentId").value_or(0));
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.processing->Complete(tx, a, p, id, v, in);
         });
  action("return", "Trả lại văn thư / Return to the clerk", "IncomingReasonInput", {"reason"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           std::string reason = Str(b, "reason");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->Return(tx, a, p, id, v, reason);
         });
  RegisterDocumentProcessingRoutes(r, ctx);
}

}  // namespace cqdt::api::incoming_http
