// Building the queue queries (private to documents): SQL text with positional parameters bound
// in the order they were appended, and the visibility rule of document_access.hpp as a SQL
// predicate, so that lists filter, sort and page in the database.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"

namespace soci {
class statement;
}  // namespace soci

namespace cqdt::documents {

// SQL text and its parameters. Values are never spliced into the text: every Int/Str appends a
// placeholder and keeps the value (in deques, whose elements do not move) for Bind.
class SqlBuilder {
 public:
  SqlBuilder& Text(std::string_view s);
  SqlBuilder& Int(long long v);
  SqlBuilder& Str(std::string v);
  const std::string& text() const { return text_; }
  // Binds every parameter to `st`, in order (call before prepare).
  void Bind(soci::statement& st);

 private:
  std::string text_;
  std::deque<long long> ints_;
  std::deque<std::string> strs_;
  std::vector<std::pair<bool, std::size_t>> order_;  // (is string, index)
};

// Who is looking, for AppendVisible.
struct Viewer {
  UserId user;
  // Leader or clerk of the agency, or a leader's deputy (delegation): sees the agency's
  // documents that are not confidential.
  bool has_rank = false;
  // When set (today in Vietnam, YYYY-MM-DD): the signer's deputies under an active delegation of
  // the sign right are on the route too (AccessFacts::signer_deputies).
  std::string sign_delegation_today = {};
};

// Appends the predicate "the viewer may see document d" (alias `d` for documents_document),
// mirroring documents::CanSee for staff of d's agency (the caller filters the agency): not
// confidential with rank, or on the route (created by, drafter, signer, assignee, reviewer) or
// granted. The writers of a confidential register are not covered (their queue items come from the
// route).
void AppendVisible(SqlBuilder& b, const Viewer& v);

// An open assignment state (assigned, accepted, extension_requested), as a SQL list.
inline constexpr const char* kOpenAssignmentStates =
    "('assigned', 'accepted', 'extension_requested')";

}  // namespace cqdt::documents
