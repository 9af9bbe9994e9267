import { defineMessages } from '../../../shared/i18n/messages';

/** The leader's overview: open and overdue work of the agency and of each unit. */
export const overviewMessages = defineMessages({
  vi: {
    menu: 'Tổng quan',
    title: 'Tổng quan tình hình xử lý văn bản',
    intro:
      'Văn bản đang xử lý của cơ quan và của từng đơn vị (theo người đang giữ văn bản). Bấm vào một con số để xem các văn bản đó.',
    colUnit: 'Cơ quan, đơn vị',
    colOpen: 'Đang xử lý',
    colDueSoon: 'Sắp đến hạn',
    colOverdue: 'Quá hạn',
    agency: 'Toàn cơ quan',
    noUnit: 'Chưa thuộc đơn vị nào',
    empty:
      'Chưa có văn bản nào đang xử lý. Văn bản đến đã giao và văn bản đi đang soạn sẽ được thống kê ở đây, theo từng đơn vị.',
    openCount: '{unit}: {count} văn bản {what}',
    itemsTitle: '{unit}: {what}',
    what_open: 'đang xử lý',
    what_due_soon: 'sắp đến hạn',
    what_overdue: 'quá hạn',
    itemsEmpty:
      'Không còn văn bản nào ở mục này. Số liệu có thể vừa thay đổi; tải lại để cập nhật.',
    close: 'Đóng danh sách',
    loadFailed: 'Không tải được số liệu.',
    tableLabel: 'Số văn bản đang xử lý theo đơn vị',
  },
  en: {
    menu: 'Overview',
    title: 'Document processing overview',
    intro:
      'Open documents of the agency and of each unit (by who holds them). Select a number to see those documents.',
    colUnit: 'Agency, unit',
    colOpen: 'Open',
    colDueSoon: 'Due soon',
    colOverdue: 'Overdue',
    agency: 'Whole agency',
    noUnit: 'Not in any unit',
    empty:
      'No document is being processed. Assigned incoming documents and outgoing drafts in progress will be counted here, unit by unit.',
    openCount: '{unit}: {count} {what} documents',
    itemsTitle: '{unit}: {what}',
    what_open: 'open',
    what_due_soon: 'due soon',
    what_overdue: 'overdue',
    itemsEmpty:
      'No document is left under this heading. The numbers may have just changed; reload to update them.',
    close: 'Close the list',
    loadFailed: 'The numbers could not be loaded.',
    tableLabel: 'Open documents by unit',
  },
});
