import { defineMessages } from '../../i18n/messages';

export const pdfViewerMessages = defineMessages({
  vi: {
    loading: 'Đang mở tệp PDF…',
    failed: 'Không mở được tệp PDF để xem trước. Bạn vẫn có thể tải tệp xuống.',
    download: 'Tải xuống',
    previous: 'Trang trước',
    next: 'Trang sau',
    zoomIn: 'Phóng to',
    zoomOut: 'Thu nhỏ',
    pageOf: 'Trang {page}/{pages}',
    pageImage: '{title}, trang {page}/{pages}',
    zoomLevel: 'Tỷ lệ {percent}%',
    toolbar: 'Điều khiển xem tệp {title}',
  },
  en: {
    loading: 'Opening the PDF…',
    failed: 'The PDF could not be opened for preview. You can still download it.',
    download: 'Download',
    previous: 'Previous page',
    next: 'Next page',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    pageOf: 'Page {page} of {pages}',
    pageImage: '{title}, page {page} of {pages}',
    zoomLevel: 'Zoom {percent}%',
    toolbar: 'Controls for viewing {title}',
  },
});
