import { defineMessages } from '../../../shared/i18n/messages';

/** "Việc của tôi": the work queues of the staff home and the page of one queue. */
export const workMessages = defineMessages({
  vi: {
    title_instruct: 'Văn bản chờ cho ý kiến',
    empty_instruct:
      'Chưa có văn bản nào chờ bạn cho ý kiến. Văn bản đến được trình để xin ý kiến chỉ đạo sẽ hiện ở đây.',
    title_sign: 'Văn bản chờ ký',
    empty_sign:
      'Chưa có văn bản nào chờ bạn ký. Văn bản đi đã được duyệt, chờ bạn ký, sẽ hiện ở đây.',
    title_review: 'Dự thảo chờ duyệt',
    empty_review:
      'Chưa có dự thảo nào chờ bạn duyệt. Dự thảo văn bản đi đến lượt bạn xem xét sẽ hiện ở đây.',
    title_process: 'Văn bản được giao chủ trì',
    empty_process:
      'Chưa có văn bản nào được giao cho bạn chủ trì. Văn bản đến lãnh đạo giao cho bạn chủ trì xử lý sẽ hiện ở đây, kèm hạn xử lý.',
    title_coordinate: 'Văn bản phối hợp xử lý',
    empty_coordinate:
      'Chưa có văn bản nào cần bạn phối hợp. Văn bản đến bạn được giao phối hợp xử lý sẽ hiện ở đây.',
    title_info: 'Văn bản để biết',
    empty_info: 'Chưa có văn bản nào gửi bạn để biết. Văn bản bạn được giao để biết sẽ hiện ở đây.',
    title_register: 'Văn bản đến chờ trình, bị trả lại',
    empty_register:
      'Chưa có văn bản đến nào chờ trình. Văn bản bạn đã vào sổ nhưng chưa trình, hoặc bị trả lại kèm lý do, sẽ hiện ở đây.',
    title_issue: 'Văn bản đi chờ cấp số, phát hành',
    empty_issue:
      'Chưa có văn bản nào chờ cấp số. Văn bản đi đã ký, chờ cấp số, đóng dấu và phát hành, sẽ hiện ở đây.',
    title_reception: 'Văn bản chờ tiếp nhận',
    empty_reception:
      'Chưa có văn bản nào chờ tiếp nhận. Văn bản cơ quan khác gửi đến qua hệ thống sẽ hiện ở đây để bạn vào sổ hoặc từ chối.',
    signNow: 'Cần ký một tệp ngay? Dùng trang Ký số.',
    registerNow: 'Vào sổ văn bản đến',
    total: '{count} văn bản',
    overdueCount: '{count} quá hạn',
    dueSoonCount: '{count} sắp đến hạn',
    overdue: 'Quá hạn {date}',
    dueSoon: 'Sắp đến hạn {date}',
    due: 'Hạn {date}',
    noDue: 'Không có hạn',
    role_process: 'Bạn chủ trì',
    role_coordinate: 'Bạn phối hợp',
    role_info: 'Để biết',
    notAccepted: 'Chưa nhận',
    arrival: 'Số đến {number} · {sender}',
    arrivalShort: 'Số đến {number}',
    recallRequested: 'Bên gửi xin thu hồi',
    sender: 'Nơi gửi: {sender}',
    seeAll: 'Xem tất cả ({count})',
    loadFailed: 'Không tải được danh sách.',
    listLabel: '{title}: {count} văn bản',
    // The page of one queue.
    pageTitle: 'Việc của tôi: {title}',
    back: 'Về trang Việc của tôi',
    filterLabel: 'Lọc theo hạn',
    filterAll: 'Tất cả',
    filterOverdue: 'Quá hạn',
    filterDueSoon: 'Sắp đến hạn',
    colSubject: 'Trích yếu',
    colNumber: 'Số, ký hiệu',
    colSender: 'Nơi gửi',
    colDue: 'Hạn xử lý',
    colState: 'Trạng thái',
    colUpdated: 'Cập nhật (giờ Việt Nam)',
    emptyFiltered: 'Không có văn bản nào khớp bộ lọc. Chọn "Tất cả" để xem cả hàng việc.',
    unknownQueue: 'Không có hàng việc này. Quay về trang Việc của tôi để chọn hàng việc.',
  },
  en: {
    title_instruct: 'Documents awaiting your instructions',
    empty_instruct:
      'No document is waiting for your instructions. Incoming documents submitted for your direction will appear here.',
    title_sign: 'Documents to sign',
    empty_sign:
      'No document is waiting for your signature. Approved outgoing documents you are to sign will appear here.',
    title_review: 'Drafts to review',
    empty_review:
      'No draft is waiting for your review. Outgoing drafts whose review step is yours will appear here.',
    title_process: 'Documents you lead',
    empty_process:
      'No document is assigned for you to lead. Incoming documents a leader assigns you to lead will appear here with their due dates.',
    title_coordinate: 'Documents you coordinate on',
    empty_coordinate:
      'No document needs your coordination. Incoming documents you are assigned to coordinate on will appear here.',
    title_info: 'For your information',
    empty_info:
      'No document was sent to you for information. Documents assigned to you for information will appear here.',
    title_register: 'Incoming documents to submit or returned',
    empty_register:
      'No incoming document is waiting to be submitted. Documents you registered but have not submitted, or that were returned with a reason, will appear here.',
    title_issue: 'Outgoing documents to number and release',
    empty_issue:
      'No document is waiting for a number. Signed outgoing documents waiting for a number, the seal and release will appear here.',
    title_reception: 'Documents waiting for reception',
    empty_reception:
      'No document is waiting for reception. Documents other agencies send through the system will appear here for you to register or refuse.',
    signNow: 'Need to sign a file now? Use the Signing page.',
    registerNow: 'Register an incoming document',
    total: '{count, plural, one {# document} other {# documents}}',
    overdueCount: '{count} overdue',
    dueSoonCount: '{count} due soon',
    overdue: 'Overdue since {date}',
    dueSoon: 'Due soon: {date}',
    due: 'Due {date}',
    noDue: 'No due date',
    role_process: 'You lead',
    role_coordinate: 'You coordinate',
    role_info: 'For information',
    notAccepted: 'Not accepted yet',
    arrival: 'Arrival no. {number} · {sender}',
    arrivalShort: 'Arrival no. {number}',
    recallRequested: 'The sender asks to recall it',
    sender: 'From: {sender}',
    seeAll: 'See all ({count})',
    loadFailed: 'The list could not be loaded.',
    listLabel: '{title}: {count, plural, one {# document} other {# documents}}',
    pageTitle: 'My work: {title}',
    back: 'Back to My work',
    filterLabel: 'Filter by due date',
    filterAll: 'All',
    filterOverdue: 'Overdue',
    filterDueSoon: 'Due soon',
    colSubject: 'Subject',
    colNumber: 'Number and notation',
    colSender: 'From',
    colDue: 'Due date',
    colState: 'State',
    colUpdated: 'Updated (Vietnam time)',
    emptyFiltered: 'No document matches the filter. Choose "All" to see the whole queue.',
    unknownQueue: 'There is no such queue. Go back to My work to choose one.',
  },
});

export type WorkKey = keyof (typeof workMessages)['vi'] & string;
