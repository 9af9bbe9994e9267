import { defineMessages } from '../../shared/i18n/messages';

/**
 * What each kind of notice is, as an administrator reads it in the outbox (the kinds the
 * documents and one-stop modules write; a kind not listed here shows its code).
 */
export const noticeKindMessages = defineMessages({
  vi: {
    'documents.submitted': 'Văn bản đến trình lãnh đạo',
    'documents.assigned': 'Văn bản được giao xử lý',
    'documents.extension_requested': 'Đề nghị gia hạn xử lý văn bản',
    'documents.returned': 'Văn bản bị trả lại',
    'documents.completed': 'Văn bản đã xử lý xong',
    'documents.due_soon': 'Văn bản sắp đến hạn',
    'documents.overdue': 'Văn bản quá hạn',
    'documents.delegated': 'Được ủy quyền',
    'documents.delegation_revoked': 'Thu hồi ủy quyền',
    'documents.grant_given': 'Được cấp quyền xem văn bản',
    'documents.review_requested': 'Dự thảo chờ cho ý kiến, ký',
    'documents.review_approved': 'Dự thảo được đồng ý',
    'documents.review_returned': 'Dự thảo bị trả lại',
    'documents.outgoing_signed': 'Văn bản đi đã ký, chờ cấp số',
    'documents.delivery_received': 'Văn bản liên thông đến',
    'documents.delivery_refused': 'Văn bản gửi đi bị từ chối',
    'documents.delivery_recalled': 'Văn bản đến bị thu hồi',
    'documents.recall_accepted': 'Đồng ý thu hồi văn bản',
    'documents.recall_refused': 'Từ chối thu hồi văn bản',
    'onestop.received': 'Hồ sơ đã được tiếp nhận (gửi công dân)',
    'onestop.supplement': 'Hồ sơ cần bổ sung (gửi công dân)',
    'onestop.apology': 'Xin lỗi, hẹn lại ngày trả (gửi công dân)',
    'onestop.result_ready': 'Hồ sơ đã có kết quả (gửi công dân)',
    'onestop.step_assigned': 'Hồ sơ một cửa chuyển đến xử lý',
    'onestop.overdue': 'Hồ sơ một cửa quá hạn',
  },
  en: {
    'documents.submitted': 'Incoming document submitted to the leader',
    'documents.assigned': 'Document assigned',
    'documents.extension_requested': 'Extension requested',
    'documents.returned': 'Document returned',
    'documents.completed': 'Document completed',
    'documents.due_soon': 'Document due soon',
    'documents.overdue': 'Document overdue',
    'documents.delegated': 'Delegation given',
    'documents.delegation_revoked': 'Delegation revoked',
    'documents.grant_given': 'Access to a document given',
    'documents.review_requested': 'Draft waiting for review or signature',
    'documents.review_approved': 'Draft approved',
    'documents.review_returned': 'Draft returned',
    'documents.outgoing_signed': 'Outgoing document signed, waiting for its number',
    'documents.delivery_received': 'Document received from another agency',
    'documents.delivery_refused': 'Sent document refused',
    'documents.delivery_recalled': 'Received document recalled',
    'documents.recall_accepted': 'Recall accepted',
    'documents.recall_refused': 'Recall refused',
    'onestop.received': 'Dossier received (to the citizen)',
    'onestop.supplement': 'Supplement needed (to the citizen)',
    'onestop.apology': 'Apology and new date (to the citizen)',
    'onestop.result_ready': 'Result ready (to the citizen)',
    'onestop.step_assigned': 'One-stop dossier handed over',
    'onestop.overdue': 'One-stop dossier overdue',
  },
});

export type NoticeKind = keyof (typeof noticeKindMessages)['vi'];

export function isKnownNoticeKind(kind: string): kind is NoticeKind {
  return Object.hasOwn(noticeKindMessages.vi, kind);
}
