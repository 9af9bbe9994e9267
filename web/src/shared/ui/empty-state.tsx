import { InboxOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

/**
 * What an empty list or table shows: a sentence saying what will appear there (never a bare
 * "Trống" / "No data"), and optionally where it comes from or what to do next. No antd <Empty>:
 * its picture carries an English <title> that screen readers would read in a Vietnamese page.
 */
export function EmptyState({ text, extra }: { text: ReactNode; extra?: ReactNode }) {
  return (
    <div className="cqdt-empty-state">
      <InboxOutlined className="cqdt-empty-state__icon" aria-hidden />
      <p className="cqdt-empty-state__text">{text}</p>
      {extra ? <div className="cqdt-empty-state__extra">{extra}</div> : null}
    </div>
  );
}
