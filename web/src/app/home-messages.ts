import { defineMessages } from '../shared/i18n/messages';

/**
 * The staff home's work queues. Each says what will appear in it and which part of the system
 * brings it: the document and one-stop modules are not built yet, so the queues are empty, and
 * say so honestly rather than show sample data.
 */
export const homeMessages = defineMessages({
  vi: {
    workTitle: 'Việc cần làm',
    adminTitle: 'Quản trị hệ thống',
    sourceDocuments:
      'Danh sách này sẽ có dữ liệu khi chức năng Quản lý văn bản được đưa vào sử dụng.',
    sourceOnestop:
      'Danh sách này sẽ có dữ liệu khi chức năng Một cửa điện tử được đưa vào sử dụng.',
    // Clerk (văn thư).
    clerkIncomingTitle: 'Văn bản đến chờ vào sổ',
    clerkIncomingEmpty:
      'Chưa có văn bản đến nào chờ vào sổ. Văn bản nhận qua trục liên thông và văn bản giấy đã được số hóa sẽ hiện ở đây để bạn vào sổ văn bản đến.',
    clerkOutgoingTitle: 'Văn bản đi chờ phát hành',
    clerkOutgoingEmpty:
      'Chưa có văn bản đi nào chờ phát hành. Văn bản đã được lãnh đạo ký sẽ hiện ở đây để bạn cấp số, đóng dấu và phát hành.',
    // Leader (lãnh đạo).
    leaderSignTitle: 'Văn bản chờ ký',
    leaderSignEmpty: 'Chưa có văn bản nào chờ bạn ký. Dự thảo văn bản được trình ký sẽ hiện ở đây.',
    leaderSignNow: 'Cần ký một tệp ngay? Dùng trang Ký số.',
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
    sourceDocuments: 'This list fills in once document management is in use.',
    sourceOnestop: 'This list fills in once the one-stop desk is in use.',
    clerkIncomingTitle: 'Incoming documents to register',
    clerkIncomingEmpty:
      'No incoming document is waiting to be registered. Documents received through the exchange hub and digitised paper documents will appear here for you to enter in the incoming register.',
    clerkOutgoingTitle: 'Outgoing documents to issue',
    clerkOutgoingEmpty:
      'No outgoing document is waiting to be issued. Documents signed by a leader will appear here for you to number, seal and issue.',
    leaderSignTitle: 'Documents to sign',
    leaderSignEmpty:
      'No document is waiting for your signature. Drafts submitted for signing will appear here.',
    leaderSignNow: 'Need to sign a file now? Use the Digital signing page.',
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
