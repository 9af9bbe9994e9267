// Deliveries by state, dead letters first (the packages the hub could not deliver: no route, or
// the retries ran out), with a replay for those that are stuck; a 409 is explained (still no
// route, or delivered already). Each delivery's package opens in the drawer.
import { App as AntdApp, Alert, Button, Select, Space } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { ApiError } from '../../../../shared/api/client';
import { errorMessage } from '../../../../shared/api/error-message';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useLanguage } from '../../../../shared/i18n/use-language';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { exchangeAdminMessages } from '../../admin-i18n';
import { listDeliveries, replayDelivery } from '../../api/hub';
import type { HubDelivery, TransportState } from '../../api/types';
import { DeliveriesTable } from '../transport';
import { MessageDrawer } from './message-drawer';

const STATES: readonly TransportState[] = [
  'dead',
  'pending',
  'failed',
  'delivered',
  'acknowledged',
];
const REPLAYABLE = new Set<TransportState>(['dead', 'failed', 'pending']);

export function DeliveriesTab() {
  const t = useTranslate(exchangeAdminMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { message } = AntdApp.useApp();
  const [state, setState] = useState<TransportState>('dead');
  const [open, setOpen] = useState<number | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [problem, setProblem] = useState<{ recipient: string; error: unknown } | null>(null);
  const list = useAsync((signal) => listDeliveries(state, signal), [state, lang]);

  const replay = (d: HubDelivery) => {
    setBusy(d.id);
    setProblem(null);
    replayDelivery(d.id)
      .then(() => {
        void message.success(t('replayed'));
        list.reload();
      })
      .catch((reason: unknown) => setProblem({ recipient: d.recipient, error: reason }))
      .finally(() => setBusy(null));
  };

  const extra: TableColumnsType<HubDelivery>[number] = {
    title: t('colActions'),
    key: 'actions',
    render: (_, d) => (
      <Space wrap size="small">
        {d.messageId ? (
          <Button size="small" onClick={() => setOpen(d.messageId ?? null)}>
            {t('openMessage', { id: d.messageId })}
          </Button>
        ) : null}
        {REPLAYABLE.has(d.state) ? (
          <Button
            size="small"
            type="primary"
            loading={busy === d.id}
            aria-label={t('replayOf', { recipient: d.recipient })}
            onClick={() => replay(d)}
          >
            {t('replay')}
          </Button>
        ) : null}
      </Space>
    ),
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <label htmlFor="exchange-delivery-state">{t('stateFilter')}</label>
        <Select<TransportState>
          id="exchange-delivery-state"
          style={{ width: 280, maxWidth: '100%' }}
          value={state}
          onChange={(value) => {
            setState(value);
            setProblem(null);
          }}
          options={STATES.map((s) => ({ value: s, label: t(`dstate_${s}`) }))}
        />
      </Space>
      {problem ? (
        problem.error instanceof ApiError && problem.error.status === 409 ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title={`${t('replayConflict')}: ${problem.recipient}`}
            description={
              <>
                <div>{errorMessage(problem.error, tc)}</div>
                <div>{t('replayConflictHelp')}</div>
              </>
            }
          />
        ) : (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={problem.error} />
          </div>
        )
      ) : null}
      {list.error ? (
        <Space direction="vertical">
          <ErrorAlert error={list.error} title={t('loadFailed')} />
          <Button onClick={list.reload}>{t('reload')}</Button>
        </Space>
      ) : (
        <DeliveriesTable
          deliveries={list.data?.items ?? []}
          label={t('deliveriesTable')}
          extraColumn={extra}
          emptyText={state === 'dead' ? t('deliveriesEmpty_dead') : t('deliveriesEmpty_other')}
        />
      )}
      {open !== null ? <MessageDrawer id={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
