// Lấy số thứ tự (/xep-hang/:agencyCode, issue 12 item 5): the kiosk in the desk's hall, without
// an account: big buttons, one per sector the desk receives, and the number printed on the
// screen with how many people are ahead. Works with a touch screen or a keyboard.
import { Button, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';

import { errorMessage } from '../../shared/api/error-message';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { MAIN_CONTENT_ID } from '../../shared/ui/skip-link';
import { type QueueTicket, queueBoard, takeTicket } from './queue-api';
import { queueMessages } from './queue-i18n';
import './onestop.css';

export default function KioskPage() {
  const { agencyCode = '' } = useParams();
  const t = useTranslate(queueMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('kioskTitle'), tc('appName'));
  const board = useAsync((signal) => queueBoard(agencyCode, signal), [agencyCode]);
  const [ticket, setTicket] = useState<QueueTicket | null>(null);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);

  const take = async (service: string) => {
    setBusy(true);
    setFailure('');
    try {
      setTicket(await takeTicket(agencyCode, service));
    } catch (caught) {
      setFailure(`${t('kioskFailed')} ${errorMessage(caught, tc)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id={MAIN_CONTENT_ID} className="cqdt-kiosk" tabIndex={-1}>
      <Typography.Title level={1}>{t('kioskTitle')}</Typography.Title>
      {board.data ? <Typography.Paragraph>{board.data.agencyName}</Typography.Paragraph> : null}
      {board.error ? <ErrorAlert error={board.error} title={t('loadFailed')} /> : null}
      {ticket ? (
        <Result
          status="success"
          title={t('ticketTitle')}
          subTitle={
            <>
              <span className="cqdt-queue-number" aria-live="polite">
                {t('number', { number: ticket.number })}
              </span>
              <br />
              {ticket.serviceName}
              <br />
              {t('ticketAhead', { count: ticket.waitingBefore })}
            </>
          }
          extra={
            <Button size="large" type="primary" onClick={() => setTicket(null)}>
              {t('ticketAgain')}
            </Button>
          }
        />
      ) : board.data ? (
        <>
          <Typography.Paragraph>{t('kioskIntro')}</Typography.Paragraph>
          <Space wrap size="large">
            {board.data.services.map((s) => (
              <Button
                key={s.code}
                size="large"
                className="cqdt-kiosk__service"
                disabled={busy}
                onClick={() => void take(s.code)}
              >
                {s.name}
              </Button>
            ))}
            <Button
              size="large"
              className="cqdt-kiosk__service"
              disabled={busy}
              onClick={() => void take('')}
            >
              {t('kioskAny')}
            </Button>
          </Space>
        </>
      ) : null}
      {failure ? (
        <Typography.Paragraph role="alert" type="danger">
          {failure}
        </Typography.Paragraph>
      ) : null}
    </main>
  );
}
