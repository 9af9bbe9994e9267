export const MAIN_CONTENT_ID = 'main-content';

/** First focusable element of every page: jumps over the header and menu (WCAG 2.4.1). */
export function SkipLink({ label }: { label: string }) {
  return (
    <a className="cqdt-skip-link" href={`#${MAIN_CONTENT_ID}`}>
      {label}
    </a>
  );
}
