// A realistic month of documents for the demo province (issue 10): incoming documents from
// ministries and the province at every stage of their processing (some overdue, some due soon,
// two confidential register entries), and outgoing drafts at every stage of their review; with
// the demo PKI, some signed by the director and issued by the clerk with the number, the date and
// the seal. Everything goes through the same use cases as the API, acting as the demo users.
#include "demo_documents.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "core/lunar_calendar.hpp"
#include "core/text.hpp"
#include "core/working_calendar.hpp"
#include "documents/assignment_service.hpp"
#include "documents/review_service.hpp"
#include "pdf/pdf.hpp"

namespace cqdt::app {
namespace {

constexpr char kDemoPassword[] = "CqdtDemo@2026";

// Where an incoming document stops.
enum class Stage { kRegistered, kSubmitted, kAssigned, kAccepted, kCompleted, kReturned };

struct IncomingSpec {
  const char* agency;  // receiving agency code
  const char* sender;  // free text, or an agency code of the directory ("000.…")
  int type;            // Decree 30 ordinal
  const char* number;
  int issued_days_ago;
  int arrival_days_ago;
  const char* subject;
  const char* urgency;
  const char* confidentiality;
  Stage stage;
  int due_in_days;  // relative to today (negative: overdue); for assigned stages
};

constexpr char kSnv[] = "000.00.01.H01";
constexpr char kRachGia[] = "000.00.41.H01";

constexpr IncomingSpec kIncoming[] = {
    {kSnv, "Bộ Nội vụ", 18, "4512/BNV-CCHC", 30, 28,
     "Hướng dẫn đánh giá Chỉ số cải cách hành chính năm 2026", "normal", "none", Stage::kCompleted,
     -10},
    {kSnv, "000.00.00.H01", 10, "215/KH-UBND", 27, 26,
     "Kế hoạch tuyên truyền cải cách hành chính tỉnh An Giang năm 2027", "normal", "none",
     Stage::kCompleted, -5},
    {kSnv, "Văn phòng Chính phủ", 18, "8821/VPCP-KSTT", 25, 24,
     "Triển khai cung cấp dịch vụ công trực tuyến toàn trình", "urgent", "none", Stage::kAccepted,
     -3},
    {kSnv, "000.00.00.H01", 2, "1890/QĐ-UBND", 22, 21,
     "Quyết định công bố danh mục thủ tục hành chính lĩnh vực nội vụ", "normal", "none",
     Stage::kAssigned, -1},
    {kSnv, "Bộ Nội vụ", 8, "37/HD-BNV", 20, 19,
     "Hướng dẫn xác định vị trí việc làm trong cơ quan hành chính cấp xã", "normal", "none",
     Stage::kAccepted, 1},
    {kSnv, "Sở Tài chính tỉnh An Giang", 18, "3120/STC-QLNS", 18, 17,
     "Lập dự toán ngân sách năm 2027 của Sở Nội vụ", "urgent", "none", Stage::kAssigned, 2},
    {kSnv, "000.00.00.H01", 7, "402/TB-UBND", 15, 14,
     "Thông báo kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tháng 11", "normal", "none",
     Stage::kAccepted, 6},
    {kSnv, "Văn phòng Chính phủ", 19, "12/CĐ-TTg", 10, 10,
     "Công điện về ứng phó triều cường và sạt lở bờ sông", "express", "none", Stage::kCompleted,
     -8},
    {kSnv, "Bộ Nội vụ", 23, "89/GM-BNV", 8, 7,
     "Giấy mời dự Hội nghị trực tuyến tổng kết công tác nội vụ năm 2026", "very_urgent", "none",
     Stage::kAssigned, 3},
    {kSnv, "000.00.00.H01", 18, "5633/UBND-VP", 6, 5,
     "Góp ý dự thảo Quy chế làm việc của UBND tỉnh nhiệm kỳ 2026-2031", "normal", "none",
     Stage::kAssigned, 8},
    {kSnv, "Ban Cơ yếu Chính phủ", 18, "77/BCY-CTSBMTT", 5, 4,
     "Cấp chứng thư số chuyên dùng cho cán bộ, công chức năm 2027", "normal", "none",
     Stage::kSubmitted, 0},
    {kSnv, "Bộ Nội vụ", 14, "15/BC-BNV", 4, 3, "Báo cáo tình hình thực hiện chính quyền hai cấp",
     "normal", "confidential", Stage::kRegistered, 0},
    {kSnv, "Phường Rạch Giá", 16, "98/TTr-UBND", 3, 2,
     "Tờ trình đề nghị bổ sung biên chế công chức cấp xã năm 2027", "normal", "none",
     Stage::kSubmitted, 0},
    {kSnv, "Công ty TNHH Tin học Miền Tây", 18, "26/2026/CV-MT", 3, 2,
     "Đề nghị giới thiệu giải pháp phần mềm quản lý văn bản", "normal", "none", Stage::kReturned,
     0},
    {kSnv, "000.00.00.H01", 3, "09/CT-UBND", 2, 1,
     "Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính dịp cuối năm", "urgent", "none",
     Stage::kRegistered, 0},
    {kSnv, "Sở Tư pháp tỉnh An Giang", 18, "2281/STP-VBQPPL", 1, 0,
     "Đề nghị rà soát văn bản quy phạm pháp luật lĩnh vực nội vụ", "normal", "none",
     Stage::kRegistered, 0},
    {kRachGia, "000.00.00.H01", 10, "221/KH-UBND", 24, 23, "Kế hoạch chuyển đổi số cấp xã năm 2027",
     "normal", "none", Stage::kCompleted, -9},
    {kRachGia, "Sở Nội vụ tỉnh An Giang", 8, "41/HD-SNV", 16, 15,
     "Hướng dẫn sắp xếp, bố trí công chức cấp xã sau hợp nhất", "normal", "none", Stage::kAccepted,
     -2},
    {kRachGia, "Sở Xây dựng tỉnh An Giang", 18, "1702/SXD-QLXD", 9, 8,
     "Tăng cường quản lý trật tự xây dựng trên địa bàn phường", "urgent", "none", Stage::kAssigned,
     1},
    {kRachGia, "000.00.00.H01", 7, "415/TB-UBND", 4, 3,
     "Thông báo lịch tiếp công dân của lãnh đạo UBND tỉnh tháng 12", "normal", "none",
     Stage::kSubmitted, 0},
    {kRachGia, "Công an tỉnh An Giang", 14, "63/BC-CAT", 2, 1,
     "Báo cáo tình hình an ninh trật tự trên địa bàn", "normal", "secret", Stage::kRegistered, 0},
    {kRachGia, "Bảo hiểm xã hội tỉnh An Giang", 18, "905/BHXH-QLT", 1, 0,
     "Đôn đốc thu bảo hiểm xã hội, bảo hiểm y tế cuối năm", "normal", "none", Stage::kRegistered,
     0},
};

// Where an outgoing draft stops. kIssued and kSigned need the demo PKI.
enum class Draft { kDraft, kAtUnitHead, kAtSigner, kApproved, kSigned, kIssued };

struct OutgoingSpec {
  int type;
  const char* abbreviation;  // for the "Số: …/QĐ-SNV" line of the draft
  const char* title;         // the type's name, upper case
  const char* subject;
  const char* urgency;
  Draft stage;
};

constexpr OutgoingSpec kOutgoing[] = {
    {2, "QĐ", "QUYẾT ĐỊNH", "Về việc thành lập Tổ kiểm tra công tác cải cách hành chính năm 2026",
     "normal", Draft::kIssued},
    {10, "KH", "KẾ HOẠCH", "Kiểm tra công tác văn thư, lưu trữ tại các phường, xã năm 2027",
     "normal", Draft::kIssued},
    {7, "TB", "THÔNG BÁO", "Kết quả thẩm định Chỉ số cải cách hành chính các sở, ngành năm 2026",
     "urgent", Draft::kIssued},
    {14, "BC", "BÁO CÁO", "Kết quả thực hiện nhiệm vụ công tác nội vụ năm 2026", "normal",
     Draft::kSigned},
    {2, "QĐ", "QUYẾT ĐỊNH", "Về việc ban hành Quy chế văn hóa công vụ của Sở Nội vụ", "normal",
     Draft::kApproved},
    {8, "HD", "HƯỚNG DẪN", "Xây dựng đề án vị trí việc làm công chức cấp xã", "normal",
     Draft::kAtSigner},
    {10, "KH", "KẾ HOẠCH", "Tổ chức thi tuyển công chức cấp xã năm 2027", "urgent",
     Draft::kAtSigner},
    {16, "TTr", "TỜ TRÌNH", "Đề nghị phê duyệt kế hoạch đào tạo, bồi dưỡng cán bộ năm 2027",
     "normal", Draft::kAtUnitHead},
    {7, "TB", "THÔNG BÁO", "Lịch trực Tết Nguyên đán Đinh Mùi 2027", "normal", Draft::kAtUnitHead},
    {14, "BC", "BÁO CÁO", "Sơ kết thực hiện Đề án 06 tại Sở Nội vụ", "normal", Draft::kDraft},
    {10, "KH", "KẾ HOẠCH", "Số hóa hồ sơ lưu trữ lịch sử giai đoạn 2027-2030", "normal",
     Draft::kDraft},
};

// A scanned-looking page of an incoming document.
Result<std::string> IncomingPdf(const IncomingSpec& in, const std::string& sender) {
  pdf::TextDocument doc;
  doc.title = in.subject;
  doc.author = sender;
  doc.blocks = {
      {sender, 12, true, false, true},
      {std::string("Số: ") + in.number, 13, false, false, true},
      {"BẢN SAO ĐIỆN TỬ — DỮ LIỆU MẪU / DEMO", 11, false, true, true, 12},
      {in.subject, 14, true, false, true, 12},
      {"Nội dung văn bản mẫu phục vụ trình diễn hệ thống cqdt; không có giá trị pháp lý.", 13}};
  return pdf::RenderTextDocument(doc);
}

// A draft as an officer prepares it: the number and the date left blank for the clerk.
Result<std::string> DraftPdf(const OutgoingSpec& o, int year) {
  pdf::TextDocument doc;
  doc.title = o.subject;
  doc.author = "Sở Nội vụ tỉnh An Giang";
  doc.blocks = {
      {"UBND TỈNH AN GIANG", 12, false, false, true, 0},
      {"SỞ NỘI VỤ", 12, true, false, true, 8},
      {std::string("Số:          /") + o.abbreviation + "-SNV", 13, false, false, true, 4},
      {"An Giang, ngày       tháng       năm " + std::to_string(year), 13, false, true, true, 16},
      {o.title, 14, true, false, true, 2},
      {o.subject, 14, true, false, true, 14},
      {"Văn bản mẫu phục vụ trình diễn hệ thống cqdt; không có giá trị pháp lý.", 13},
      {"GIÁM ĐỐC", 13, true, false, false, 40},
      {"Nguyễn Văn Thành", 13, true}};
  return pdf::RenderTextDocument(doc);
}

struct Person {
  identity::User user;
  identity::Principal principal;
  audit::Actor actor;
};

Result<Person> PersonOf(Services& s, db::Transaction& tx, const std::string& username) {
  CQDT_ASSIGN_OR_RETURN(auto u, s.identity->GetUserByUsername(tx, username));
  Person p{u, identity::StaffPrincipalOf(u), {u.id, u.username, u.agency_id, "", "demo"}};
  return p;
}

std::string DaysFrom(const std::string& today, int days) {
  auto d = ParseIsoDate(today);
  return d ? FormatIsoDate(AddDays(*d, days)) : today;
}

// The clerk, the director and the officer of an agency, by its code.
struct Office {
  const char* agency;
  const char* clerk;
  const char* leader;
  const char* officer;
};
constexpr Office kOffices[] = {
    {kSnv, "vanthu.snv", "lanhdao.snv", "chuyenvien.snv"},
    {kRachGia, "vanthu.rachgia", "lanhdao.rachgia", "chuyenvien.rachgia"}};

const Office& OfficeOf(const char* agency) {
  for (const auto& o : kOffices) {
    if (std::string(o.agency) == agency) {
      return o;
    }
  }
  return kOffices[0];
}

Status LoadIncoming(Services& s, documents::AssignmentService& assignments,
                    const std::string& today, int& count) {
  for (const auto& in : kIncoming) {
    const Office& office = OfficeOf(in.agency);
    auto tx = s.db->Begin();
    CQDT_ASSIGN_OR_RETURN(Person clerk, PersonOf(s, tx, office.clerk));
    CQDT_ASSIGN_OR_RETURN(Person leader, PersonOf(s, tx, office.leader));
    CQDT_ASSIGN_OR_RETURN(Person officer, PersonOf(s, tx, office.officer));
    documents::IncomingInput ii;
    ii.agency_id = clerk.user.agency_id;
    ii.type_ordinal = in.type;
    ii.number_text = in.number;
    ii.issued_date = DaysFrom(today, -in.issued_days_ago);
    ii.arrival_date = DaysFrom(today, -in.arrival_days_ago);
    std::string sender = in.sender;
    if (sender.rfind("000.", 0) == 0) {
      CQDT_ASSIGN_OR_RETURN(auto agency, s.agencies->GetByCode(tx, sender));
      ii.sender_agency_id = agency.id;
      sender = agency.name;
    } else {
      ii.sender_name = sender;
    }
    ii.subject = in.subject;
    ii.urgency = in.urgency;
    ii.confidentiality = in.confidentiality;
    ii.page_count = 1;
    if (std::string(in.confidentiality) == "none") {
      // A confidential document keeps only its register entry (decision 0009): no file.
      CQDT_ASSIGN_OR_RETURN(std::string bytes, IncomingPdf(in, sender));
      CQDT_ASSIGN_OR_RETURN(auto file,
                            s.document_files->Upload(tx, clerk.actor, ii.agency_id,
                                                     std::string(in.number) + ".pdf", bytes, ""));
      ii.file_ids = {file.id};
    }
    CQDT_ASSIGN_OR_RETURN(auto outcome, s.incoming->Register(tx, clerk.actor, clerk.principal, ii));
    if (!outcome.document) {
      return Error::Internal();
    }
    documents::Document d = *outcome.document;
    if (in.stage == Stage::kReturned) {
      CQDT_ASSIGN_OR_RETURN(
          d, assignments.Submit(tx, clerk.actor, clerk.principal, d.id, d.version, leader.user.id));
      CQDT_ASSIGN_OR_RETURN(
          d, assignments.Return(tx, leader.actor, leader.principal, d.id, d.version,
                                "Văn bản giới thiệu sản phẩm thương mại, không thuộc thẩm quyền "
                                "xử lý của Sở; đề nghị văn thư lưu theo dõi."));
    } else if (in.stage != Stage::kRegistered) {
      CQDT_ASSIGN_OR_RETURN(
          d, assignments.Submit(tx, clerk.actor, clerk.principal, d.id, d.version, leader.user.id));
      if (in.stage != Stage::kSubmitted) {
        documents::AssignInput ai;
        ai.instruction = "Giao chuyên viên chủ trì tham mưu, báo cáo kết quả đúng hạn.";
        ai.assignees = {{officer.user.id, "lead"}};
        ai.due_date = DaysFrom(today, in.due_in_days);
        CQDT_ASSIGN_OR_RETURN(
            d, assignments.Assign(tx, leader.actor, leader.principal, d.id, d.version, ai));
      }
      if (in.stage == Stage::kAccepted || in.stage == Stage::kCompleted) {
        CQDT_ASSIGN_OR_RETURN(
            d, assignments.Accept(tx, officer.actor, officer.principal, d.id, d.version));
      }
      if (in.stage == Stage::kCompleted) {
        CQDT_ASSIGN_OR_RETURN(
            d, assignments.Complete(tx, officer.actor, officer.principal, d.id, d.version,
                                    "Đã tham mưu văn bản trả lời và báo cáo lãnh đạo."));
      }
    }
    CQDT_RETURN_IF_ERROR(tx.Commit());
    ++count;
  }
  return Ok();
}

Status LoadOutgoing(Services& s, bool with_keys, const std::string& today, int& count) {
  const int year = std::stoi(today.substr(0, 4));
  for (const auto& o : kOutgoing) {
    if (!with_keys && (o.stage == Draft::kSigned || o.stage == Draft::kIssued)) {
      continue;
    }
    auto tx = s.db->Begin();
    CQDT_ASSIGN_OR_RETURN(Person officer, PersonOf(s, tx, "chuyenvien.snv"));
    CQDT_ASSIGN_OR_RETURN(Person head, PersonOf(s, tx, "truongphong.snv"));
    CQDT_ASSIGN_OR_RETURN(Person director, PersonOf(s, tx, "lanhdao.snv"));
    CQDT_ASSIGN_OR_RETURN(Person clerk, PersonOf(s, tx, "vanthu.snv"));
    CQDT_ASSIGN_OR_RETURN(auto rachgia, s.agencies->GetByCode(tx, kRachGia));
    CQDT_ASSIGN_OR_RETURN(auto province, s.agencies->GetByCode(tx, "000.00.00.H01"));
    documents::DraftInput di;
    di.type_ordinal = o.type;
    di.subject = o.subject;
    di.urgency = o.urgency;
    di.signer_id = director.user.id;
    di.recipients = std::vector<documents::Recipient>{
        {province.id, ""}, {rachgia.id, ""}, {AgencyId(), "Lưu: VT, CCHC."}};
    CQDT_ASSIGN_OR_RETURN(auto od,
                          s.outgoing->CreateDraft(tx, officer.principal, officer.actor, di));
    CQDT_ASSIGN_OR_RETURN(std::string bytes, DraftPdf(o, year));
    CQDT_ASSIGN_OR_RETURN(
        od, s.outgoing->AddDraftFile(tx, officer.principal, officer.actor, od.document.id,
                                     od.document.version, "du-thao.pdf", bytes));
    auto id = od.document.id;
    if (o.stage != Draft::kDraft) {
      documents::SubmitInput si;
      si.unit_head_id = head.user.id;
      CQDT_ASSIGN_OR_RETURN(
          od, s.reviews->Submit(tx, officer.principal, officer.actor, id, od.document.version, si));
    }
    if (o.stage != Draft::kDraft && o.stage != Draft::kAtUnitHead) {
      CQDT_ASSIGN_OR_RETURN(od, s.reviews->Approve(tx, head.principal, head.actor, id,
                                                   od.document.version, "Đồng ý, trình Giám đốc."));
    }
    if (o.stage == Draft::kApproved || o.stage == Draft::kSigned || o.stage == Draft::kIssued) {
      CQDT_ASSIGN_OR_RETURN(od, s.reviews->Approve(tx, director.principal, director.actor, id,
                                                   od.document.version, "Đồng ý ban hành."));
    }
    if (o.stage == Draft::kSigned || o.stage == Draft::kIssued) {
      CQDT_ASSIGN_OR_RETURN(
          od, s.outgoing->Sign(tx, director.principal, director.actor, id, od.document.version,
                               "personal-lanhdao.snv", kDemoPassword));
    }
    if (o.stage == Draft::kIssued) {
      documents::IssueInput ii;
      ii.seal_key_id = "seal-000.00.01.h01";
      CQDT_ASSIGN_OR_RETURN(
          od, s.outgoing->Issue(tx, clerk.principal, clerk.actor, id, od.document.version, ii));
    }
    CQDT_RETURN_IF_ERROR(tx.Commit());
    ++count;
  }
  return Ok();
}

}  // namespace

Status LoadDemoDocuments(Services& s, const WorkingCalendar& calendar, bool with_keys) {
  {
    auto tx = s.db->BeginRead();
    CQDT_ASSIGN_OR_RETURN(Person clerk, PersonOf(s, tx, "vanthu.snv"));
    CQDT_ASSIGN_OR_RETURN(auto present, s.incoming->List(tx, clerk.principal, {"", 1, 0}));
    if (!present.empty()) {
      return Ok();  // documents present: never load twice
    }
  }
  {
    // The registers every office writes (two general, two confidential each).
    auto tx = s.db->Begin();
    audit::Actor demo{UserId(), "demo", AgencyId(), "", "demo"};
    for (const auto& o : kOffices) {
      CQDT_ASSIGN_OR_RETURN(auto agency, s.agencies->GetByCode(tx, o.agency));
      CQDT_RETURN_IF_ERROR(s.registers->EnsureDefaults(tx, demo, agency.id));
    }
    CQDT_ASSIGN_OR_RETURN(auto province, s.agencies->GetByCode(tx, "000.00.00.H01"));
    CQDT_RETURN_IF_ERROR(s.registers->EnsureDefaults(tx, demo, province.id));
    CQDT_RETURN_IF_ERROR(tx.Commit());
  }
  documents::AssignmentService assignments(*s.audit, *s.identity, *s.outbox, calendar, s.clock);
  const std::string today = documents::TodayInVietnam(s.clock.Now());
  int incoming = 0, outgoing = 0;
  CQDT_RETURN_IF_ERROR(LoadIncoming(s, assignments, today, incoming));
  CQDT_RETURN_IF_ERROR(LoadOutgoing(s, with_keys, today, outgoing));
  std::printf("Văn bản mẫu / demo documents: %d đến / incoming, %d đi / outgoing\n", incoming,
              outgoing);
  return Ok();
}

}  // namespace cqdt::app
