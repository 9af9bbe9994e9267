// "Văn bản chờ bạn ký": the approved documents waiting for the caller's signature (the `sign`
// work queue), several signed at once with a server-held key or the USB token. Every document
// is its own transaction on the server and shows its own result here.
import { CheckCircleOutlined, CloseCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';

import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import type { AgentCertificate } from '../../../../shared/signing-agent/agent-client';
import { listSigningKeys } from '../api/outgoing';
import {
  batchCompleteToken,
  batchPrepareToken,
  batchSign,
  type BatchItem,
  type BatchResult,
  listToSign,
  type QueueItem,
} from '../api/processing';
import type { Urgency } from '../api/types';
import { outgoingMessages } from '../i18n';
import { outgoingPath } from '../paths';
import { processingMessages, type ProcessingTranslate } from './processing-i18n';
import { AgentGate, agentProblemText } from './token-sign';
import { useSigningAgent } from '../../../../shared/signing-agent/use-signing-agent';

type Result = { state: 'waiting' } | { state: 'signed' } | { state: 'failed'; text: string };

function problemText(item: BatchItem, t: ProcessingTranslate): string {
  if (item.status === 412) {
    return t('batchResultStale');
  }
  return item.problem?.detail || item.problem?.title || String(item.status);
}

/** How a token batch ended when the server answered: null when it starts again. */
type TokenOutcome = { succeeded: number; total: number } | null;

function TokenBatch({
  rows,
  onResults,
  onOutcome,
  busy,
  setBusy,
}: {
  rows: QueueItem[];
  onResults: (update: Map<number, Result>) => void;
  onOutcome: (outcome: TokenOutcome) => void;
  busy: boolean;
  setBusy: (busy: boolean) => void;
}) {
  const t = useTranslate(processingMessages);
  const agent = useSigningAgent();
  const [error, setError] = useState<unknown>(null);
  const sign = async (certificate: AgentCertificate) => {
    setError(null);
    setBusy(true);
    onOutcome(null);
    const results = new Map<number, Result>(rows.map((r) => [r.id, { state: 'waiting' }]));
    onResults(new Map(results));
    try {
      const refs = rows.map((r) => ({ id: r.id, version: r.version }));
      const prepared = await batchPrepareToken(refs, [
        certificate.certificate,
        ...certificate.chain,
      ]);
      const ready = prepared.items.filter((item) => item.preparation);
      for (const item of prepared.items) {
        if (!item.preparation) {
          results.set(item.id, { state: 'failed', text: problemText(item, t) });
        }
      }
      onResults(new Map(results));
      if (ready.length === 0) {
        onOutcome({ succeeded: 0, total: rows.length });
        return;
      }
      let signatures: string[];
      try {
        signatures = await agent.sign(
          certificate,
          ready.map((item) => ({
            digest: item.preparation?.digest ?? '',
            name: item.subject ?? item.preparation?.fileName ?? String(item.id),
          })),
        );
      } catch (caught) {
        const text = agentProblemText(caught, t);
        ready.forEach((item) => results.set(item.id, { state: 'failed', text }));
        onResults(new Map(results));
        return;
      }
      const version = new Map(rows.map((r) => [r.id, r.version]));
      const completed: BatchResult = await batchCompleteToken(
        ready.map((item, k) => ({
          id: item.id,
          version: version.get(item.id) ?? 0,
          preparationId: item.preparation?.id ?? '',
          signature: signatures[k] ?? '',
        })),
      );
      for (const item of completed.items) {
        results.set(
          item.id,
          item.document ? { state: 'signed' } : { state: 'failed', text: problemText(item, t) },
        );
      }
      onResults(new Map(results));
      onOutcome({ succeeded: completed.succeeded, total: rows.length });
    } catch (caught) {
      setError(caught);
      rows.forEach((r) => {
        if (results.get(r.id)?.state === 'waiting') {
          results.delete(r.id);
        }
      });
      onResults(new Map(results));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AgentGate agent={agent}>
      {(certificate) => (
        <>
          {error ? <ErrorAlert error={error} /> : null}
          <Button
            type="primary"
            loading={busy}
            onClick={() => void sign(certificate)}
            disabled={rows.length === 0}
          >
            {t('batchSignButton', { count: rows.length })}
          </Button>
        </>
      )}
    </AgentGate>
  );
}

export function BatchSignCard({ showWhenEmpty }: { showWhenEmpty: boolean }) {
  const t = useTranslate(processingMessages);
  const to = useTranslate(outgoingMessages);
  const queue = useAsync((signal) => listToSign(signal), []);
  const keys = useAsync((signal) => listSigningKeys(signal), []);
  const personal = useMemo(
    () => (keys.data?.items ?? []).filter((k) => k.kind === 'personal'),
    [keys.data],
  );
  const [selected, setSelected] = useState<number[]>([]);
  const [results, setResults] = useState<Map<number, Result>>(new Map());
  const [method, setMethod] = useState<'server' | 'token' | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [form] = Form.useForm<{ keyId?: string; secret?: string }>();
  const keyId = Form.useWatch('keyId', form);
  const items = queue.data?.items ?? [];
  const chosen = items.filter((item) => selected.includes(item.id));
  const how = method ?? (personal.length > 0 ? 'server' : 'token');
  const key = personal.find((k) => k.id === keyId);
  // Like the server-held key's batch: a summary, and the documents the server answered for are
  // no longer selected, so that pressing the button again cannot send signed ones a second time
  // (their "Đã ký" would turn into a failure). A refusal at the agent keeps the choice to retry.
  const onTokenOutcome = (outcome: TokenOutcome) => {
    setError(null);
    setSummary(outcome ? t('batchSummary', outcome) : null);
    if (outcome) {
      setSelected([]);
    }
  };

  if (!showWhenEmpty && items.length === 0) {
    return null;
  }

  const signWithKey = async (values: { keyId?: string; secret?: string }) => {
    if (chosen.length === 0) {
      setError(null);
      setSummary(t('batchNoneSelected'));
      return;
    }
    setBusy(true);
    setError(null);
    setSummary(null);
    const next = new Map(results);
    chosen.forEach((r) => next.set(r.id, { state: 'waiting' }));
    setResults(new Map(next));
    try {
      const answer = await batchSign({
        documents: chosen.map((r) => ({ id: r.id, version: r.version })),
        keyId: values.keyId ?? '',
        secret: key?.askSecret ? values.secret : undefined,
      });
      for (const item of answer.items) {
        next.set(
          item.id,
          item.document ? { state: 'signed' } : { state: 'failed', text: problemText(item, t) },
        );
      }
      setResults(new Map(next));
      setSummary(t('batchSummary', { succeeded: answer.succeeded, total: answer.items.length }));
      setSelected([]);
    } catch (caught) {
      chosen.forEach((r) => next.delete(r.id));
      setResults(new Map(next));
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<QueueItem> = [
    {
      title: t('batchColSubject'),
      key: 'subject',
      render: (_, item) => (
        <Link to={outgoingPath(item.id)} aria-label={t('batchOpen', { subject: item.subject })}>
          <span className="cqdt-wrap-anywhere">{item.subject}</span>
        </Link>
      ),
    },
    {
      title: t('batchColUrgency'),
      key: 'urgency',
      render: (_, item) => to(`urgency_${item.urgency as Urgency}`),
    },
    {
      title: t('batchColDue'),
      key: 'due',
      render: (_, item) => (
        <Space size={4} wrap>
          {item.dueDate ? item.dueDate.split('-').reverse().join('/') : ''}
          {item.overdue ? <Tag color="error">{t('batchOverdue')}</Tag> : null}
          {!item.overdue && item.dueSoon ? <Tag color="warning">{t('batchDueSoon')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('batchColResult'),
      key: 'result',
      render: (_, item) => {
        const result = results.get(item.id);
        if (!result) {
          return null;
        }
        return (
          <span data-testid={`batch-result-${item.id}`} data-state={result.state}>
            {result.state === 'signed' ? (
              <>
                <CheckCircleOutlined style={{ color: '#389e0d' }} aria-hidden />{' '}
                {t('batchResultSigned')}
              </>
            ) : result.state === 'failed' ? (
              <>
                <CloseCircleOutlined style={{ color: '#cf1322' }} aria-hidden />{' '}
                {t('batchResultFailed', { reason: result.text })}
              </>
            ) : (
              <>
                <LoadingOutlined aria-hidden /> {t('batchResultWaiting')}
              </>
            )}
          </span>
        );
      },
    },
  ];

  return (
    <Card data-testid="batch-sign">
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {t('batchTitle')}
      </Typography.Title>
      {queue.error ? <ErrorAlert error={queue.error} /> : null}
      {items.length > 0 ? <p>{t('batchIntro')}</p> : null}
      <div style={{ overflowX: 'auto' }}>
        <Table<QueueItem>
          rowKey="id"
          size="small"
          loading={queue.loading}
          pagination={false}
          columns={columns}
          dataSource={items}
          aria-label={t('batchTitle')}
          locale={{ emptyText: <EmptyState text={t('batchEmpty')} /> }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(Number)),
            getCheckboxProps: (item) => ({
              disabled: results.get(item.id)?.state === 'signed',
              'aria-label': t('batchSelectRow', { subject: item.subject }),
            }),
            columnTitle: undefined,
          }}
        />
      </div>
      {/* The form waits for the keys: its first key is an initial value, which a form mounted
          before the keys arrived would never take (the selector stayed empty). */}
      {items.length > 0 && (keys.data !== undefined || keys.error !== undefined) ? (
        <div style={{ marginTop: 16 }}>
          <p aria-live="polite">{t('batchSelected', { count: chosen.length })}</p>
          <Form
            form={form}
            layout="vertical"
            noValidate
            name="batch-sign"
            onFinish={(v) => void signWithKey(v)}
            initialValues={{ keyId: personal[0]?.id }}
          >
            <Form.Item label={t('batchMethod')}>
              <Radio.Group
                value={how}
                onChange={(e) => setMethod(e.target.value as 'server' | 'token')}
              >
                <Radio value="server" disabled={personal.length === 0}>
                  {t('batchMethodServer')}
                </Radio>
                <Radio value="token">{t('batchMethodToken')}</Radio>
              </Radio.Group>
            </Form.Item>
            {how === 'server' ? (
              <>
                <Form.Item
                  name="keyId"
                  label={t('batchKey')}
                  rules={[{ required: true, message: t('batchKeyRequired') }]}
                >
                  <Select
                    options={personal.map((k) => ({
                      value: k.id,
                      label: k.certificate?.commonName || k.id,
                    }))}
                  />
                </Form.Item>
                {key?.askSecret ? (
                  <Form.Item
                    name="secret"
                    label={t('batchSecret')}
                    rules={[{ required: true, message: t('batchSecretRequired') }]}
                  >
                    <Input.Password autoComplete="off" />
                  </Form.Item>
                ) : null}
                <Button type="primary" htmlType="submit" loading={busy}>
                  {t('batchSignButton', { count: chosen.length })}
                </Button>
              </>
            ) : null}
          </Form>
          {how === 'token' ? (
            personal.length === 0 && !keys.loading ? (
              <>
                <Alert type="info" showIcon title={t('batchNoKey')} style={{ marginBottom: 12 }} />
                <TokenBatch
                  rows={chosen}
                  onResults={setResults}
                  onOutcome={onTokenOutcome}
                  busy={busy}
                  setBusy={setBusy}
                />
              </>
            ) : (
              <TokenBatch
                rows={chosen}
                onResults={setResults}
                onOutcome={onTokenOutcome}
                busy={busy}
                setBusy={setBusy}
              />
            )
          ) : null}
          {error ? (
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={error} />
            </div>
          ) : null}
          {summary ? (
            <Alert type="info" showIcon role="status" title={summary} style={{ marginTop: 12 }} />
          ) : null}
          {results.size > 0 && !busy ? (
            <Button
              style={{ marginTop: 12 }}
              onClick={() => {
                setResults(new Map());
                setSummary(null);
                queue.reload();
              }}
            >
              {t('batchReload')}
            </Button>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
