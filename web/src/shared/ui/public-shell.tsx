import type { ReactNode } from 'react';

import { MAIN_CONTENT_ID, SkipLink } from './skip-link';

/**
 * The frame of pages shown before sign-in (staff login): a header with the app name and the
 * language switch, one main landmark, a footer.
 */
export function PublicShell({
  appName,
  skipLabel,
  headerExtra,
  footer,
  children,
}: {
  appName: string;
  skipLabel: string;
  headerExtra?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="cqdt-public-shell">
      <SkipLink label={skipLabel} />
      <header className="cqdt-public-shell__header">
        <span className="cqdt-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{appName}</span>
        </span>
        {headerExtra}
      </header>
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="cqdt-public-shell__main">
        {children}
      </main>
      {footer ? <footer className="cqdt-public-shell__footer">{footer}</footer> : null}
    </div>
  );
}
