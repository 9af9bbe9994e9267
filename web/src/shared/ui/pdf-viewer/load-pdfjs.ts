// pdf.js, loaded only when a PDF is first shown: this module is imported dynamically by the viewer,
// so the library and its worker are chunks of their own and never part of the first page.
import { getDocument, GlobalWorkerOptions, TextLayer } from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import PdfWorker from 'pdfjs-dist/build/pdf.worker.min.mjs?worker';

// One worker for every PDF of the page, built by Vite as a `.js` asset: the server sends `.js`
// as JavaScript, while a `.mjs` file would go out as application/octet-stream, which browsers
// refuse to run as a worker.
GlobalWorkerOptions.workerPort = new PdfWorker();

export type { PDFDocumentProxy };
export { TextLayer };

/**
 * Parses the bytes of a PDF. The server's CSP allows no eval and no foreign origin: pdf.js must
 * not compile fonts with `new Function`, and it fetches nothing else (no CMaps or standard fonts
 * from a CDN; the documents we show embed their fonts).
 */
export function openPdf(data: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({
    data,
    isEvalSupported: false,
    enableXfa: false,
    useSystemFonts: true,
  }).promise;
}
