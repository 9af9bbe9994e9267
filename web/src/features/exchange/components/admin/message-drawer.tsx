// One package the hub holds: its items, why it was refused or what it was accepted with, its
// deliveries and trace of hops, and the package file to download.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Space, Tag, Typography } from 'antd';

import { useLanguage } from '../../../../shared/i18n/use-language';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { type ExchangeAdminTranslate, exchangeAdminMessages } from '../../admin-i18n';
import { getMessage, packageUrl } from '../../api/hub';
import type { HubMessage } from '../../api/types';
import { exchangeMessages } from '../../i18n';
import { formatSize } from '../../lib/format';
import { DeliveriesTable, HopTrace } from '../transport';

export function sourceLabel(t: ExchangeAdminTranslate, m: Pick<HubMessage, 'source'>): string {
  return m.source === 'local' || !m.source ? t('source_local') : m.source;
}

export function MessageKind({ m }: { m: HubMessage }) {
  const tx = useTranslate(exchangeMessages);
  return (
    <span>
      {m.kind === 'status' ? tx('kind_status') : tx('kind_document')}
      {m.kind === 'status' && m.statusLabel ? (
        <>
          : <Tag>{m.statusLabel}</Tag>
        </>
      ) : null}
    </span>
  );
}

export function MessageDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const t = useTranslate(exchangeAdminMessages);
  const tx = useTranslate(exchangeMessages);
  const { lang } = useLanguage();
  const loaded = useAsync((signal) => getMessage(id, signal), [id, lang]);
  const m = loaded.data;
  return (
    <Drawer open title={t('messageTitle', { id })} onClose={onClose} size={720} destroyOnHidden>
      {loaded.error ? (
        <Space direction="vertical">
          <ErrorAlert error={loaded.error} title={t('loadFailed')} />
          <Button onClick={loaded.reload}>{t('reload')}</Button>
        </Space>
      ) : null}
      {m ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {!m.accepted ? (
            <Alert
              type="error"
              showIcon
              title={t('refusalTitle')}
              description={m.refusalMessage || m.refusalReason}
            />
          ) : null}
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('colMessageKind')}>
              <MessageKind m={m} />
            </Descriptions.Item>
            <Descriptions.Item label={t('colSubject')}>{m.subject || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('documentIdLabel')}>
              <span className="cqdt-break cqdt-mono">{m.documentId}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('fromLabel')}>{m.from}</Descriptions.Item>
            <Descriptions.Item label={t('sourceLabel')}>{sourceLabel(t, m)}</Descriptions.Item>
            <Descriptions.Item label={t('resultLabel')}>
              {m.accepted ? (
                <Tag color="success">{t('accepted')}</Tag>
              ) : (
                <Tag color="error">{t('refused')}</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('receivedAtLabel')}>
              {tx('timeVn', { time: formatVnTime(m.receivedAt) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('sizeLabel')}>{formatSize(m.size, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('shaLabel')}>
              <span className="cqdt-break cqdt-mono">{m.sha256}</span>
            </Descriptions.Item>
          </Descriptions>
          <a href={packageUrl(m.id)} download>
            <DownloadOutlined aria-hidden /> {t('downloadPackage')}
          </a>
          {m.warnings.length > 0 ? (
            <section aria-labelledby="message-warnings">
              <Typography.Title id="message-warnings" level={3} style={{ fontSize: 16 }}>
                {t('warningsTitle')}
              </Typography.Title>
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {m.warnings.map((w, index) => (
                  <li key={`${w.code}-${index}`}>{w.message}</li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="message-deliveries">
            <Typography.Title id="message-deliveries" level={3} style={{ fontSize: 16 }}>
              {t('deliveriesTitle')}
            </Typography.Title>
            <DeliveriesTable deliveries={m.deliveries} label={t('deliveriesTitle')} />
          </section>
          <section aria-labelledby="message-trace">
            <Typography.Title id="message-trace" level={3} style={{ fontSize: 16 }}>
              {t('traceTitle')}
            </Typography.Title>
            <HopTrace hops={m.trace} label={t('traceTitle')} />
          </section>
        </Space>
      ) : null}
    </Drawer>
  );
}
