import { defineMessages } from '../../shared/i18n/messages';

export const paymentMessages = defineMessages({
  vi: {
    title: 'Nộp phí, lệ phí',
    amount: 'Số tiền',
    amountValue: '{amount} đồng',
    inWords: 'Bằng chữ',
    scan: 'Quét mã VietQR bằng ứng dụng ngân hàng bất kỳ: số tiền và nội dung chuyển khoản đã có sẵn.',
    qrAlt: 'Mã VietQR chuyển {amount} đồng vào tài khoản {account}, nội dung {purpose}',
    bank: 'Ngân hàng',
    account: 'Số tài khoản',
    accountName: 'Chủ tài khoản',
    purpose: 'Nội dung chuyển khoản',
    purposeHint: 'Ghi đúng mã hồ sơ để cơ quan đối chiếu được khoản nộp.',
    after:
      'Sau khi cơ quan đối chiếu sao kê ngân hàng, tình trạng nộp phí trên trang này được cập nhật và bạn nhận được biên lai điện tử.',
    atDesk:
      'Cơ quan chưa nhận phí qua chuyển khoản: vui lòng nộp tại Bộ phận Một cửa khi nhận kết quả.',
  },
  en: {
    title: 'Fees and charges',
    amount: 'Amount',
    amountValue: '{amount} dong',
    inWords: 'In words',
    scan: 'Scan the VietQR code with any banking app: the amount and the transfer purpose are filled in.',
    qrAlt: 'VietQR code to transfer {amount} dong to account {account}, purpose {purpose}',
    bank: 'Bank',
    account: 'Account number',
    accountName: 'Account holder',
    purpose: 'Transfer purpose',
    purposeHint: 'Give exactly the dossier code so that the agency can match the payment.',
    after:
      'Once the agency has matched the bank statement, this page shows the fee as paid and you receive an electronic receipt.',
    atDesk:
      'The agency does not take this fee by transfer: please pay at the one-stop desk when you collect the result.',
  },
});
