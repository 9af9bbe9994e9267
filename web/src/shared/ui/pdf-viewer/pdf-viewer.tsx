// The PDF viewer every document page uses (issue 10): pdf.js draws one page at a time on a canvas,
// with page navigation and zoom as ordinary buttons (keyboard-reachable, named), an accessible
// name for the page image, an optional text layer, and an overlay slot over each page (the
// number/date position picker of the outgoing documents draws its boxes there).
//
// pdf.js and its worker are loaded on first use (`load-pdfjs.ts` is a dynamic import), so no
// page pays for them until it shows a PDF. The file is fetched with the session cookie (same
// origin); a failed fetch or an unreadable file says so and keeps the download link.
import {
  DownloadOutlined,
  LeftOutlined,
  RightOutlined,
  ZoomInOutlined,
  ZoomOutOutlined,
} from '@ant-design/icons';
import { Alert, Button, Space, Spin } from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';

import { useTranslate } from '../../i18n/use-translate';
import type { PDFDocumentProxy } from './load-pdfjs';
import { pdfViewerMessages } from './pdf-viewer-messages';
import './pdf-viewer.css';

export interface PdfViewport {
  /** The drawn page's size in CSS pixels. */
  width: number;
  height: number;
  /** CSS pixels per PDF point (1/72 in): a point (x, y) of the page is at (x·scale, height − y·scale). */
  scale: number;
}

export interface PdfViewerProps {
  /** Same-origin URL of the PDF (an API file route); fetched with the session cookie. */
  src: string;
  /** What the file is, for screen readers and the toolbar ("Dự thảo phiên bản 2"). */
  title: string;
  /** Called after each page is drawn, with its size and scale. */
  onPageRendered?: (page: number, viewport: PdfViewport) => void;
  /** Drawn over each page, in its CSS pixel box (position: absolute children). */
  overlay?: (page: number) => ReactNode;
  /** Selectable text over the page (off by default: the canvas alone is lighter). */
  textLayer?: boolean;
}

const MIN_SCALE = 0.25;
const MAX_SCALE = 4;
const ZOOM_STEP = 1.25;

export default function PdfViewer(props: PdfViewerProps) {
  // A new file starts afresh: page 1, fitted to the width.
  return <PdfViewerOf key={props.src} {...props} />;
}

function PdfViewerOf({ src, title, onPageRendered, overlay, textLayer = false }: PdfViewerProps) {
  const t = useTranslate(pdfViewerMessages);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState(false);
  const [page, setPage] = useState(1);
  const [scale, setScale] = useState<number | null>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const renderedRef = useRef(onPageRendered);
  useEffect(() => {
    renderedRef.current = onPageRendered;
  });

  // Load the file (and pdf.js) whenever the source changes.
  useEffect(() => {
    const controller = new AbortController();
    let loaded: PDFDocumentProxy | null = null;
    (async () => {
      const [{ openPdf }, response] = await Promise.all([
        import('./load-pdfjs'),
        fetch(src, { credentials: 'same-origin', signal: controller.signal }),
      ]);
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      loaded = await openPdf(bytes);
      if (controller.signal.aborted) {
        void loaded.destroy();
        return;
      }
      setDoc(loaded);
    })().catch(() => {
      if (!controller.signal.aborted) {
        setFailed(true);
      }
    });
    return () => {
      controller.abort();
      if (loaded) {
        void loaded.destroy();
      }
    };
  }, [src]);

  // Draw the current page at the current scale (the first time: as wide as the viewer).
  useEffect(() => {
    if (!doc) {
      return undefined;
    }
    let cancelled = false;
    let cancelRender: (() => void) | undefined;
    let cancelText: (() => void) | undefined;
    (async () => {
      const pdfPage = await doc.getPage(page);
      if (cancelled) {
        return;
      }
      let current = scale;
      if (current === null) {
        const natural = pdfPage.getViewport({ scale: 1 });
        const available = (scrollerRef.current?.clientWidth ?? natural.width) - 24;
        current = Math.min(1.5, Math.max(MIN_SCALE, available / natural.width));
        setScale(current);
        return; // the effect runs again with the scale
      }
      const viewport = pdfPage.getViewport({ scale: current });
      const canvas = canvasRef.current;
      const context = canvas?.getContext('2d');
      if (!canvas || !context) {
        return;
      }
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${viewport.width}px`;
      canvas.style.height = `${viewport.height}px`;
      const task = pdfPage.render({
        canvas,
        canvasContext: context,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      });
      cancelRender = () => task.cancel();
      await task.promise;
      if (cancelled) {
        return;
      }
      setSize({ width: viewport.width, height: viewport.height });
      if (textLayer && textRef.current) {
        const { TextLayer } = await import('./load-pdfjs');
        textRef.current.replaceChildren();
        const layer = new TextLayer({
          textContentSource: pdfPage.streamTextContent(),
          container: textRef.current,
          viewport,
        });
        cancelText = () => layer.cancel();
        await layer.render();
      }
      if (!cancelled) {
        renderedRef.current?.(page, {
          width: viewport.width,
          height: viewport.height,
          scale: current,
        });
      }
    })().catch((error: unknown) => {
      // A render cancelled by a newer one is expected; anything else means the page is unreadable.
      if (!cancelled && !(error instanceof Error && error.name === 'RenderingCancelledException')) {
        setFailed(true);
      }
    });
    return () => {
      cancelled = true;
      cancelRender?.();
      cancelText?.();
    };
  }, [doc, page, scale, textLayer]);

  const pages = doc?.numPages ?? 0;
  const zoom = (factor: number) =>
    setScale((s) => (s === null ? s : Math.min(MAX_SCALE, Math.max(MIN_SCALE, s * factor))));
  const download = (
    <Button
      href={src}
      download
      icon={<DownloadOutlined aria-hidden />}
      size="small"
      // The visible word starts the name (WCAG 2.5.3); the file's title tells several apart.
      aria-label={`${t('download')} ${title}`}
    >
      {t('download')}
    </Button>
  );

  return (
    <div className="cqdt-pdf-viewer">
      <div className="cqdt-pdf-viewer__toolbar" role="toolbar" aria-label={t('toolbar', { title })}>
        <Space wrap size="small">
          <Button
            size="small"
            icon={<LeftOutlined aria-hidden />}
            aria-label={t('previous')}
            disabled={!doc || page <= 1}
            onClick={() => setPage((p) => Math.max(1, p - 1))}
          />
          <span className="cqdt-pdf-viewer__status" aria-live="polite">
            {doc ? t('pageOf', { page, pages }) : null}
          </span>
          <Button
            size="small"
            icon={<RightOutlined aria-hidden />}
            aria-label={t('next')}
            disabled={!doc || page >= pages}
            onClick={() => setPage((p) => Math.min(pages, p + 1))}
          />
          <Button
            size="small"
            icon={<ZoomOutOutlined aria-hidden />}
            aria-label={t('zoomOut')}
            disabled={!doc || scale === null || scale <= MIN_SCALE}
            onClick={() => zoom(1 / ZOOM_STEP)}
          />
          <span className="cqdt-muted">
            {scale !== null ? t('zoomLevel', { percent: Math.round(scale * 100) }) : null}
          </span>
          <Button
            size="small"
            icon={<ZoomInOutlined aria-hidden />}
            aria-label={t('zoomIn')}
            disabled={!doc || scale === null || scale >= MAX_SCALE}
            onClick={() => zoom(ZOOM_STEP)}
          />
          {download}
        </Space>
      </div>
      <div
        className="cqdt-pdf-viewer__scroller"
        ref={scrollerRef}
        role="region"
        aria-label={title}
        // Focusable so that a page wider than the viewer scrolls with the arrow keys.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
      >
        {failed ? (
          <Alert type="warning" showIcon title={t('failed')} />
        ) : (
          <>
            {!size ? (
              <Spin tip={t('loading')}>
                <div style={{ minHeight: 120 }} />
              </Spin>
            ) : null}
            <div
              className="cqdt-pdf-viewer__page"
              style={
                size
                  ? { width: size.width, height: size.height }
                  : { height: 0, overflow: 'hidden' }
              }
            >
              <canvas
                ref={canvasRef}
                role="img"
                aria-label={t('pageImage', { title, page, pages: pages || 1 })}
              />
              {textLayer ? <div ref={textRef} className="cqdt-pdf-viewer__text" /> : null}
              {size && overlay ? (
                <div className="cqdt-pdf-viewer__overlay">{overlay(page)}</div>
              ) : null}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
