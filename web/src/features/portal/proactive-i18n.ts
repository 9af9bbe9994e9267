import { defineMessages } from '../../shared/i18n/messages';

/** Proactive services (dịch vụ công chủ động): the citizen's offers on "Hồ sơ của tôi". */
export const proactiveMessages = defineMessages({
  vi: {
    offersTitle: 'Dịch vụ công chủ động',
    offersLead:
      'Cơ quan nhà nước chủ động nhắc bạn khi giấy tờ sắp hết hạn hoặc đến hạn thực hiện nghĩa vụ, và chuẩn bị sẵn hồ sơ từ dữ liệu đã có: bạn chỉ cần xem lại và nộp.',
    offersEmpty: 'Hiện không có nhắc hạn nào dành cho bạn.',
    loadFailed: 'Không tải được danh sách dịch vụ công chủ động.',
    dueOn: 'Hạn: {date}',
    fromDossier: 'Từ hồ sơ {code}',
    levelOne: 'Nhắc hạn',
    levelTwo: 'Hồ sơ đã chuẩn bị sẵn',
    openDraft: 'Xem lại và nộp hồ sơ',
    openProcedure: 'Xem thủ tục và nộp hồ sơ',
    dismiss: 'Bỏ qua',
    dismissed: 'Đã bỏ qua',
    submitted: 'Đã nộp hồ sơ {code}',
    submittedNoCode: 'Đã nộp hồ sơ',
    dismissDone: 'Đã bỏ qua nhắc hạn.',
  },
  en: {
    offersTitle: 'Proactive services',
    offersLead:
      'The authorities remind you when a document is about to expire or an obligation comes due, and prepare the dossier from the data they already hold: you only review and submit it.',
    offersEmpty: 'There are no reminders for you now.',
    loadFailed: 'The proactive services could not be loaded.',
    dueOn: 'Due: {date}',
    fromDossier: 'From dossier {code}',
    levelOne: 'Reminder',
    levelTwo: 'Dossier prepared',
    openDraft: 'Review and submit the dossier',
    openProcedure: 'See the procedure and submit',
    dismiss: 'Dismiss',
    dismissed: 'Dismissed',
    submitted: 'Dossier {code} submitted',
    submittedNoCode: 'Dossier submitted',
    dismissDone: 'Reminder dismissed.',
  },
});
