// The checks of one import row (import_service.hpp). Every value is untrusted text from a file
// a past system wrote: each is checked, and each problem names the row and the field.
#include <algorithm>
#include <cctype>
#include <initializer_list>

#include <soci/soci.h>

#include "core/document_number.hpp"
#include "core/text.hpp"
#include "db/statement.hpp"
#include "import_internal.hpp"
#include "text/normalize.hpp"

namespace cqdt::documents::import_internal {
namespace {

constexpr std::size_t kMaxFilesPerRow = 20;

std::string Fold(const std::string& s) {
  auto folded = text::FoldForSearch(s);
  return folded ? Trim(*folded) : AsciiLower(Trim(s));
}

// An enumeration given by its code ("very_urgent") or its Vietnamese label ("Thượng khẩn").
template <typename E>
std::optional<E> ParseCodeOrLabel(const std::string& value, std::initializer_list<E> all,
                                  const char* (*name)(E), const char* (*label)(E)) {
  const std::string folded = Fold(value);
  for (E e : all) {
    if (value == name(e) || folded == Fold(label(e))) {
      return e;
    }
  }
  return std::nullopt;
}

std::optional<Direction> ParseDirectionText(const std::string& value) {
  if (auto d = ParseDirection(value)) {
    return d;
  }
  // i18n: Vietnamese only — the words past systems write for the direction.
  const std::string f = Fold(value);
  if (f == "den" || f == "van ban den" || f == Fold(DirectionLabel(Direction::kIncoming))) {
    return Direction::kIncoming;
  }
  if (f == "di" || f == "van ban di" || f == Fold(DirectionLabel(Direction::kOutgoing))) {
    return Direction::kOutgoing;
  }
  // i18n: end
  return std::nullopt;
}

// The type: its ordinal (1..29), its abbreviation ("QĐ") or its name ("Quyết định").
const DocumentType* ParseType(const std::string& value) {
  if (!value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return value.size() <= 2 ? FindDocumentTypeByOrdinal(std::stoi(value)) : nullptr;
  }
  if (const auto* t = FindDocumentTypeByAbbreviation(value)) {
    return t;
  }
  const std::string folded = Fold(value);
  for (const auto& t : AdministrativeDocumentTypes()) {
    if (Fold(t.name) == folded) {
      return &t;
    }
  }
  return nullptr;
}

std::optional<int> ParseCount(const std::string& value, int max) {
  if (value.empty() || value.size() > 6 || !std::all_of(value.begin(), value.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return std::nullopt;
  }
  const int n = std::stoi(value);
  return n <= max ? std::optional<int>(n) : std::nullopt;
}

std::vector<std::string> SplitFiles(const std::string& value) {
  std::vector<std::string> out;
  std::string current;
  for (char c : value + ";") {
    if (c == ';' || c == '|' || c == '\n') {
      std::string t = Trim(current);
      if (!t.empty()) {
        out.push_back(t);
      }
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

const std::vector<Register>& RegistersOf(CheckContext& ctx, AgencyId agency) {
  auto it = ctx.registers_by_agency.find(agency.value());
  if (it == ctx.registers_by_agency.end()) {
    auto list = ctx.registers.List(ctx.tx, agency);
    it = ctx.registers_by_agency
             .emplace(agency.value(), list ? std::move(*list) : std::vector<Register>{})
             .first;
  }
  return it->second;
}

// The open work record of `agency` whose file code (OrganId.FileCatalog.FileNotation) is
// `code`; unset when there is none, `open` false when it is closed.
WorkRecordId FindRecord(db::Transaction& tx, AgencyId agency, const std::string& code, bool& open) {
  long long id = 0, agency_key = agency.value();
  std::string state;
  std::string organ, notation;
  int catalog = 0;
  auto st = db::Prepare(tx,
                        "SELECT id, organ_id, file_catalog, notation, state FROM documents_record"
                        " WHERE agency_id = :a",
                        soci::into(id), soci::into(organ), soci::into(catalog),
                        soci::into(notation), soci::into(state), soci::use(agency_key));
  st->execute(false);
  while (st->fetch()) {
    if (organ + "." + std::to_string(catalog) + "." + notation == code) {
      open = state == "open";
      return WorkRecordId(id);
    }
  }
  return WorkRecordId();
}

}  // namespace

std::optional<std::string> NormalizeDate(const std::string& text) {
  if (ParseIsoDate(text)) {
    return text;
  }
  // D/M/YYYY, as Vietnamese spreadsheets write dates.
  int d = 0, m = 0, y = 0;
  char s1 = 0, s2 = 0, rest = 0;
  if (std::sscanf(text.c_str(), "%2d%c%2d%c%4d%c", &d, &s1, &m, &s2, &y, &rest) == 5 && s1 == s2 &&
      (s1 == '/' || s1 == '-' || s1 == '.') && y >= 1900) {
    const std::string iso = FormatIsoDate(Date{y, m, d});
    if (ParseIsoDate(iso)) {
      return iso;
    }
  }
  return std::nullopt;
}

std::optional<DocumentId> FindImported(db::Transaction& tx, AgencyId agency, Direction direction,
                                       const std::string& key) {
  long long agency_key = agency.value(), document = 0;
  std::string dir = DirectionName(direction);
  auto st =
      db::Prepare(tx,
                  "SELECT document_id FROM documents_import WHERE agency_id = :a"
                  " AND direction = :d AND legacy_key = :k",
                  soci::into(document), soci::use(agency_key), soci::use(dir), soci::use(key));
  st->execute(false);
  if (st->fetch()) {
    return DocumentId(document);
  }
  return std::nullopt;
}

std::optional<PreparedRow> CheckRow(CheckContext& ctx, const ImportRecord& rec,
                                    std::vector<ImportProblem>& problems) {
  const std::size_t before = problems.size();
  auto problem = [&](const char* field, std::string message) {
    problems.push_back({rec.row, field, std::move(message)});
  };
  auto text = [&](const char* field, const char* label, std::size_t min, std::size_t max) {
    std::string v = rec.Get(field);
    const std::size_t n = CodePointCount(v);
    if (HasControlChars(v) && std::string(field) != "subject") {
      problem(field, std::string("Cột '") + field + "' (" + label + ") có ký tự điều khiển.");
    } else if (n < min || n > max) {
      problem(field, std::string("Cột '") + field + "' (" + label + ") phải có từ " +
                         std::to_string(min) + " đến " + std::to_string(max) + " ký tự.");
    }
    return v;
  };
  auto date = [&](const char* field, bool required) -> std::string {
    const std::string v = rec.Get(field);
    if (v.empty()) {
      if (required) {
        problem(field, std::string("Cột '") + field + "' không được để trống.");
      }
      return "";
    }
    auto iso = NormalizeDate(v);
    if (!iso) {
      problem(field, std::string("Cột '") + field +
                         "' phải là ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY: '" + v + "'.");
      return "";
    }
    if (*iso > ctx.today) {
      problem(field, std::string("Cột '") + field + "' là một ngày trong tương lai: " + *iso + ".");
    }
    return *iso;
  };

  PreparedRow out;
  out.row = rec.row;
  Document& d = out.document;

  const auto direction = ParseDirectionText(rec.Get("direction"));
  if (!direction) {
    problem("direction", "Cột 'direction' phải là incoming (đến) hoặc outgoing (đi).");
  } else {
    d.direction = *direction;
  }
  const std::string agency_code = rec.Get("agencyCode");
  std::optional<org::Agency> agency;
  if (agency_code.empty()) {
    problem("agencyCode", "Cột 'agencyCode' (mã định danh cơ quan) không được để trống.");
  } else {
    auto cached = ctx.agencies_by_code.find(agency_code);
    if (cached == ctx.agencies_by_code.end()) {
      auto got = ctx.agencies.GetByCode(ctx.tx, agency_code);
      cached =
          ctx.agencies_by_code.emplace(agency_code, got ? std::optional(*got) : std::nullopt).first;
    }
    agency = cached->second;
    if (!agency) {
      problem("agencyCode", "Không có cơ quan mã " + agency_code + " trong danh bạ.");
    } else {
      d.agency_id = agency->id;
    }
  }

  // The number as issued: parsed to check its shape and find the type, kept as written.
  const std::string number_text = rec.Get("numberText");
  if (number_text.empty()) {
    problem("numberText", "Cột 'numberText' (số, ký hiệu) không được để trống.");
  } else if (auto parsed = ParseDocumentNumber(number_text, "numberText"); !parsed) {
    for (const auto& f : parsed.error().fields()) {
      problem("numberText", f.message);
    }
  } else {
    d.number = parsed->number;
    d.notation = parsed->Notation();
    d.number_text = Trim(number_text);
    if (parsed->Type() != nullptr) {
      d.type_ordinal = parsed->Type()->ordinal;
    }
  }
  if (const std::string type = rec.Get("type"); !type.empty()) {
    if (const auto* t = ParseType(type)) {
      d.type_ordinal = t->ordinal;
    } else {
      problem("type", "Cột 'type': '" + type +
                          "' không phải loại văn bản của Nghị định 30/2020 (tên, chữ viết tắt "
                          "hoặc số thứ tự 1 đến 29).");
    }
  } else if (d.type_ordinal == 0 && !number_text.empty()) {
    problem("type",
            "Cột 'type' (loại văn bản) không được để trống khi ký hiệu không cho biết loại.");
  }

  d.issued_date = date("issuedDate", true);
  d.subject = Trim(text("subject", "trích yếu", 1, 500));
  d.signer_name = text("signerName", "người ký", 0, 200);
  d.signer_position = text("signerPosition", "chức vụ người ký", 0, 200);
  d.description = text("description", "ghi chú", 0, 1000);
  d.to_places = text("toPlaces", "nơi nhận", 0, 1000);
  d.due_date = date("dueDate", false);
  if (const std::string pages = rec.Get("pageCount"); !pages.empty()) {
    if (auto n = ParseCount(pages, 10000)) {
      d.page_count = *n;
    } else {
      problem("pageCount", "Cột 'pageCount' (số trang) phải là số từ 0 đến 10000.");
    }
  }
  if (const std::string v = rec.Get("urgency"); !v.empty()) {
    auto u = ParseCodeOrLabel<Urgency>(
        v, {Urgency::kNormal, Urgency::kUrgent, Urgency::kVeryUrgent, Urgency::kExpress},
        UrgencyName, UrgencyLabel);
    if (u) {
      d.urgency = *u;
    } else {
      problem("urgency", "Cột 'urgency' (độ khẩn) phải là Thường, Khẩn, Thượng khẩn hoặc Hỏa tốc.");
    }
  }
  if (const std::string v = rec.Get("confidentiality"); !v.empty()) {
    auto c =
        ParseCodeOrLabel<Confidentiality>(v,
                                          {Confidentiality::kNone, Confidentiality::kConfidential,
                                           Confidentiality::kSecret, Confidentiality::kTopSecret},
                                          ConfidentialityName, ConfidentialityLabel);
    if (c) {
      d.confidentiality = *c;
    } else {
      problem("confidentiality",
              "Cột 'confidentiality' (độ mật) phải là Không mật, Mật, Tối mật hoặc Tuyệt mật.");
    }
  }
  if (const std::string v = rec.Get("channel"); !v.empty()) {
    auto c = ParseCodeOrLabel<Channel>(
        v, {Channel::kPaper, Channel::kElectronic, Channel::kInternal}, ChannelName, ChannelLabel);
    if (c) {
      d.channel = *c;
    } else {
      problem("channel", "Cột 'channel' (hình thức) phải là Bản giấy, Điện tử hoặc Nội bộ.");
    }
  }

  // The state: a finished document by default (the past is done), or one of the states that
  // need no route or draft behind them.
  const std::string state = rec.Get("state");
  if (direction == Direction::kIncoming) {
    d.state = state.empty() ? IncomingStateName(IncomingState::kCompleted) : state;
    if (d.state != IncomingStateName(IncomingState::kCompleted) &&
        d.state != IncomingStateName(IncomingState::kRegistered)) {
      problem("state", "Cột 'state' của văn bản đến phải là completed hoặc registered.");
    }
    d.sender_name = text("senderName", "cơ quan ban hành", 1, 300);
    d.arrival_date = date("arrivalDate", false);
    if (d.arrival_date.empty()) {
      d.arrival_date = d.issued_date;
    } else if (!d.issued_date.empty() && d.arrival_date < d.issued_date) {
      problem("arrivalDate", "Cột 'arrivalDate' (ngày đến) không được trước ngày ban hành.");
    }
    if (const std::string v = rec.Get("arrivalNumber"); !v.empty()) {
      if (auto n = ParseCount(v, 9999999); n && *n > 0) {
        d.arrival_number = *n;
      } else {
        problem("arrivalNumber", "Cột 'arrivalNumber' (số đến) phải là số nguyên dương.");
      }
    }
  } else if (direction == Direction::kOutgoing) {
    d.state = state.empty() ? OutgoingStateName(OutgoingState::kReleased) : state;
    if (d.state != OutgoingStateName(OutgoingState::kReleased) &&
        d.state != OutgoingStateName(OutgoingState::kNumbered)) {
      problem("state", "Cột 'state' của văn bản đi phải là released hoặc numbered.");
    }
    if (!rec.Get("arrivalDate").empty() || !rec.Get("arrivalNumber").empty()) {
      problem("arrivalDate", "Văn bản đi không có ngày đến và số đến.");
    }
  }

  // The register: by id or name, of the row's agency and direction; a confidential document
  // only in a confidential register and the other way round (Decree 30/2020 art. 15.4).
  if (const std::string reg = rec.Get("register"); !reg.empty() && agency && direction) {
    const Register* found = nullptr;
    for (const auto& r : RegistersOf(ctx, agency->id)) {
      if (r.direction == *direction &&
          (std::to_string(r.id.value()) == reg || Fold(r.name) == Fold(reg))) {
        found = &r;
        break;
      }
    }
    if (found == nullptr) {
      problem("register", "Cơ quan " + agency_code + " không có sổ '" + reg + "' cho " +
                              DirectionLabel(*direction) + ".");
    } else if (IsConfidential(d.confidentiality) != (found->kind == RegisterKind::kConfidential)) {
      problem("register", IsConfidential(d.confidentiality)
                              ? "Văn bản mật phải vào sổ văn bản mật."
                              : "Sổ văn bản mật chỉ dành cho văn bản mật.");
    } else {
      out.register_id = found->id;
    }
  }

  const std::string legacy_id = text("legacyId", "mã gốc", 0, 200);
  out.key = !legacy_id.empty() ? "id:" + legacy_id
                               : "n:" + d.number_text + "|" + d.issued_date + "|" +
                                     (direction == Direction::kIncoming ? Fold(d.sender_name) : "");

  // The files: safe relative paths of the package, each checked by content like an upload.
  const auto files = SplitFiles(rec.Get("files"));
  if (files.size() > kMaxFilesPerRow) {
    problem("files", "Cột 'files' có tối đa 20 tệp.");
  } else if (!files.empty() && ctx.files == nullptr) {
    problem("files",
            "Cột 'files' nêu tệp nhưng chỉ có tệp danh sách: hãy gửi thư mục hoặc gói "
            "ZIP chứa cả các tệp.");
  } else if (!files.empty() && IsConfidential(d.confidentiality) && !ctx.confidential_files) {
    problem("files", "Máy chủ này không lưu tệp của văn bản mật: nhập văn bản mật không kèm tệp.");
  } else {
    for (const auto& path : files) {
      if (!IsSafeImportPath(path)) {
        problem("files", "Đường dẫn tệp '" + path +
                             "' không hợp lệ: chỉ dùng đường dẫn tương đối bên trong gói.");
        continue;
      }
      auto bytes = ctx.files->Read(path);
      if (!bytes) {
        problem("files", bytes.error().code() == ErrorCode::kNotFound
                             ? "Không có tệp '" + path + "' trong gói."
                             : "Tệp '" + path + "': " + bytes.error().message());
        continue;
      }
      if (auto content = DetectContent(*bytes); !content) {
        problem("files", "Tệp '" + path + "': " + content.error().message());
        continue;
      }
      out.files.push_back(path);
    }
  }

  if (const std::string code = rec.Get("recordFileCode"); !code.empty() && agency) {
    bool open = false;
    out.record_id = FindRecord(ctx.tx, agency->id, code, open);
    if (!out.record_id.IsSet()) {
      problem("recordFileCode", "Cơ quan " + agency_code + " không có hồ sơ mã " + code + ".");
    } else if (!open) {
      problem("recordFileCode", "Hồ sơ " + code + " đã đóng, không đưa thêm văn bản được.");
    }
  }

  if (problems.size() != before) {
    return std::nullopt;
  }
  return out;
}

}  // namespace cqdt::documents::import_internal
