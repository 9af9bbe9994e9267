// `cqdt doc register-incoming|list|show` (issue 10, item 2): the operator registers a document
// that arrived (a PDF or scan, checked by content like an upload), and lists or shows an
// agency's incoming documents. The CLI acts as the staff account named by --as (a clerk of the
// agency to register: the register and the timeline name a person, Decree 30 art. 22), with that
// account's rights. Bad input exits 2 with one line "Vietnamese / English" on stderr.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "core/agency_code.hpp"
#include "core/text.hpp"
#include "documents/incoming_service.hpp"
#include "services.hpp"
#include "signing_cli.hpp"

namespace cqdt::app {
namespace {

struct IncomingArgs {
  std::string file, agency, sender, number, date, subject, state, as;
  int type = 0;
  std::int64_t id = 0;
  bool confirm_duplicate = false;
  bool json = false;
};

nlohmann::json Json(const documents::Document& d) {
  return {{"id", d.id.value()},
          {"state", d.state},
          {"arrivalNumber", d.arrival_number},
          {"arrivalDate", d.arrival_date},
          {"numberText", d.number_text},
          {"issuedDate", d.issued_date},
          {"senderName", d.sender_name},
          {"subject", d.subject},
          {"typeOrdinal", d.type_ordinal},
          {"dueDate", d.due_date},
          {"version", d.version}};
}

}  // namespace

CommandRunner AddIncomingDocCommands(CLI::App* doc) {
  auto a = std::make_shared<IncomingArgs>();
  auto* reg = doc->add_subcommand("register-incoming",
                                  "Vào sổ văn bản đến / register an incoming document");
  reg->add_option("file", a->file, "Tệp PDF hoặc ảnh quét / PDF or scanned image")->required();
  reg->add_option("--agency", a->agency, "Mã cơ quan nhận / receiving agency code")->required();
  reg->add_option("--sender", a->sender, "Cơ quan gửi / sender")->required();
  reg->add_option("--number", a->number, "Số, ký hiệu (05/QĐ-UBND) / number and notation")
      ->required();
  reg->add_option("--date", a->date, "Ngày ban hành YYYY-MM-DD / issue date")->required();
  reg->add_option("--subject", a->subject, "Trích yếu / subject");
  reg->add_option("--type", a->type, "Loại văn bản 1..29 / document type ordinal");
  reg->add_flag("--confirm-duplicate", a->confirm_duplicate,
                "Vẫn vào sổ khi trùng / register even if it looks like a duplicate");
  reg->add_flag("--json", a->json, "In JSON / print JSON");
  reg->add_option("--as", a->as, "Tài khoản cán bộ thực hiện / the staff account acting")
      ->required();
  auto* list =
      doc->add_subcommand("list", "Văn bản đến của cơ quan / an agency's incoming documents");
  list->add_option("--agency", a->agency, "Mã cơ quan / agency code")->required();
  list->add_option("--state", a->state, "Trạng thái / state");
  list->add_flag("--json", a->json, "In JSON / print JSON");
  list->add_option("--as", a->as, "Tài khoản cán bộ thực hiện / the staff account acting")
      ->required();
  auto* show = doc->add_subcommand("show", "Một văn bản đến / one incoming document");
  show->add_option("id", a->id, "Mã văn bản / document id")->required();
  show->add_option("--agency", a->agency, "Mã cơ quan / agency code")->required();
  show->add_flag("--json", a->json, "In JSON / print JSON");
  show->add_option("--as", a->as, "Tài khoản cán bộ thực hiện / the staff account acting")
      ->required();

  return [=](const Config& config) -> std::optional<int> {
    if (!reg->parsed() && !list->parsed() && !show->parsed()) {
      return std::nullopt;
    }
    // Untrusted input: check shapes before opening anything.
    if (!ParseAgencyCode(a->agency)) {
      return Usage("Mã định danh cơ quan không đúng định dạng (ví dụ 000.00.00.H01): " + a->agency,
                   "the agency code is malformed (e.g. 000.00.00.H01)");
    }
    std::string bytes;
    if (reg->parsed()) {
      if (!ParseIsoDate(a->date)) {
        return Usage("Ngày ban hành phải có dạng YYYY-MM-DD: " + a->date,
                     "the issue date must be YYYY-MM-DD");
      }
      std::ifstream in(a->file, std::ios::binary);
      if (!in) {
        return Usage("Không đọc được tệp " + a->file, "the file cannot be read");
      }
      std::ostringstream buffer;
      buffer << in.rdbuf();
      bytes = buffer.str();
    }
    auto opened = Services::Open(config);
    if (!opened) {
      return ExitFor(opened.error());
    }
    auto& s = **opened;
    auto tx = s.db->Begin();
    auto agency = s.agencies->GetByCode(tx, a->agency);
    if (!agency) {
      return Usage("Không có cơ quan với mã " + a->agency, "no agency has this code");
    }
    auto user = s.identity->GetUserByUsername(tx, a->as);
    if (!user || user->disabled || user->agency_id != agency->id) {
      return Usage("Không có tài khoản cán bộ " + a->as + " đang hoạt động ở cơ quan này",
                   "no active staff account of this agency has this username");
    }
    identity::Principal office = identity::StaffPrincipalOf(*user);
    audit::Actor actor = CommandLineActor();
    actor.user_id = user->id;
    actor.name = user->username;
    actor.agency_id = agency->id;
    if (reg->parsed()) {
      std::string name = std::filesystem::path(a->file).filename().string();
      auto file = s.document_files->Upload(tx, actor, agency->id, name, bytes, "");
      if (!file) {
        return ExitFor(file.error());
      }
      documents::IncomingInput in;
      in.agency_id = agency->id;
      in.type_ordinal = a->type;
      in.number_text = a->number;
      in.issued_date = a->date;
      in.sender_name = a->sender;
      in.subject = a->subject.empty() ? name : a->subject;
      in.confirm_duplicate = a->confirm_duplicate;
      in.file_ids = {file->id};
      auto out = s.incoming->Register(tx, actor, office, in);
      if (!out) {
        return ExitFor(out.error());
      }
      if (!out->document) {
        return Usage(
            "Văn bản có thể đã được vào sổ (trùng cơ quan gửi, số, ký hiệu, ngày); "
            "dùng --confirm-duplicate để vẫn vào sổ.",
            "the document may be registered already; use --confirm-duplicate");
      }
      if (auto st = tx.Commit(); !st) {
        return ExitFor(st.error());
      }
      if (a->json) {
        PrintJson(Json(*out->document), 2);
      } else {
        std::printf("%lld  số đến / arrival no. %d  %s\n",
                    static_cast<long long>(out->document->id.value()),
                    out->document->arrival_number, out->document->number_text.c_str());
      }
      return 0;
    }
    if (list->parsed()) {
      documents::ListFilter filter;
      filter.state = a->state;
      filter.limit = 200;
      auto items = s.incoming->List(tx, office, filter);
      if (!items) {
        return ExitFor(items.error());
      }
      nlohmann::json out = nlohmann::json::array();
      for (const auto& d : *items) {
        if (a->json) {
          out.push_back(Json(d));
        } else {
          std::printf("%-6lld %5d  %s  %-16s %-12s %s\n", static_cast<long long>(d.id.value()),
                      d.arrival_number, d.arrival_date.c_str(), d.number_text.c_str(),
                      d.state.c_str(), d.subject.c_str());
        }
      }
      if (a->json) {
        PrintJson({{"items", out}}, 2);
      }
      return 0;
    }
    auto d = s.incoming->Get(tx, office, documents::DocumentId(a->id));
    if (!d || d->agency_id != agency->id) {
      return Usage("Không có văn bản đến " + std::to_string(a->id) + " ở cơ quan này",
                   "no such incoming document in this agency");
    }
    if (a->json) {
      PrintJson(Json(*d), 2);
    } else {
      std::printf("%s\n", Json(*d).dump(2).c_str());
    }
    return 0;
  };
}

}  // namespace cqdt::app
