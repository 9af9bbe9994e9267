// The lenient reader behind Inspect (inspect.hpp), private to the exchange module: the first
// refusal and every warning of one package, and the helpers the document and STATUS readers share.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "exchange/inspect.hpp"
#include "xml/tree.hpp"

namespace cqdt::exchange::internal {

class Reader {
 public:
  Reader(Inspection& out, const InspectOptions& options) : out_(out), options_(options) {}

  // Keeps the first refusal only (what the STATUS 02 names); later ones add nothing.
  void Refuse(RefusalReason reason, std::string field, std::string message);
  void Warn(std::string code, std::string message);
  bool refused() const { return out_.refusal.has_value(); }

  // An OrganId as the exchange needs it: present, at most 35 characters of [0-9A-Za-z._-];
  // a shape that is neither QCVN 102 nor QĐ 20/2020 is accepted with a warning (real systems
  // use "vxp.saas.03", "28.22.H17").
  void CheckOrganId(const std::string& value, const std::string& field);
  Organization ReadOrganization(const xml::Element& e, const std::string& field);
  std::optional<StaffInfo> ReadStaff(const xml::Element* e);
  ResponseFor ReadResponseFor(const xml::Element& e);
  // A yyyy/MM/dd date (dd/MM/yyyy accepted with a warning); "" when absent; refused when it is no
  // date at all.
  std::string ReadDate(const xml::Element& parent, std::string_view name, const std::string& field);
  // An integer in [min, max], or `fallback` when absent; refused otherwise.
  int ReadInt(const xml::Element& parent, std::string_view name, const std::string& field, int min,
              int max, int fallback);

  void ReadDocument(const xml::Element& header, const xml::Element& envelope,
                    const xml::Element& root);
  void ReadStatus(const xml::Element& header);
  void ReadAttachments(const xml::Element& envelope, const xml::Element& root);

  Inspection& out() { return out_; }
  const InspectOptions& options() const { return options_; }

 private:
  void ReadTrace(const xml::Element& header_parent);
  void AddAttachment(Attachment a, const std::string& encoded, const std::string& declared_type,
                     const std::string& payload_type);

  Inspection& out_;
  const InspectOptions& options_;
};

// Trimmed text (edXML values often carry the indentation of hand-made samples).
std::string Trim(std::string_view s);
// The element's first child's trimmed text, or "".
std::string Text(const xml::Element& parent, std::string_view name);

}  // namespace cqdt::exchange::internal
