import { defineMessages } from '../shared/i18n/messages';

/**
 * The staff home's one-stop queues (the document queues' words are features/documents/work's)
 * and its other headings. Each queue's empty state says what will appear in it.
 */
export const homeMessages = defineMessages({
  vi: {
    workTitle: 'Việc cần làm',
    adminTitle: 'Quản trị hệ thống',
    // Officer (chuyên viên).
    officerDossiersTitle: 'Hồ sơ đang xử lý',
    officerDossiersEmpty:
      'Chưa có hồ sơ nào bạn đang xử lý. Hồ sơ thủ tục hành chính được chuyển cho bạn thụ lý sẽ hiện ở đây, kèm ngày hẹn trả kết quả.',
    // Counter officer (cán bộ một cửa).
    counterReceiveTitle: 'Hồ sơ chờ tiếp nhận',
    counterReceiveEmpty:
      'Chưa có hồ sơ nào chờ tiếp nhận. Hồ sơ người dân, doanh nghiệp nộp trên Cổng dịch vụ công sẽ hiện ở đây để bạn kiểm tra và tiếp nhận.',
    counterReturnTitle: 'Hồ sơ chờ trả kết quả',
    counterReturnEmpty:
      'Chưa có hồ sơ nào chờ trả kết quả. Hồ sơ đã giải quyết xong sẽ hiện ở đây để bạn trả kết quả cho người nộp.',
    // Admin (quản trị).
    adminAgencies: 'Danh bạ cơ quan, đơn vị',
    adminUsers: 'Tài khoản người dùng',
    adminAudit: 'Nhật ký hệ thống',
    adminTrust: 'Tổ chức chứng thực tin cậy',
    // Anyone else (for example a system account): nothing to do here yet.
    noQueues:
      'Vai trò của bạn chưa có danh sách việc cần làm. Các chức năng bạn được dùng nằm ở thanh điều hướng.',
  },
  en: {
    workTitle: 'Your work',
    adminTitle: 'Administration',
    officerDossiersTitle: 'Dossiers in progress',
    officerDossiersEmpty:
      'You have no dossier in progress. Administrative-procedure dossiers passed to you for processing will appear here with their appointment dates.',
    counterReceiveTitle: 'Dossiers to receive',
    counterReceiveEmpty:
      'No dossier is waiting to be received. Dossiers that citizens and businesses submit on the public service portal will appear here for you to check and receive.',
    counterReturnTitle: 'Results to return',
    counterReturnEmpty:
      'No dossier is waiting for its result to be returned. Dossiers that have been decided will appear here for you to return the result to the applicant.',
    adminAgencies: 'Agency directory',
    adminUsers: 'User accounts',
    adminAudit: 'Audit trail',
    adminTrust: 'Trusted certification authorities',
    noQueues:
      'Your role has no work list yet. The functions you may use are in the navigation menu.',
  },
});
