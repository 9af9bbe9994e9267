// The sender's view of a released document (issue 10: "the sender sees, per recipient, the states
// received / refused / registered / assigned / in progress / completed"): one row per recipient
// with its status in words, when it got there (Vietnam time), the history on demand, and for a
// recipient outside the system the form that records a send by e-mail or on paper.
import {
  App as AntdApp,
  Alert,
  Button,
  Card,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { ApiError } from '../../../../shared/api/client';
import { applyFieldErrors } from '../../../../shared/api/form-errors';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { formatVnDate, formatVnTime } from '../../../../shared/lib/vn-time';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import {
  type Delivery,
  type DeliveryHistoryEntry,
  type DeliveryStatus,
  listDeliveries,
  manualSend,
} from '../api/delivery';
import type { OutgoingDocument } from '../api/types';
import { type DeliveryTranslate, deliveryMessages } from './delivery-i18n';
import { isStale, StaleAlert } from './load-problem';

/** A colour per status; the label the server sends says it in words. */
const STATUS_COLOR: Record<DeliveryStatus, string> = {
  waiting: 'purple',
  sent: 'geekblue',
  '01': 'processing',
  '02': 'error',
  '03': 'success',
  '04': 'success',
  '05': 'success',
  '06': 'success',
  '13': 'warning',
  '15': 'default',
  '16': 'error',
};

export function DeliveryStatusTag({ status, label }: { status: DeliveryStatus; label: string }) {
  return <Tag color={STATUS_COLOR[status] ?? 'default'}>{label}</Tag>;
}

/** Today in Vietnam (UTC+7), as YYYY-MM-DD: the default date of a manual send. */
function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

function History({ items, t }: { items: DeliveryHistoryEntry[]; t: DeliveryTranslate }) {
  if (items.length === 0) {
    return <EmptyState text={t('historyEmpty')} />;
  }
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(h) => (
        <List.Item>
          <div>
            <DeliveryStatusTag status={h.status} label={h.statusLabel} />{' '}
            <span className="cqdt-muted">
              {t('timeVn', { time: formatVnTime(h.at) })}
              {h.actorName ? ` · ${h.actorName}` : ''}
            </span>
            {h.moved ? null : <span className="cqdt-muted"> {t('historyNotMoved')}</span>}
            {h.reason ? <div>{t('historyReason', { reason: h.reason })}</div> : null}
          </div>
        </List.Item>
      )}
    />
  );
}

export function DeliveryPanel({ doc, canSend }: { doc: OutgoingDocument; canSend: boolean }) {
  const t = useTranslate(deliveryMessages);
  const loaded = useAsync((signal) => listDeliveries(doc.id, signal), [doc.id, doc.version]);
  const [open, setOpen] = useState<number[]>([]);
  const [sending, setSending] = useState<Delivery | null>(null);
  const [stale, setStale] = useState(false);

  const toggle = (id: number) =>
    setOpen((keys) => (keys.includes(id) ? keys.filter((k) => k !== id) : [...keys, id]));

  const columns: TableColumnsType<Delivery> = [
    {
      title: t('colRecipient'),
      key: 'recipient',
      render: (_, d) => (
        <span>
          {d.recipientName}{' '}
          {d.recipientCode ? <span className="cqdt-muted">({d.recipientCode}) </span> : null}
          {d.external ? (
            <Tag>{t('recipientExternal')}</Tag>
          ) : (
            <Tag color="blue">{t('recipientHere')}</Tag>
          )}
        </span>
      ),
    },
    {
      title: t('colStatus'),
      key: 'status',
      render: (_, d) => <DeliveryStatusTag status={d.status} label={d.statusLabel} />,
    },
    {
      title: t('colStatusAt'),
      dataIndex: 'statusAt',
      key: 'statusAt',
      render: (value: string) => formatVnTime(value),
    },
    {
      title: t('colDetail'),
      key: 'detail',
      render: (_, d) =>
        d.manualChannelLabel && d.manualDate ? (
          <span>
            {t('manualSentVia', {
              channel: d.manualChannelLabel,
              date: formatVnDate(d.manualDate),
            })}
            {d.note ? ` — ${d.note}` : ''}
          </span>
        ) : null,
    },
    {
      title: t('colActions'),
      key: 'actions',
      render: (_, d) => (
        <span style={{ display: 'inline-flex', gap: 8, flexWrap: 'wrap' }}>
          <Button size="small" aria-expanded={open.includes(d.id)} onClick={() => toggle(d.id)}>
            {open.includes(d.id)
              ? t('hideHistory', { name: d.recipientName })
              : t('showHistory', { name: d.recipientName })}
          </Button>
          {canSend && d.external && d.status === 'waiting' ? (
            <Button size="small" onClick={() => setSending(d)}>
              {t('manualButton')}
            </Button>
          ) : null}
        </span>
      ),
    },
  ];

  return (
    <Card>
      <section aria-labelledby="outgoing-delivery-panel">
        <Typography.Title
          id="outgoing-delivery-panel"
          level={2}
          style={{ fontSize: 18, marginTop: 0 }}
        >
          {t('deliveriesTitle')}
        </Typography.Title>
        <p className="cqdt-muted">{t('deliveriesIntro')}</p>
        {stale ? <StaleAlert onReload={() => (setStale(false), loaded.reload())} /> : null}
        {loaded.error ? (
          <Alert
            type="error"
            showIcon
            title={t('loadFailed')}
            action={
              <Button size="small" onClick={loaded.reload}>
                {t('reload')}
              </Button>
            }
          />
        ) : (
          <Table<Delivery>
            rowKey="id"
            size="small"
            pagination={false}
            loading={loaded.loading && !loaded.data}
            columns={columns}
            dataSource={loaded.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            expandable={{
              expandedRowKeys: open,
              showExpandColumn: false,
              expandedRowRender: (d) => <History items={d.history} t={t} />,
            }}
            locale={{ emptyText: <EmptyState text={t('deliveriesEmpty')} /> }}
          />
        )}
      </section>
      {sending ? (
        <ManualSendDialog
          delivery={sending}
          onClose={() => setSending(null)}
          onDone={() => {
            setSending(null);
            loaded.reload();
          }}
          onStale={() => {
            setSending(null);
            setStale(true);
          }}
        />
      ) : null}
    </Card>
  );
}

interface ManualValues {
  channel?: 'email' | 'paper';
  date?: string;
  note?: string;
}

function ManualSendDialog({
  delivery,
  onClose,
  onDone,
  onStale,
}: {
  delivery: Delivery;
  onClose: () => void;
  onDone: () => void;
  onStale: () => void;
}) {
  const t = useTranslate(deliveryMessages);
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<ManualValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = (values: ManualValues) => {
    setBusy(true);
    setError(undefined);
    manualSend(delivery, {
      channel: values.channel ?? 'email',
      date: values.date ?? '',
      note: values.note?.trim() || undefined,
    })
      .then(() => {
        void message.success(t('manualSaved'));
        onDone();
      })
      .catch((reason: unknown) => {
        if (isStale(reason)) {
          onStale();
          return;
        }
        const unmatched = applyFieldErrors(form, reason, ['channel', 'date', 'note']);
        if (
          !(reason instanceof ApiError) ||
          unmatched.length > 0 ||
          reason.fieldErrors.length === 0
        ) {
          setError(reason);
        }
      })
      .finally(() => setBusy(false));
  };
  return (
    <Modal
      open
      title={t('manualTitle', { name: delivery.recipientName })}
      onCancel={onClose}
      okText={t('manualSave')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <p>{t('manualIntro')}</p>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Form
        form={form}
        name="delivery-manual-send"
        layout="vertical"
        noValidate
        initialValues={{ channel: 'email', date: todayInVietnam() }}
        onFinish={submit}
      >
        <Form.Item
          name="channel"
          label={t('channelLabel')}
          rules={[{ required: true, message: t('channelRequired') }]}
        >
          <Radio.Group
            options={[
              { value: 'email', label: t('channelEmail') },
              { value: 'paper', label: t('channelPaper') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="date"
          label={t('dateLabel')}
          rules={[{ required: true, message: t('dateRequired') }]}
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item name="note" label={t('noteLabel')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
