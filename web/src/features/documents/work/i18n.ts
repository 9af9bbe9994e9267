import { defineMessages } from '../../../shared/i18n/messages';

/** "Việc của tôi": the incoming-document queues of the staff home. */
export const workMessages = defineMessages({
  vi: {
    clerkRegisteredTitle: 'Văn bản đến chờ trình',
    clerkRegisteredEmpty:
      'Chưa có văn bản đến nào chờ trình. Văn bản bạn đã vào sổ nhưng chưa trình lãnh đạo sẽ hiện ở đây.',
    clerkReturnedTitle: 'Văn bản đến bị trả lại',
    clerkReturnedEmpty:
      'Chưa có văn bản nào bị trả lại. Văn bản lãnh đạo hoặc người xử lý trả lại văn thư (kèm lý do) sẽ hiện ở đây để bạn xem và trình lại.',
    leaderSubmittedTitle: 'Văn bản chờ cho ý kiến',
    leaderSubmittedEmpty:
      'Chưa có văn bản nào chờ bạn cho ý kiến. Văn bản đến được trình để xin ý kiến chỉ đạo sẽ hiện ở đây.',
    leaderFollowTitle: 'Văn bản đã giao, đang xử lý',
    leaderFollowEmpty:
      'Chưa có văn bản nào đang được xử lý. Văn bản đã giao xử lý sẽ hiện ở đây, kèm hạn xử lý, để bạn theo dõi.',
    officerAssignedTitle: 'Văn bản được giao',
    officerAssignedEmpty:
      'Chưa có văn bản nào được giao cho bạn. Văn bản đến được lãnh đạo giao cho bạn chủ trì hoặc phối hợp xử lý sẽ hiện ở đây, kèm hạn xử lý.',
    registerNow: 'Vào sổ văn bản đến',
    openRegister: 'Xem sổ văn bản đến',
    submittedToYou: 'Trình bạn',
    arrival: 'Số đến {number} · {sender}',
    role_lead: 'Bạn chủ trì',
    role_coordinate: 'Bạn phối hợp',
    role_info: 'Để biết',
    notAccepted: 'Chưa nhận',
    more: 'Và {count} văn bản khác trong sổ văn bản đến.',
    loadFailed: 'Không tải được danh sách.',
    listLabel: '{title}: {count} văn bản',
  },
  en: {
    clerkRegisteredTitle: 'Incoming documents to submit',
    clerkRegisteredEmpty:
      'No incoming document is waiting to be submitted. Documents you registered but have not yet submitted to a leader will appear here.',
    clerkReturnedTitle: 'Returned incoming documents',
    clerkReturnedEmpty:
      'No document has been returned. Documents a leader or an assignee returns to the clerk (with the reason) will appear here for you to check and submit again.',
    leaderSubmittedTitle: 'Documents awaiting your instructions',
    leaderSubmittedEmpty:
      'No document is waiting for your instructions. Incoming documents submitted for your direction will appear here.',
    leaderFollowTitle: 'Assigned documents in progress',
    leaderFollowEmpty:
      'No document is being processed. Documents that were assigned will appear here with their due dates, for you to follow.',
    officerAssignedTitle: 'Documents assigned to you',
    officerAssignedEmpty:
      'No document is assigned to you. Incoming documents a leader assigns to you, to lead or to coordinate, will appear here with their due dates.',
    registerNow: 'Register an incoming document',
    openRegister: 'Open the incoming register',
    submittedToYou: 'Submitted to you',
    arrival: 'Arrival no. {number} · {sender}',
    role_lead: 'You lead',
    role_coordinate: 'You coordinate',
    role_info: 'For information',
    notAccepted: 'Not accepted yet',
    more: 'And {count, plural, one {# more document} other {# more documents}} in the incoming register.',
    loadFailed: 'The list could not be loaded.',
    listLabel: '{title}: {count, plural, one {# document} other {# documents}}',
  },
});
