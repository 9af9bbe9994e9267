import { defineMessages, type Translate } from '../../shared/i18n/messages';

/** Transfer of work records to the archive (nộp lưu), issue 11 item 2. */
export const archiveMessages = defineMessages({
  vi: {
    menuTransfers: 'Nộp lưu hồ sơ',
    transferButton: 'Nộp lưu',
    transferButtonCount: 'Nộp lưu ({count} hồ sơ)',
    transferHint: 'Chọn các hồ sơ đã đóng rồi bấm "Nộp lưu" để giao cho lưu trữ cơ quan.',
    selectRecord: 'Chọn hồ sơ {code}',
    confirmTitle: 'Nộp lưu {count} hồ sơ?',
    confirmText:
      'Các hồ sơ dưới đây được đóng gói thành một gói nộp lưu: các tệp giữ nguyên như khi lưu (chữ ký số còn hiệu lực), thông tin theo Phụ lục VI Nghị định 30/2020/NĐ-CP dạng XML và JSON, bảng kê mã băm SHA-256 có chữ ký số của cơ quan. Sau khi nộp lưu, hồ sơ không nộp lưu lại được.',
    confirmOk: 'Nộp lưu',
    cancel: 'Hủy',
    transferFailed: 'Chưa nộp lưu được.',
    doneTitle: 'Đã nộp lưu {count} hồ sơ (lần nộp lưu số {id}).',
    doneText: 'Gói nộp lưu gồm {files} tệp, mã băm SHA-256 {sha}.',
    download: 'Tải gói nộp lưu ({name})',
    close: 'Đóng',
    pageTitle: 'Nộp lưu hồ sơ',
    pageIntro:
      'Các lần nộp lưu hồ sơ của cơ quan. Mỗi gói có chữ ký số của cơ quan trên bảng kê; kiểm tra gói khi không có mạng bằng lệnh "cqdt doc archive verify <gói>".',
    colId: 'Lần',
    colTime: 'Thời điểm (giờ Việt Nam)',
    colBy: 'Người nộp',
    colRecords: 'Hồ sơ',
    colFiles: 'Số tệp',
    colPackage: 'Gói nộp lưu',
    empty: 'Cơ quan chưa nộp lưu hồ sơ nào. Văn thư chọn hồ sơ đã đóng trong "Hồ sơ của cơ quan".',
    loadFailed: 'Không tải được các lần nộp lưu.',
    toAgencyRecords: 'Chọn hồ sơ để nộp lưu',
  },
  en: {
    menuTransfers: 'Transfers to the archive',
    transferButton: 'Transfer to the archive',
    transferButtonCount:
      'Transfer {count, plural, one {# record} other {# records}} to the archive',
    transferHint: 'Select closed records, then press "Transfer to the archive".',
    selectRecord: 'Select record {code}',
    confirmTitle: 'Transfer {count, plural, one {# record} other {# records}} to the archive?',
    confirmText:
      'The records below are packed into one package: their files as stored (signatures stay valid), their Decree 30/2020 Appendix VI metadata as XML and JSON, and a manifest of SHA-256 digests signed with the agency seal. A transferred record cannot be transferred again.',
    confirmOk: 'Transfer',
    cancel: 'Cancel',
    transferFailed: 'The records were not transferred.',
    doneTitle: '{count, plural, one {# record} other {# records}} transferred (transfer {id}).',
    doneText: 'The package holds {files} files; SHA-256 {sha}.',
    download: 'Download the package ({name})',
    close: 'Close',
    pageTitle: 'Transfers to the archive',
    pageIntro:
      'The agency’s transfers to its archive. Each package carries the agency seal’s signature on its manifest; check a package offline with "cqdt doc archive verify <package>".',
    colId: 'No.',
    colTime: 'Time (Vietnam)',
    colBy: 'By',
    colRecords: 'Records',
    colFiles: 'Files',
    colPackage: 'Package',
    empty:
      'No record has been transferred yet. A clerk selects closed records in "Agency records".',
    loadFailed: 'The transfers could not be loaded.',
    toAgencyRecords: 'Select records to transfer',
  },
});

export type ArchiveTranslate = Translate<(typeof archiveMessages)['vi']>;
