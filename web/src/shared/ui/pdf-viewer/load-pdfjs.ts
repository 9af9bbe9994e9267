// pdf.js, loaded only when a PDF is first shown: this module is imported dynamically by the viewer,
// so the library and its worker are chunks of their own and never part of the first page.
import { getDocument, PDFWorker, TextLayer } from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import PdfWorker from 'pdfjs-dist/build/pdf.worker.min.mjs?worker';

// One worker for every PDF of the page, built by Vite as a `.js` asset: the server sends `.js`
// as JavaScript, while a `.mjs` file would go out as application/octet-stream, which browsers
// refuse to run as a worker.
//
// It is handed to each `getDocument` as `worker`, not set as `GlobalWorkerOptions.workerPort`:
// with the global port, destroying one document destroys the shared PDFWorker, and a document
// still loading on it (the viewer replaced by a newer version) waits forever. A worker passed in
// is never destroyed by a document.
const worker = PDFWorker.create({ port: new PdfWorker() });

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
    worker,
    isEvalSupported: false,
    enableXfa: false,
    useSystemFonts: true,
  }).promise;
}
