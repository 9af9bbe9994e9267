#include "onestop/dossier_forms.hpp"

#include <cstdio>

#include "core/working_calendar.hpp"
#include "pdf/form.hpp"
#include "text/amount_in_words.hpp"

namespace cqdt::onestop {

// i18n: Vietnamese only (the printed forms of TT 01/2018/TT-VPCP are Vietnamese documents)
namespace {

LocalDateTime Local(std::int64_t unix) { return ToVietnamLocal(FromUnixSeconds(unix)); }

std::string Two(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

// "16 giờ 00 phút, ngày 05/12/2026"
std::string Moment(std::int64_t unix) {
  if (unix == 0) {
    return "";
  }
  const LocalDateTime t = Local(unix);
  return Two(t.hour) + " giờ " + Two(t.minute) + " phút, ngày " + Two(t.date.day) + "/" +
         Two(t.date.month) + "/" + std::to_string(t.date.year);
}

// "16:00 05/12"
std::string Short(std::int64_t unix) {
  if (unix == 0) {
    return "";
  }
  const LocalDateTime t = Local(unix);
  return Two(t.hour) + ":" + Two(t.minute) + " " + Two(t.date.day) + "/" + Two(t.date.month) + "/" +
         std::to_string(t.date.year);
}

std::string DateLine(const FormContext& c) {
  const LocalDateTime t = Local(c.printed_at);
  return (c.place.empty() ? std::string("Ngày ") : c.place + ", ngày ") + Two(t.date.day) +
         " tháng " + Two(t.date.month) + " năm " + std::to_string(t.date.year);
}

pdf::FormBlock Line(std::string text, bool bold = false) {
  pdf::FormBlock b;
  b.text = std::move(text);
  b.bold = bold;
  return b;
}

std::string LastNote(const std::vector<DossierEvent>& timeline, const std::string& action) {
  for (auto it = timeline.rbegin(); it != timeline.rend(); ++it) {
    if (it->action == action) {
      return it->note.empty() ? "(không ghi)" : it->note;
    }
  }
  return "";
}

pdf::FormDocument Base(const Dossier& d, const FormContext& c, std::string title) {
  pdf::FormDocument f;
  f.title = title + " " + d.code;
  f.author = c.agency_lines.empty() ? "" : c.agency_lines.back();
  f.agency_lines = c.agency_lines;
  f.place_date = DateLine(c);
  f.title_lines = {std::move(title), "Mã hồ sơ: " + d.code};
  return f;
}

void AddressedTo(const Dossier& d, pdf::FormDocument& f) {
  f.blocks.push_back(Line("Kính gửi: " + d.applicant.name));
  if (!d.applicant.address.empty()) {
    f.blocks.push_back(Line("Địa chỉ: " + d.applicant.address));
  }
  std::string contact = "Số điện thoại: " + d.applicant.phone;
  if (!d.applicant.email.empty()) {
    contact += "    Thư điện tử: " + d.applicant.email;
  }
  f.blocks.push_back(Line(contact));
  f.blocks.push_back(Line("Nội dung yêu cầu giải quyết: " + d.procedure_name));
  f.blocks.push_back(Line("Ngày tiếp nhận: " + Moment(d.received_at)));
}

pdf::FormDocument Receipt(const Dossier& d, const FormContext& c) {
  pdf::FormDocument f = Base(d, c, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
  f.qr_text = c.tracking_url;
  f.qr_caption = d.code;
  f.blocks.push_back(Line("Bộ phận tiếp nhận và trả kết quả: " +
                          (c.agency_lines.empty() ? std::string() : c.agency_lines.back())));
  f.blocks.push_back(Line("Tiếp nhận hồ sơ của: " + d.applicant.name +
                          (d.applicant.representative.empty()
                               ? std::string()
                               : " (người nộp thay: " + d.applicant.representative + ")")));
  if (!d.applicant.address.empty()) {
    f.blocks.push_back(Line("Địa chỉ: " + d.applicant.address));
  }
  f.blocks.push_back(
      Line("Số điện thoại: " + d.applicant.phone +
           (d.applicant.email.empty() ? "" : "    Thư điện tử: " + d.applicant.email)));
  f.blocks.push_back(
      Line("Nội dung yêu cầu giải quyết: " + d.procedure_name + " (" + d.procedure_code + ")"));
  f.blocks.push_back(Line("1. Thành phần hồ sơ nộp gồm:"));
  pdf::FormBlock table;
  table.table.columns = {{"TT", 0.5, true},
                         {"Tên giấy tờ", 5},
                         {"Bản chính", 1, true},
                         {"Bản sao", 1, true},
                         {"Ghi chú", 1.6}};
  int n = 0;
  for (const ChecklistItem& item : d.checklist) {
    if (!item.provided && !item.by_data) {
      continue;
    }
    table.table.rows.push_back({std::to_string(++n), item.name,
                                item.provided ? std::to_string(item.originals) : "0",
                                item.provided ? std::to_string(item.copies) : "0",
                                item.by_data ? "Khai thác dữ liệu" : ""});
  }
  f.blocks.push_back(table);
  f.blocks.push_back(Line("2. Số lượng hồ sơ: " + std::to_string(d.sets) + " (bộ)"));
  f.blocks.push_back(
      Line("3. Thời gian giải quyết hồ sơ theo quy định là: " + DeadlineLabel(d.deadline)));
  f.blocks.push_back(Line("4. Thời gian nhận hồ sơ: " + Moment(d.received_at)));
  f.blocks.push_back(
      Line("5. Thời gian trả kết quả giải quyết hồ sơ: " + Moment(d.appointment_at), true));
  f.blocks.push_back(Line("6. Đăng ký nhận kết quả tại: " + ResultDeliveryLabel(d.delivery)));
  if (d.fee > 0) {
    f.blocks.push_back(Line("7. Phí, lệ phí: " + std::to_string(d.fee) + " đồng" +
                            (d.fee_paid ? " (đã nộp)" : " (chưa nộp)")));
  }
  f.blocks.push_back(Line("Vào Sổ theo dõi hồ sơ, số thứ tự: " + d.code.substr(d.code.size() - 4)));
  f.signatures = {{"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", d.applicant.name},
                  {"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", d.received_by}};
  return f;
}

// "1.250.000": the thousands grouped with dots, as Vietnamese amounts are written.
std::string Grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += '.';
    }
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

// The payment as the timeline records it: the desk's confirmation ("confirm_payment") or a
// transfer matched from the bank's statement ("fee_paid", its note the bank's reference).
const DossierEvent* PaymentEvent(const std::vector<DossierEvent>& timeline) {
  for (auto it = timeline.rbegin(); it != timeline.rend(); ++it) {
    if (it->action == "fee_paid" || it->action == "confirm_payment") {
      return &*it;
    }
  }
  return nullptr;
}

Result<pdf::FormDocument> FeeReceipt(const Dossier& d, const std::vector<DossierEvent>& timeline,
                                     const FormContext& c) {
  if (d.fee <= 0 || !d.fee_paid) {
    return Error::FailedPrecondition("Hồ sơ chưa nộp phí, lệ phí: chưa có biên lai.");
  }
  CQDT_ASSIGN_OR_RETURN(std::string words, text::AmountInWords(d.fee));
  const DossierEvent* paid = PaymentEvent(timeline);
  pdf::FormDocument f = Base(d, c, "BIÊN LAI THU PHÍ, LỆ PHÍ");
  f.title_lines.insert(f.title_lines.begin() + 1, "(Bản điện tử do Cổng dịch vụ công cấp)");
  f.qr_text = c.tracking_url;
  f.qr_caption = d.code;
  const std::string payee = c.agency_lines.empty() ? std::string() : c.agency_lines.back();
  f.blocks.push_back(Line("Đơn vị thu: " + payee));
  f.blocks.push_back(Line("Người nộp: " + d.applicant.name));
  if (!d.applicant.address.empty()) {
    f.blocks.push_back(Line("Địa chỉ: " + d.applicant.address));
  }
  pdf::FormBlock table;
  table.table.columns = {{"TT", 0.5, true}, {"Nội dung thu", 6}, {"Số tiền (đồng)", 1.8, true}};
  table.table.rows.push_back({"1",
                              "Phí, lệ phí giải quyết thủ tục hành chính: " + d.procedure_name +
                                  " (" + d.procedure_code + "), hồ sơ " + d.code,
                              Grouped(d.fee)});
  f.blocks.push_back(table);
  f.blocks.push_back(Line("Tổng số tiền: " + Grouped(d.fee) + " đồng", true));
  f.blocks.push_back(Line("Viết bằng chữ: " + words + "."));
  std::string method = c.fee_method == FeeMethod::kTransfer
                           ? "Chuyển khoản ngân hàng"
                           : "Nộp trực tiếp tại Bộ phận tiếp nhận và trả kết quả";
  if (c.fee_method == FeeMethod::kTransfer && paid != nullptr && !paid->note.empty()) {
    method += " (mã giao dịch: " + paid->note + ")";
  }
  f.blocks.push_back(Line("Hình thức nộp: " + method));
  f.blocks.push_back(
      Line("Thời điểm ghi nhận đã nộp: " + Moment(paid != nullptr ? paid->at : d.received_at)));
  f.blocks.push_back(Line(
      "Biên lai này xác nhận khoản phí, lệ phí của hồ sơ đã được cơ quan ghi nhận; quét mã QR để "
      "tra cứu hồ sơ. Biên lai không thay thế hóa đơn, biên lai điện tử của cơ quan thuế khi "
      "pháp luật yêu cầu.",
      false));
  f.signatures = {{"ĐƠN VỊ THU", "", payee}};
  return f;
}

pdf::FormDocument Control(const Dossier& d, const FormContext& c) {
  pdf::FormDocument f = Base(d, c, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ");
  f.blocks.push_back(Line("Người nộp: " + d.applicant.name + "    Thủ tục: " + d.procedure_name));
  f.blocks.push_back(Line("Ngày nhận: " + Moment(d.received_at)));
  f.blocks.push_back(
      Line("Ngày hẹn trả: " + Moment(d.appointment_at) +
           (d.new_appointment_at != 0 ? "    Hẹn lại: " + Moment(d.new_appointment_at)
                                      : std::string())));
  pdf::FormBlock table;
  table.table.columns = {
      {"Bước", 2.2},      {"Người nhận", 1.6},       {"Thời gian giao - nhận", 1.5, true},
      {"Hạn", 1.5, true}, {"Hoàn thành", 1.5, true}, {"Kết quả", 1.1, true},
      {"Ghi chú", 1.6}};
  for (const DossierStep& s : d.steps) {
    // A step of another agency (liên thông) names that agency with the person.
    std::string who = s.assignee_name.empty() ? PerformerLabel(s.performer) : s.assignee_name;
    if (s.performer == Performer::kOtherAgency && !s.agency_name.empty()) {
      who += " (" + s.agency_name + ")";
    }
    table.table.rows.push_back({std::to_string(s.ordinal) + ". " + s.name, who, Short(s.started_at),
                                Short(s.planned_end), Short(s.finished_at),
                                s.outcome ? TimelinessLabel(*s.outcome) : "", s.note});
  }
  f.blocks.push_back(table);
  if (d.timeliness) {
    f.blocks.push_back(Line("Kết quả giải quyết: " + TimelinessLabel(*d.timeliness), true));
  }
  return f;
}

}  // namespace

const char* DossierFormName(DossierForm f) {
  switch (f) {
    case DossierForm::kReceipt:
      return "receipt";
    case DossierForm::kSupplement:
      return "supplement";
    case DossierForm::kRefusal:
      return "refusal";
    case DossierForm::kApology:
      return "apology";
    case DossierForm::kControl:
      return "control";
    case DossierForm::kFeeReceipt:
      return "fee-receipt";
  }
  return "receipt";
}

std::optional<DossierForm> ParseDossierForm(std::string_view s) {
  for (DossierForm f : {DossierForm::kReceipt, DossierForm::kSupplement, DossierForm::kRefusal,
                        DossierForm::kApology, DossierForm::kControl, DossierForm::kFeeReceipt}) {
    if (s == DossierFormName(f)) {
      return f;
    }
  }
  return std::nullopt;
}

Result<std::string> RenderDossierForm(const Dossier& d, const std::vector<DossierEvent>& timeline,
                                      DossierForm form, const FormContext& c) {
  pdf::FormDocument f;
  switch (form) {
    case DossierForm::kReceipt:
      f = Receipt(d, c);
      break;
    case DossierForm::kControl:
      f = Control(d, c);
      break;
    case DossierForm::kFeeReceipt: {
      CQDT_ASSIGN_OR_RETURN(f, FeeReceipt(d, timeline, c));
      break;
    }
    case DossierForm::kSupplement: {
      const std::string reason = LastNote(timeline, "request_supplement");
      if (reason.empty()) {
        return Error::FailedPrecondition("Hồ sơ chưa có yêu cầu bổ sung.");
      }
      f = Base(d, c, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ");
      AddressedTo(d, f);
      f.blocks.push_back(Line("Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", true));
      f.blocks.push_back(Line(reason));
      f.blocks.push_back(
          Line("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ "
               "Bộ phận tiếp nhận và trả kết quả để được hướng dẫn."));
      f.signatures = {{"NGƯỜI LẬP PHIẾU", "(Ký và ghi rõ họ tên)", ""}};
      break;
    }
    case DossierForm::kRefusal: {
      std::string reason = LastNote(timeline, "reject");
      if (reason.empty()) {
        reason = LastNote(timeline, "stop");
      }
      if (reason.empty()) {
        return Error::FailedPrecondition("Hồ sơ không bị từ chối.");
      }
      f = Base(d, c, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ");
      AddressedTo(d, f);
      f.blocks.push_back(
          Line("Cơ quan không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như "
               "sau:",
               true));
      f.blocks.push_back(Line(reason));
      f.blocks.push_back(Line("Xin thông báo cho ông/bà được biết và thực hiện."));
      f.signatures = {{"NGƯỜI LẬP PHIẾU", "(Ký và ghi rõ họ tên)", ""}};
      break;
    }
    case DossierForm::kApology: {
      const std::string reason = LastNote(timeline, "apologize");
      if (reason.empty() || d.new_appointment_at == 0) {
        return Error::FailedPrecondition("Hồ sơ chưa có phiếu xin lỗi và hẹn lại.");
      }
      f = Base(d, c, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ");
      AddressedTo(d, f);
      f.blocks.push_back(Line("Ngày hẹn trả kết quả: " + Moment(d.appointment_at)));
      f.blocks.push_back(Line("Lý do chậm trả kết quả: " + reason));
      f.blocks.push_back(Line(
          "Cơ quan xin lỗi ông/bà và hẹn trả kết quả vào: " + Moment(d.new_appointment_at), true));
      f.signatures = {{"THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)", ""}};
      break;
    }
  }
  return pdf::RenderForm(f);
}
// i18n: end

}  // namespace cqdt::onestop
