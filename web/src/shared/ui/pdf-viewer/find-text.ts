// Finds lines of text on a page of a PDF (for a position picker to start where the words are).
// Loads pdf.js lazily like the viewer.

/** A box on a page in PDF points, origin at the bottom left. */
export interface PdfBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** For each pattern, the box of the first text run on `pageNumber` that matches it, or null. */
export async function findTextBoxes(
  src: string,
  pageNumber: number,
  patterns: readonly RegExp[],
  signal?: AbortSignal,
): Promise<(PdfBox | null)[]> {
  const [{ openPdf }, response] = await Promise.all([
    import('./load-pdfjs'),
    fetch(src, { credentials: 'same-origin', signal }),
  ]);
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  const doc = await openPdf(new Uint8Array(await response.arrayBuffer()));
  try {
    const page = await doc.getPage(pageNumber);
    const content = await page.getTextContent();
    const runs = content.items.flatMap((item) =>
      'str' in item && item.str.trim()
        ? [
            {
              text: item.str,
              x: item.transform[4] as number,
              y: item.transform[5] as number,
              width: item.width,
              size: Math.hypot(item.transform[2] as number, item.transform[3] as number) || 12,
            },
          ]
        : [],
    );
    return patterns.map((pattern) => {
      const run = runs.find((r) => pattern.test(r.text));
      if (!run) {
        return null;
      }
      // From a little under the baseline to a little over the letters' height.
      return { x: run.x, y: run.y - run.size * 0.3, width: run.width, height: run.size * 1.4 };
    });
  } finally {
    void doc.destroy();
  }
}
