import { defineMessages } from '../../../shared/i18n/messages';

/** Comments on a document, with an optional file. */
export const commentMessages = defineMessages({
  vi: {
    title: 'Ý kiến trao đổi',
    empty:
      'Chưa có ý kiến nào. Ý kiến của những người xử lý văn bản này (kèm tệp nếu có) sẽ hiện ở đây, cũ nhất trước.',
    listLabel: 'Các ý kiến trao đổi',
    at: '{time} (giờ Việt Nam)',
    // Not "Ý kiến…": the document pages already have fields labelled "Ý kiến".
    text: 'Nội dung trao đổi',
    textRequired: 'Hãy nhập Nội dung trao đổi.',
    file: 'Tệp đính kèm (không bắt buộc)',
    fileHelp: 'Một tệp PDF hoặc ảnh (PNG, JPEG, TIFF).',
    chooseFile: 'Chọn tệp',
    removeFile: 'Bỏ tệp {name}',
    confidentialNoFile: 'Văn bản mật chỉ lưu trên giấy: ý kiến không kèm được tệp.',
    send: 'Gửi ý kiến',
    sent: 'Đã gửi ý kiến.',
    failed: 'Chưa gửi được ý kiến.',
    loadFailed: 'Không tải được các ý kiến.',
    download: 'Tải xuống {name}',
    size: '{size} KB',
  },
  en: {
    title: 'Comments',
    empty:
      'No comment yet. Comments of the people handling this document (with a file, if any) will appear here, oldest first.',
    listLabel: 'Comments',
    at: '{time} (Vietnam time)',
    text: 'Your message',
    textRequired: 'Please enter Your message.',
    file: 'Attached file (optional)',
    fileHelp: 'One PDF or image (PNG, JPEG, TIFF).',
    chooseFile: 'Choose a file',
    removeFile: 'Remove the file {name}',
    confidentialNoFile:
      'Confidential documents are kept on paper only: a comment cannot carry a file.',
    send: 'Send the comment',
    sent: 'The comment was sent.',
    failed: 'The comment was not sent.',
    loadFailed: 'The comments could not be loaded.',
    download: 'Download {name}',
    size: '{size} KB',
  },
});
