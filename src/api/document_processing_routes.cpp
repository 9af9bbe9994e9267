// Forwarding an incoming document inside a unit and deciding on an extension (issue 10, item 2;
// documents/processing_service.hpp). Actions like the others: If-Match required (428 without,
// 412 stale), the document with its new ETag in the answer.
#include "document_incoming_http.hpp"
#include "documents/processing_service.hpp"

namespace cqdt::api::incoming_http {

void AddDocumentProcessingSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  s["IncomingForwardInput"] =
      obj({{"assignmentId", integer},
           {"instruction", str},
           {"assignees",
            {{"type", "array"},
             {"items", obj({{"userId", integer}, {"role", str}}, {"userId", "role"})}}},
           {"dueDate", str}},
          {"assignees"});
  s["IncomingExtensionDecisionInput"] =
      obj({{"assignmentId", integer},
           {"decision", {{"type", "string"}, {"enum", {"approve", "refuse"}}}},
           {"reason", str}},
          {"assignmentId", "decision"});
}

void RegisterDocumentProcessingRoutes(http::Router& r, ApiContext& ctx) {
  AddIncomingAction(
      r, ctx, "forward", "Chuyển tiếp trong đơn vị / Forward within the unit",
      "IncomingForwardInput", {"assignmentId", "instruction", "assignees", "dueDate"},
      [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
         DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
        b.Require({"assignees"});
        documents::ForwardInput in;
        in.parent = documents::AssignmentId(b.Int("assignmentId").value_or(0));
        in.instruction = b.String("instruction").value_or("");
        in.due_date = b.String("dueDate").value_or("");
        CQDT_RETURN_IF_ERROR(b.Finish());
        const json& list = b.value()["assignees"];
        // Untrusted: an array of {userId: integer, role: string}.
        bool ok = list.is_array() && list.size() <= 50;
        for (std::size_t i = 0; ok && i < list.size(); ++i) {
          const json& e = list[i];
          ok = e.is_object() && e.size() == 2 && e.contains("userId") &&
               e["userId"].is_number_integer() && e.contains("role") && e["role"].is_string();
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
        return c.processing->Forward(tx, a, p, id, v, in);
      });
  AddIncomingAction(
      r, ctx, "extension-decision",
      "Đồng ý hoặc không đồng ý gia hạn / Approve or refuse an extension",
      "IncomingExtensionDecisionInput", {"assignmentId", "decision", "reason"},
      [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
         DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
        b.Require({"assignmentId", "decision"});
        documents::ExtensionDecision in;
        in.assignment = documents::AssignmentId(b.Int("assignmentId").value_or(0));
        std::string decision = b.String("decision").value_or("");
        in.reason = b.String("reason").value_or("");
        CQDT_RETURN_IF_ERROR(b.Finish());
        // Untrusted: one of two words.
        if (decision != "approve" && decision != "refuse") {
          return Error::InvalidField("decision", "enum",
                                     "Trường 'decision' phải là approve hoặc refuse.");
        }
        in.approve = decision == "approve";
        return c.processing->DecideExtension(tx, a, p, id, v, in);
      });
}

}  // namespace cqdt::api::incoming_http
