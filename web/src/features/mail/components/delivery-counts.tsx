// The notices by the state of their e-mail (pending, sent, failed, skipped), and what the
// delivery worker did since the server started; above the outbox. While e-mail is off it says so
// (the outbox below still lists the notices).
import { Button, Typography } from 'antd';

import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { getCounts } from '../api';
import { mailAdminMessages } from '../i18n';
import { MailLoadError } from './mail-load-error';

const STATES = ['pending', 'sent', 'failed', 'skipped'] as const;

export function DeliveryCounts({
  version,
}: {
  /** Changes when the outbox changed. */ version: number;
}) {
  const t = useTranslate(mailAdminMessages);
  const counts = useAsync((signal) => getCounts(signal), [version]);
  if (counts.error) {
    return (
      <MailLoadError
        error={counts.error}
        offTitle={t('offTitle')}
        offText={t('offText')}
        title={t('loadFailed')}
        reloadLabel={t('reload')}
        onReload={counts.reload}
      />
    );
  }
  const c = counts.data;
  return (
    <section aria-labelledby="mail-counts-title" style={{ marginBottom: 24 }}>
      <Typography.Title id="mail-counts-title" level={3} style={{ fontSize: 16 }}>
        {t('countsTitle')}
      </Typography.Title>
      <ul className="cqdt-mail-counts" aria-busy={counts.loading}>
        {STATES.map((state) => (
          <li key={state} className={state === 'failed' && c?.failed ? 'is-failed' : undefined}>
            <span className="cqdt-mail-counts__label">{t(`count_${state}`)}</span>
            <span className="cqdt-mail-counts__value" data-testid={`mail-count-${state}`}>
              {c ? c[state].toLocaleString('vi-VN') : '–'}
            </span>
          </li>
        ))}
      </ul>
      {c ? (
        <Typography.Paragraph className="cqdt-muted" style={{ marginBottom: 8 }}>
          {t('sinceStart', c.sinceStart)}
        </Typography.Paragraph>
      ) : null}
      <Button size="small" onClick={counts.reload} loading={counts.loading && !!c}>
        {t('refresh')}
      </Button>
    </section>
  );
}
