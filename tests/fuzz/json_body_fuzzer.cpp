// libFuzzer target for the JSON bodies of the API (issue 16 item 5). Every route reads its body
// through api::JsonBody (ParseJson's depth bound, then the allowed members, then typed accessors),
// and the procedure catalogue import reads a whole JSON file through ReadCatalogueFile. The first
// input byte picks a route; the rest is the body. For a route, the body is parsed with that
// route's member set (copied from its handler: document registers, dossier receipt, dossier
// actions, outgoing drafts) and each member is read with the typed accessor (or, for nested
// objects, from the tree) the handler uses. Beyond AddressSanitizer and UBSan: an error must say
// what is wrong, and a member the handler reads with the wrong type must be reported as a field
// error, never thrown (nlohmann's type_error is an exception: a route that let one escape would
// answer 500). Built by tests/fuzz/CMakeLists.txt, run by tests/fuzz/run-all.sh; see
// tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "internal.hpp"
#include "onestop/catalogue_service.hpp"
#include "procedure_json.hpp"

namespace {

using cqdt::api::JsonBody;

[[noreturn]] void Violated(const std::string& what) {
  std::fprintf(stderr, "json_body_fuzzer: invariant violated: %s\n", what.c_str());
  std::abort();
}

enum class Kind { kString, kInt, kBool, kStrings, kTree };  // kTree: read from value()
struct Member {
  const char* name;
  Kind kind;
};
struct RouteBody {
  const char* route;
  std::vector<Member> members;
  std::vector<const char*> required;
};

// The member sets of a few main routes, as their handlers declare and read them.
const std::vector<RouteBody>& Routes() {
  static const std::vector<RouteBody> routes = {
      {"POST /api/v1/agencies/{id}/registers",
       {{"direction", Kind::kString},
        {"kind", Kind::kString},
        {"name", Kind::kString},
        {"active", Kind::kBool}},
       {"direction", "kind", "name"}},
      {"POST /api/v1/dossiers",
       {{"procedureCode", Kind::kString},
        {"channel", Kind::kString},
        {"decidingAgencyId", Kind::kInt},
        {"stepAgencies", Kind::kStrings},
        {"fee", Kind::kInt},
        {"feePaid", Kind::kBool},
        {"note", Kind::kString},
        {"applicant", Kind::kTree},
        {"documents", Kind::kTree},
        {"delivery", Kind::kTree}},
       {"procedureCode"}},
      {"POST /api/v1/dossiers/{code}/actions",
       {{"action", Kind::kString},
        {"reason", Kind::kString},
        {"assigneeId", Kind::kInt},
        {"newAppointment", Kind::kString},
        {"fileIds", Kind::kStrings}},
       {"action"}},
      {"POST /api/v1/documents/outgoing",
       {{"typeOrdinal", Kind::kInt},
        {"subject", Kind::kString},
        {"urgency", Kind::kString},
        {"confidentiality", Kind::kString},
        {"description", Kind::kString},
        {"signerId", Kind::kInt},
        {"draftingUnitId", Kind::kInt},
        {"recipients", Kind::kStrings}},
       {}},
      {"POST /api/v1/.../cancel (reason)", {{"reason", Kind::kString}}, {"reason"}},
  };
  return routes;
}

void ReadRoute(const RouteBody& route, std::string_view text) {
  cqdt::http::Request req;
  req.method = "POST";
  req.headers.Add("Content-Type", "application/json; charset=utf-8");
  req.body = std::string(text);
  std::set<std::string> allowed;
  for (const auto& m : route.members) {
    allowed.insert(m.name);
  }
  auto body = JsonBody::Parse(req, allowed);
  if (!body) {
    if (body.error().message().empty() && body.error().fields().empty()) {
      Violated(std::string(route.route) + ": an error without a message");
    }
    return;
  }
  try {
    if (!route.required.empty()) {
      for (const char* r : route.required) {
        body->Require({r});
      }
    }
    for (const auto& m : route.members) {
      switch (m.kind) {
        case Kind::kString:
          (void)body->String(m.name);
          break;
        case Kind::kInt:
          (void)body->Int(m.name);
          break;
        case Kind::kBool:
          (void)body->Bool(m.name);
          break;
        case Kind::kStrings:
          (void)body->StringArray(m.name);
          break;
        case Kind::kTree:
          if (body->Has(m.name)) {
            (void)body->value().at(m.name).dump(-1, ' ', false,
                                                nlohmann::json::error_handler_t::replace);
          }
          break;
      }
    }
    (void)body->Finish();
  } catch (const std::exception& e) {
    Violated(std::string(route.route) + ": an accessor threw: " + e.what());
  }
}

}  // namespace

// ImportReportJson (in the same object file as the catalogue reader, not called here) names the
// outcome of a publication with two functions of catalogue_service.cpp, which holds the database
// code: stand-ins.
namespace cqdt::onestop {
const char* PublishOutcomeName(PublishOutcome) { return "created"; }
std::string PublishOutcomeLabel(PublishOutcome) { return "created"; }
}  // namespace cqdt::onestop

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto& routes = Routes();
  const std::size_t pick = data[0] % (routes.size() + 1);
  if (pick < routes.size()) {
    ReadRoute(routes[pick], text);
    return 0;
  }
  // POST /api/v1/procedures/import: the catalogue file (JSON form).
  try {
    auto items = cqdt::api::ReadCatalogueFile(text);
    if (!items && items.error().message().empty() && items.error().fields().empty()) {
      Violated("catalogue: an error without a message");
    }
  } catch (const std::exception& e) {
    Violated(std::string("catalogue: the reader threw: ") + e.what());
  }
  return 0;
}
