import { defineMessages, type Translate } from '../../../shared/i18n/messages';

/** The registration form's proposal from the uploaded file's content (issue 11, item 4). */
export const prefillMessages = defineMessages({
  vi: {
    reading: 'Đang đọc nội dung tệp để đề xuất thông tin…',
    readingHint: 'Bạn vẫn nhập được; chỉ các ô còn trống mới được điền.',
    filled:
      'Đã điền {count, plural, other {# thông tin}} đề xuất từ nội dung tệp {name}: {fields}. Vui lòng kiểm tra trước khi vào sổ.',
    method: 'Cách đọc: {method}.',
    nothingFound:
      'Không tìm thấy số, ký hiệu, ngày ban hành hay nơi gửi trong nội dung tệp {name}.',
    nothingToFill:
      'Nội dung tệp {name} không có thêm thông tin cho các ô còn trống: các ô bạn đã nhập được giữ nguyên.',
    failedTitle: 'Không đọc được nội dung tệp {name} để đề xuất thông tin',
    failedHint: 'Bạn hãy nhập thông tin văn bản như thường lệ.',
    timeout:
      'Chưa đọc xong nội dung tệp {name} sau 3 phút (máy chủ đang bận). Bạn hãy nhập thông tin văn bản; tệp vẫn được đọc để tìm kiếm sau.',
    undo: 'Bỏ các đề xuất',
    undone: 'Đã bỏ các thông tin đề xuất; các ô trở lại trống.',
    proposed: 'Đề xuất từ nội dung tệp — vui lòng kiểm tra',
    field_sender: 'nơi gửi',
    field_numberText: 'số, ký hiệu',
    field_issuedDate: 'ngày ban hành',
    field_subject: 'trích yếu',
    field_typeOrdinal: 'loại văn bản',
  },
  en: {
    reading: 'Reading the file to propose the document’s details…',
    readingHint: 'You can keep typing; only the fields left empty are filled in.',
    filled:
      'Filled in {count, plural, one {# detail} other {# details}} proposed from the content of {name}: {fields}. Please check them before registering.',
    method: 'Read by: {method}.',
    nothingFound: 'No number, issue date or sender found in the content of {name}.',
    nothingToFill:
      'The content of {name} has nothing more for the empty fields: what you typed is kept.',
    failedTitle: 'Could not read {name} to propose the document’s details',
    failedHint: 'Enter the document’s details as usual.',
    timeout:
      'Reading {name} did not finish within 3 minutes (the server is busy). Enter the document’s details; the file is still read for search later.',
    undo: 'Undo the proposals',
    undone: 'Proposals undone; those fields are empty again.',
    proposed: 'Proposed from the file’s content — please check',
    field_sender: 'sender',
    field_numberText: 'number and notation',
    field_issuedDate: 'issue date',
    field_subject: 'subject',
    field_typeOrdinal: 'document type',
  },
});

export type PrefillTranslate = Translate<(typeof prefillMessages)['vi']>;
