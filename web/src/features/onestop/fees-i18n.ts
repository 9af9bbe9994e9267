import { defineMessages } from '../../shared/i18n/messages';

export const feesMessages = defineMessages({
  vi: {
    menu: 'Đối chiếu phí',
    title: 'Đối chiếu phí, lệ phí',
    intro:
      'Tải sao kê tài khoản nhận phí (CSV hoặc Excel) để đối chiếu với các hồ sơ chưa nộp phí. Mỗi dòng ghi có được so theo mã hồ sơ trong nội dung chuyển khoản và số tiền; chỉ những dòng khớp được ghi nhận, các dòng khác giữ nguyên để xử lý thủ công.',
    accountTitle: 'Tài khoản nhận phí',
    bank: 'Ngân hàng',
    account: 'Số tài khoản',
    accountName: 'Chủ tài khoản',
    noAccount:
      'Cơ quan chưa khai báo tài khoản nhận phí: công dân chưa thấy mã VietQR. Vui lòng đề nghị quản trị hệ thống khai báo.',
    fileLabel: 'Tệp sao kê (CSV hoặc Excel .xlsx)',
    check: 'Kiểm tra',
    apply: 'Ghi nhận các dòng khớp',
    checked: 'Đã kiểm tra, chưa ghi nhận gì.',
    applied: 'Đã ghi nhận các khoản nộp khớp hồ sơ.',
    nothingApplied: 'Không có dòng nào khớp để ghi nhận.',
    summary:
      '{matched} dòng khớp, {differs} dòng khác số tiền, {unmatched} dòng không có mã hồ sơ, {duplicates} dòng trùng.',
    colRow: 'Dòng',
    colDate: 'Ngày',
    colReference: 'Số tham chiếu',
    colAmount: 'Số tiền',
    colDescription: 'Nội dung',
    colOutcome: 'Kết quả',
    colDossier: 'Hồ sơ',
    colExpected: 'Phí phải nộp',
    tableLabel: 'Các dòng của sao kê',
    amount: '{amount} đ',
  },
  en: {
    menu: 'Fee reconciliation',
    title: 'Fee reconciliation',
    intro:
      'Upload the statement of the fee account (CSV or Excel) to match it with the dossiers whose fee is unpaid. Each credit line is matched by the dossier code in the transfer purpose and by its amount; only matching lines are recorded, the others are left for the desk to settle.',
    accountTitle: 'Fee account',
    bank: 'Bank',
    account: 'Account number',
    accountName: 'Account holder',
    noAccount:
      'The agency has no fee account yet: citizens see no VietQR code. Please ask a system administrator to set it.',
    fileLabel: 'Statement file (CSV or Excel .xlsx)',
    check: 'Check',
    apply: 'Record the matching lines',
    checked: 'Checked; nothing recorded yet.',
    applied: 'The payments matching dossiers were recorded.',
    nothingApplied: 'No line matched; nothing was recorded.',
    summary:
      '{matched} matched, {differs} with another amount, {unmatched} without a dossier code, {duplicates} duplicates.',
    colRow: 'Row',
    colDate: 'Date',
    colReference: 'Reference',
    colAmount: 'Amount',
    colDescription: 'Description',
    colOutcome: 'Outcome',
    colDossier: 'Dossier',
    colExpected: 'Fee due',
    tableLabel: 'Lines of the statement',
    amount: '{amount} dong',
  },
});
