// STUB written by the web-incoming branch so that its document page can show files through the
// interface agreed for issue 10; the web-outgoing branch owns the real viewer (pdfjs-dist, loaded
// lazily) at this same path with this same signature, and replaces this file at merge. It shows
// a titled box with a download link; `onPageRendered` and `overlay` are accepted and unused.
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { JSX, ReactNode } from 'react';

import { defineMessages } from '../../i18n/messages';
import { useTranslate } from '../../i18n/use-translate';

const pdfViewerMessages = defineMessages({
  vi: { download: 'Tải xuống', downloadNamed: 'Tải xuống {title}' },
  en: { download: 'Download', downloadNamed: 'Download {title}' },
});

export default function PdfViewer(props: {
  src: string;
  title: string;
  onPageRendered?: (
    page: number,
    viewport: { width: number; height: number; scale: number },
  ) => void;
  overlay?: (page: number) => ReactNode;
}): JSX.Element {
  const t = useTranslate(pdfViewerMessages);
  return (
    <div
      className="cqdt-pdf-viewer-stub"
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: 8,
        padding: 12,
        border: '1px solid #d9d9d9',
        borderRadius: 8,
        background: '#fafafa',
      }}
    >
      <FilePdfOutlined aria-hidden style={{ fontSize: 24, color: '#a8071a' }} />
      <span style={{ flex: '1 1 200px', overflowWrap: 'anywhere' }}>{props.title}</span>
      <a
        href={props.src}
        download
        className="cqdt-text-link"
        aria-label={t('downloadNamed', { title: props.title })}
      >
        <DownloadOutlined aria-hidden /> {t('download')}
      </a>
    </div>
  );
}
