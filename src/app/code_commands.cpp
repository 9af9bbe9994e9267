// `cqdt code ...` (issue 3): explain official identifiers. Each command prints one plain line (or
// the JSON of GET /api/v1/codes/... with --json); invalid input exits 2 with one line, Vietnamese
// then English. No configuration or database is needed.
#include <cstdio>
#include <memory>
#include <string>

#include "api/code_json.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "core/agency_code.hpp"
#include "core/document_number.hpp"
#include "core/dossier_code.hpp"
#include "core/level_one_agency.hpp"

namespace cqdt::app {
namespace {

std::string OrDash(const std::string& s) { return s.empty() ? "-" : s; }

// The English half of the one-line refusal, by command and reason code of the FieldError.
std::string EnglishReason(const std::string& what, const std::string& code) {
  if (what == "agency") {
    return "invalid agency code (expected DDD.CC.BB.AXX, e.g. 000.00.00.H01, or QĐ 20/2020 "
           "layout, e.g. H01.17)";
  }
  if (what == "dossier") {
    if (code == "agency") {
      return "the agency part must be a QCVN 102 code DDD.CC.BB.AXX";
    }
    if (code == "date") {
      return "no such receipt date (YYMMDD)";
    }
    if (code == "sequence") {
      return "the daily sequence must be 0001-9999";
    }
    return "invalid dossier code (expected <agency>-<YYMMDD>-<NNNN>, e.g. "
           "000.00.04.H40-230414-0002)";
  }
  if (code == "number") {
    return "the document number must be a positive integer";
  }
  if (code == "issuer") {
    return "the notation lacks the issuing agency (e.g. QĐ-UBND)";
  }
  return "invalid document number (expected <number>/<notation>, e.g. 05/QĐ-UBND or 15/UBND-VP)";
}

int Refuse(const Error& e, const std::string& what) {
  std::string vi = e.fields().empty() ? e.message() : e.fields().front().message;
  std::string code = e.fields().empty() ? "" : e.fields().front().code;
  std::fprintf(stderr, "cqdt: %s / %s\n", vi.c_str(), EnglishReason(what, code).c_str());
  return kExitUsage;
}

int PrintLine(const std::string& line) {
  std::printf("%s\n", line.c_str());
  return 0;
}

// `<layout> <level> <parent|-> <level-1 code> <level-1 name|-> [(ngừng sử dụng / inactive)]`
int ExplainAgency(const std::string& text, const std::string& layout_name, bool as_json) {
  std::optional<AgencyCodeLayout> layout;
  if (!layout_name.empty()) {
    layout = AgencyCodeLayoutFromName(layout_name);  // CLI11 checked the word
  }
  auto code = ParseAgencyCode(text, "code", layout);
  if (!code) {
    return Refuse(code.error(), "agency");
  }
  if (as_json) {
    return PrintLine(api::AgencyCodeJson(*code));
  }
  auto level_one = LevelOneCodeOf(*code);
  const auto* entry = FindLevelOneAgency(level_one);
  std::string line = std::string(AgencyCodeLayoutName(code->layout)) + " " +
                     std::to_string(code->Depth()) + " " + OrDash(code->ParentText()) + " " +
                     level_one + " " + (entry ? entry->name : "-");
  if (entry && !entry->active) {
    line += " (ngừng sử dụng / inactive)";
  }
  return PrintLine(line);
}

// `<agency code> <YYYY-MM-DD> <sequence>`
int ExplainDossier(const std::string& text, bool as_json) {
  auto code = ParseDossierCode(text);
  if (!code) {
    return Refuse(code.error(), "dossier");
  }
  if (as_json) {
    return PrintLine(api::DossierCodeJson(*code));
  }
  return PrintLine(code->agency_code + " " + FormatIsoDate(code->received) + " " +
                   std::to_string(code->sequence));
}

// `<number> <year|-> <type abbreviation|-> <issuer> <unit|-> <type name|->`
int ExplainDocumentNumber(const std::string& text, bool as_json) {
  auto number = ParseDocumentNumber(text);
  if (!number) {
    return Refuse(number.error(), "document-number");
  }
  if (as_json) {
    return PrintLine(api::DocumentNumberJson(*number));
  }
  const auto* type = number->Type();
  return PrintLine(std::to_string(number->number) + " " +
                   (number->year ? std::to_string(*number->year) : "-") + " " +
                   OrDash(number->type_abbreviation) + " " + number->issuer + " " +
                   OrDash(number->unit) + " " + (type ? type->name : "-"));
}

}  // namespace

CommandRunner AddCodeCommands(CLI::App& app) {
  struct State {
    std::string agency, agency_layout, dossier, document_number;
    bool json = false;
    CLI::App* agency_cmd = nullptr;
    CLI::App* dossier_cmd = nullptr;
    CLI::App* document_cmd = nullptr;
  };
  auto state = std::make_shared<State>();
  auto* code = app.add_subcommand("code", "Phân tích mã và số hiệu / explain official codes");
  code->require_subcommand(1);
  code->fallthrough();
  auto add = [&](const char* name, const char* help, const char* arg_help, std::string& target) {
    auto* c = code->add_subcommand(name, help);
    c->fallthrough();
    c->add_option("value", target, arg_help)->required();
    c->add_flag("--json", state->json, "In JSON / print JSON");
    return c;
  };
  state->agency_cmd =
      add("agency",
          "Mã định danh cơ quan: in kiểu, cấp, mã cấp trên, mã và tên cấp 1 / agency code: prints "
          "layout, level, parent code, level-1 code and name",
          "Mã định danh / agency code, e.g. 000.00.04.H40 or H40.17", state->agency);
  state->agency_cmd
      ->add_option("--layout", state->agency_layout,
                   "Chỉ đọc theo một kiểu mã: qcvn102 hoặc decision20 (hai kiểu có mã trùng dạng, "
                   "vd. G22.01.01.B01) / read in one layout only")
      ->check(CLI::IsMember({"qcvn102", "decision20"}));
  state->dossier_cmd =
      add("dossier",
          "Mã hồ sơ: in mã cơ quan, ngày tiếp nhận, số thứ tự / dossier code: prints agency code, "
          "date and sequence",
          "Mã hồ sơ / dossier code, e.g. 000.00.04.H40-230414-0002", state->dossier);
  state->document_cmd =
      add("document-number",
          "Số, ký hiệu văn bản: in số, năm, loại, cơ quan, đơn vị, tên loại / document number: "
          "prints number, year, type, issuer, unit, type name",
          "Số, ký hiệu / number and notation, e.g. 05/QĐ-UBND", state->document_number);
  return [state](const Config&) -> std::optional<int> {
    if (state->agency_cmd->parsed()) {
      return ExplainAgency(state->agency, state->agency_layout, state->json);
    }
    if (state->dossier_cmd->parsed()) {
      return ExplainDossier(state->dossier, state->json);
    }
    if (state->document_cmd->parsed()) {
      return ExplainDocumentNumber(state->document_number, state->json);
    }
    return std::nullopt;
  };
}

}  // namespace cqdt::app
