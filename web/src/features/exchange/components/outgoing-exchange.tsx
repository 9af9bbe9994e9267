// An outgoing document's packages on the exchange (issue 14): for each package the hub holds for
// it — the document sent to recipients outside the system, the status notices that came back —
// its deliveries and its trace of hops. Shown under the delivery panel of a released document;
// nothing at all when the document never went through the hub (no package, or a server without
// the call).
import { Alert, Button, Card, Collapse, Tag, Typography } from 'antd';

import { ApiError } from '../../../shared/api/client';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { getOutgoingExchange } from '../api/directory';
import type { HubMessageDetail } from '../api/types';
import { type ExchangeTranslate, exchangeMessages } from '../i18n';
import { DeliveriesTable, HopTrace } from './transport';

function PackageBody({ m, t }: { m: HubMessageDetail; t: ExchangeTranslate }) {
  return (
    <>
      {!m.accepted ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('refusedBy', { reason: m.refusalMessage || m.refusalReason })}
        />
      ) : null}
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('deliveriesLabel')}
      </Typography.Title>
      <DeliveriesTable deliveries={m.deliveries} label={`${t('deliveriesLabel')} ${m.id}`} />
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
        {t('traceLabel')}
      </Typography.Title>
      <HopTrace hops={m.trace} label={`${t('traceLabel')} ${m.id}`} />
    </>
  );
}

export function OutgoingExchangeSection({
  documentId,
  refreshKey,
}: {
  documentId: number;
  /** Loaded again when it changes (the document's version). */
  refreshKey?: number;
}) {
  const t = useTranslate(exchangeMessages);
  const loaded = useAsync(
    (signal) => getOutgoingExchange(documentId, signal),
    [documentId, refreshKey ?? 0],
  );
  const notThere = loaded.error instanceof ApiError && loaded.error.status === 404;
  const items = loaded.data?.items ?? [];
  if (notThere || (!loaded.error && items.length === 0)) {
    return null;
  }
  return (
    <Card>
      <section aria-labelledby="outgoing-exchange-trace">
        <Typography.Title
          id="outgoing-exchange-trace"
          level={2}
          style={{ fontSize: 18, marginTop: 0 }}
        >
          {t('traceTitle')}
        </Typography.Title>
        <p className="cqdt-muted">{t('traceIntro')}</p>
        {loaded.error ? (
          <Alert
            type="error"
            showIcon
            title={t('traceFailed')}
            action={
              <Button size="small" onClick={loaded.reload}>
                {t('reload')}
              </Button>
            }
          />
        ) : (
          <Collapse
            defaultActiveKey={items.length === 1 ? [String(items[0]?.id)] : []}
            items={items.map((m) => ({
              key: String(m.id),
              label: (
                <span>
                  {t('packageTitle', {
                    kind:
                      m.kind === 'status' && m.statusLabel
                        ? `${t('kind_status')}: ${m.statusLabel}`
                        : t('kind_document'),
                    time: formatVnTime(m.receivedAt),
                  })}{' '}
                  {m.accepted ? null : <Tag color="error">{t('hop_refused')}</Tag>}
                </span>
              ),
              children: <PackageBody m={m} t={t} />,
            }))}
          />
        )}
      </section>
    </Card>
  );
}
