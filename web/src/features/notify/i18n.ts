import { defineMessages } from '../../shared/i18n/messages';

export const notifyMessages = defineMessages({
  vi: {
    bellLabel: 'Thông báo ({count} chưa đọc)',
    title: 'Thông báo',
    markAllRead: 'Đánh dấu đã đọc tất cả',
    markRead: 'Đánh dấu đã đọc',
    unread: 'Chưa đọc',
    empty:
      'Bạn chưa có thông báo nào. Khi có văn bản được giao cho bạn, việc sắp đến hạn hoặc văn bản chờ bạn ký, thông báo sẽ hiện ở đây.',
    emptyCitizen:
      'Bạn chưa có thông báo nào. Khi hồ sơ của bạn được tiếp nhận, cần bổ sung, có kết quả hoặc được trả lời phản ánh, thông báo sẽ hiện ở đây.',
    timeNote: 'Thời gian theo giờ Việt Nam (UTC+7).',
    listLabel: 'Các thông báo mới nhất',
    more: 'Đang hiện {shown} thông báo mới nhất trong tổng số {total}.',
    loadFailed: 'Không tải được thông báo.',
    arrived: 'Thông báo mới: {text}',
  },
  en: {
    bellLabel: 'Notifications ({count} unread)',
    title: 'Notifications',
    markAllRead: 'Mark all as read',
    markRead: 'Mark as read',
    unread: 'Unread',
    empty:
      'You have no notifications yet. When a document is assigned to you, a task is nearly due or a document waits for your signature, a notification appears here.',
    emptyCitizen:
      'You have no notifications yet. When your dossier is received, needs more documents, has its result or your feedback is answered, a notification appears here.',
    timeNote: 'Times are Vietnam time (UTC+7).',
    listLabel: 'The latest notifications',
    more: 'Showing the latest {shown} of {total} notifications.',
    loadFailed: 'The notifications could not be loaded.',
    arrived: 'New notification: {text}',
  },
});
