import { defineMessages, type Translate } from '../../../shared/i18n/messages';

/** The import of past documents (nhập văn bản cũ), issue 11 item 6. */
export const importMessages = defineMessages({
  vi: {
    menu: 'Nhập văn bản cũ',
    title: 'Nhập văn bản từ hệ thống cũ',
    intro:
      'Chọn gói ZIP gồm tệp danh sách documents.csv (hoặc documents.json) và các tệp văn bản mà danh sách nêu, hoặc chỉ một tệp CSV/JSON. Số, ký hiệu và ngày của văn bản được giữ như đã ban hành và không dùng số của sổ năm nay. Nhập lại cùng một gói không tạo văn bản trùng.',
    sampleLink: 'Xem tệp mẫu và mô tả các cột trong tài liệu API (docs/api.md).',
    fileLabel: 'Tệp nhập (ZIP, CSV hoặc JSON)',
    chooseFile: 'Chọn tệp',
    noFile: 'Hãy chọn một tệp ZIP, CSV hoặc JSON.',
    chosen: 'Đã chọn: {name}',
    dryRun: 'Chạy thử',
    run: 'Nhập văn bản',
    dryRunHint: 'Chạy thử kiểm tra mọi dòng và báo cáo, không ghi gì.',
    progressLabel: 'Tiến độ nhập',
    phase_: 'Đang chờ',
    phase_validate: 'Đang kiểm tra các dòng',
    phase_write: 'Đang ghi văn bản',
    progressText: '{phase}: {done}/{total} dòng',
    summaryDry:
      'Chạy thử xong: {imported} dòng sẽ được nhập, {skipped} dòng bỏ qua, {invalid} dòng có lỗi.',
    summary: 'Đã nhập {imported} văn bản, bỏ qua {skipped} dòng, {invalid} dòng có lỗi.',
    refused:
      'Có dòng lỗi nên không ghi văn bản nào của tệp này. Sửa các dòng dưới đây rồi nhập lại.',
    failed: 'Lần nhập thất bại: {message}',
    interrupted:
      'Lần nhập bị gián đoạn khi máy chủ khởi động lại. Hãy nhập lại tệp (không tạo trùng).',
    problemsTitle: 'Các lỗi cần sửa',
    rowsTitle: 'Báo cáo từng dòng',
    colRow: 'Dòng',
    colField: 'Cột',
    colMessage: 'Lỗi',
    colStatus: 'Kết quả',
    colNumber: 'Số, ký hiệu',
    colSubject: 'Trích yếu',
    open: 'Mở văn bản',
  },
  en: {
    menu: 'Import past documents',
    title: 'Import documents from an earlier system',
    intro:
      'Choose a ZIP package holding a list documents.csv (or documents.json) and the document files it names, or a single CSV/JSON file. Numbers, notations and dates are kept as issued and do not use this year’s register numbers. Importing the same package again creates no duplicates.',
    sampleLink: 'See the sample file and the columns in the API documentation (docs/api.md).',
    fileLabel: 'Import file (ZIP, CSV or JSON)',
    chooseFile: 'Choose a file',
    noFile: 'Choose a ZIP, CSV or JSON file.',
    chosen: 'Chosen: {name}',
    dryRun: 'Dry run',
    run: 'Import documents',
    dryRunHint: 'A dry run checks every row and reports, writing nothing.',
    progressLabel: 'Import progress',
    phase_: 'Waiting',
    phase_validate: 'Checking the rows',
    phase_write: 'Writing the documents',
    progressText: '{phase}: {done}/{total} rows',
    summaryDry:
      'Dry run done: {imported} rows would be imported, {skipped} skipped, {invalid} with problems.',
    summary: 'Imported {imported} documents, skipped {skipped} rows, {invalid} rows with problems.',
    refused:
      'Some rows have problems, so nothing of this file was written. Fix the rows below and import again.',
    failed: 'The import failed: {message}',
    interrupted:
      'The import was interrupted by a server restart. Import the file again (no duplicates are made).',
    problemsTitle: 'Problems to fix',
    rowsTitle: 'Report by row',
    colRow: 'Row',
    colField: 'Column',
    colMessage: 'Problem',
    colStatus: 'Result',
    colNumber: 'Number',
    colSubject: 'Subject',
    open: 'Open the document',
  },
});

export type ImportTranslate = Translate<typeof importMessages.vi>;
