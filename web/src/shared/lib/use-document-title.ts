import { useEffect } from 'react';

/** Sets document.title to "<page> – <app>" while the page is shown (WCAG 2.4.2). */
export function useDocumentTitle(pageTitle: string, appName: string): void {
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} – ${appName}` : appName;
  }, [pageTitle, appName]);
}
