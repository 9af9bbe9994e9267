// Bảng gọi số (/bang-goi-so/:agencyCode, issue 12 item 5): the display in the desk's hall,
// without an account: the numbers being served at each counter, the newest call first and
// large, and how many people wait. It reads the board every 3 seconds; a new call is announced
// to screen readers (aria-live).
import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';

import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { MAIN_CONTENT_ID } from '../../shared/ui/skip-link';
import { queueBoard } from './queue-api';
import { queueMessages } from './queue-i18n';
import './onestop.css';

const REFRESH_MS = 3000;

export default function DisplayPage() {
  const { agencyCode = '' } = useParams();
  const t = useTranslate(queueMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('displayLink'), tc('appName'));
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  const board = useAsync((signal) => queueBoard(agencyCode, signal), [agencyCode, tick]);
  const data = board.data;
  const latest = data?.serving[0];

  return (
    <main id={MAIN_CONTENT_ID} className="cqdt-display" tabIndex={-1}>
      <Typography.Title level={1}>{data?.agencyName ?? t('displayLink')}</Typography.Title>
      {board.error && !data ? <ErrorAlert error={board.error} title={t('loadFailed')} /> : null}
      <section aria-live="polite" className="cqdt-display__latest">
        {latest ? (
          <>
            <p>{t('displayTitle')}</p>
            <p className="cqdt-queue-number cqdt-queue-number--large">
              {t('number', { number: latest.number })}
            </p>
            <p>{t('displayCounter', { counter: latest.counter })}</p>
          </>
        ) : data ? (
          <p>{t('displayEmpty')}</p>
        ) : null}
      </section>
      {data && data.serving.length > 1 ? (
        <ul className="cqdt-display__others">
          {data.serving.slice(1).map((s) => (
            <li key={s.id}>
              {t('number', { number: s.number })} – {s.counter}
            </li>
          ))}
        </ul>
      ) : null}
      {data ? <p>{t('displayWaiting', { count: data.waiting })}</p> : null}
    </main>
  );
}
