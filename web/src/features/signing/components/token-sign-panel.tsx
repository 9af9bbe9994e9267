import {
  CheckCircleOutlined,
  CloseCircleOutlined,
  DownloadOutlined,
  LoadingOutlined,
  PaperClipOutlined,
  SafetyCertificateOutlined,
  UsbOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  List,
  Progress,
  Select,
  Space,
  Tag,
} from 'antd';
import { useId, useMemo, useRef, useState } from 'react';

import { ApiError, type BlobAnswer } from '../../../shared/api/client';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { PageLoader } from '../../../shared/ui/page-loader';
import { completeTokenSignature, prepareTokenSignature } from '../api/external';
import { AgentError } from '../lib/agent-client';
import { useSigningAgent } from '../../../shared/signing-agent/use-signing-agent';
import { formatVnDate } from '../../../shared/lib/vn-time';
import { saveBlob } from '../lib/format';
import { tokenMessages } from '../token-i18n';
import './token-sign-panel.css';

const MAX_MB = 50;
const PREPARE_IN_FLIGHT = 3;

interface DocResult {
  name: string;
  status: 'waiting' | 'signed' | 'failed';
  signed?: BlobAnswer & { name: string };
  error?: string;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'preparing'; done: number; total: number }
  | { kind: 'confirm' }
  | { kind: 'completing'; done: number; total: number };

function signedName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}.signed${name.slice(dot)}` : `${name}.signed`;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError || error instanceof AgentError) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

// Runs fn over items with at most `limit` in flight, reporting each completion.
async function inPool<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  onDone: () => void,
): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i] as T, i) };
      } catch (reason) {
        out[i] = { status: 'rejected', reason };
      }
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * "Ký bằng USB token": the local signing agent is found, paired once, its certificates listed
 * with their registration state; the chosen documents are prepared on the server, signed in one
 * confirmation with one PIN in the agent, and completed (docs/signing-agent.md).
 */
export function TokenSignPanel() {
  const t = useTranslate(tokenMessages);
  const filesId = useId();
  const signingAgent = useSigningAgent();
  const { info, infoError, agent } = signingAgent;
  const [chosenId, setCertificateId] = useState<string | undefined>();
  const [files, setFiles] = useState<File[]>([]);
  const [filesError, setFilesError] = useState<string | null>(null);
  const [visible, setVisible] = useState(true);
  const [reason, setReason] = useState('');
  const [location, setLocation] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [results, setResults] = useState<DocResult[]>([]);
  const [notice, setNotice] = useState<{ type: 'success' | 'error' | 'info'; text: string } | null>(
    null,
  );
  const fileInput = useRef<HTMLInputElement>(null);

  // The first certificate of the token until the person chooses another.
  const certificateId =
    chosenId ?? (agent.kind === 'ready' ? agent.certificates[0]?.id : undefined);
  const selected =
    agent.kind === 'ready' ? agent.certificates.find((c) => c.id === certificateId) : undefined;
  const binding = signingAgent.bindingOf(selected);
  const busy = phase.kind !== 'idle';

  const statusTag = useMemo(() => {
    if (!selected) {
      return null;
    }
    if (binding?.status === 'confirmed') {
      return <Tag color="success">{t('statusConfirmed')}</Tag>;
    }
    if (binding?.status === 'pending') {
      return <Tag color="warning">{t('statusPending')}</Tag>;
    }
    return <Tag>{t('statusUnregistered')}</Tag>;
  }, [selected, binding, t]);

  if (infoError) {
    return <ErrorAlert error={infoError} title={t('agentFailed', { message: '' })} />;
  }
  if (!info || agent.kind === 'checking') {
    return <PageLoader label={t('checking')} />;
  }

  const { retry } = signingAgent;

  if (agent.kind === 'absent') {
    return (
      <Alert
        type="warning"
        showIcon
        icon={<UsbOutlined aria-hidden />}
        title={t('absentTitle')}
        description={
          <>
            <p>{t('absentText')}</p>
            <Space wrap>
              <a href={info.installUrl} target="_blank" rel="noreferrer">
                {t('installLink')}
              </a>
              <Button onClick={retry}>{t('retry')}</Button>
            </Space>
          </>
        }
      />
    );
  }
  if (agent.kind === 'unpaired' || agent.kind === 'pairing') {
    return (
      <Alert
        type="info"
        showIcon
        title={t('pairTitle')}
        description={
          <>
            <p>{agent.kind === 'pairing' ? t('pairWaiting') : t('pairText')}</p>
            {signingAgent.pairFailed ? <p role="alert">{t('pairRefused')}</p> : null}
            <Button
              type="primary"
              loading={agent.kind === 'pairing'}
              onClick={() => {
                setNotice(null);
                signingAgent.pair();
              }}
            >
              {t('pairButton')}
            </Button>
          </>
        }
      />
    );
  }

  const certificates = agent.certificates;
  if (certificates.length === 0) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('noCertificates')}
        description={<Button onClick={retry}>{t('retry')}</Button>}
      />
    );
  }

  const register = async () => {
    if (!selected) {
      return;
    }
    try {
      await signingAgent.register(selected);
      setNotice({ type: 'info', text: t('registered') });
    } catch (error) {
      setNotice({ type: 'error', text: messageOf(error) });
    }
  };

  const addFiles = (list: FileList | null) => {
    if (!list) {
      return;
    }
    const next = [...files];
    for (const f of Array.from(list)) {
      if (f.size > MAX_MB * 1024 * 1024) {
        setFilesError(t('fileTooLarge', { name: f.name, max: MAX_MB }));
        continue;
      }
      if (!next.some((existing) => existing.name === f.name && existing.size === f.size)) {
        next.push(f);
      }
    }
    setFiles(next);
    if (next.length > 0) {
      setFilesError(null);
    }
  };

  const sign = async () => {
    if (!selected) {
      return;
    }
    if (files.length === 0) {
      setFilesError(t('filesRequired'));
      return;
    }
    setNotice(null);
    const docs: DocResult[] = files.map((f) => ({ name: f.name, status: 'waiting' }));
    setResults(docs);
    const update = (i: number, patch: Partial<DocResult>) => {
      docs[i] = { ...docs[i], ...patch } as DocResult;
      setResults([...docs]);
    };
    const declared = [selected.certificate, ...selected.chain];
    let done = 0;
    setPhase({ kind: 'preparing', done, total: files.length });
    const prepared = await inPool(
      files,
      PREPARE_IN_FLIGHT,
      (f) =>
        prepareTokenSignature(f, f.name, declared, {
          style: visible ? 'signer' : 'none',
          reason: reason.trim() || undefined,
          location: location.trim() || undefined,
        }),
      () => setPhase({ kind: 'preparing', done: ++done, total: files.length }),
    );
    const ready: { index: number; id: string; digest: string }[] = [];
    prepared.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        ready.push({ index: i, id: r.value.id, digest: r.value.digest });
      } else {
        update(i, { status: 'failed', error: messageOf(r.reason) });
      }
    });
    if (ready.length === 0) {
      setPhase({ kind: 'idle' });
      return;
    }
    setPhase({ kind: 'confirm' });
    let signatures: string[];
    try {
      signatures = await signingAgent.sign(
        selected,
        ready.map((r) => ({ digest: r.digest, name: files[r.index]?.name ?? '' })),
      );
    } catch (error) {
      const text =
        error instanceof AgentError && error.status === 403
          ? t('refused')
          : error instanceof AgentError && error.kind === 'bad-signature'
            ? t('wrongPin')
            : t('agentFailed', { message: messageOf(error) });
      for (const r of ready) {
        update(r.index, { status: 'failed', error: text });
      }
      setNotice({ type: 'error', text });
      setPhase({ kind: 'idle' });
      return;
    }
    done = 0;
    setPhase({ kind: 'completing', done, total: ready.length });
    await inPool(
      ready,
      PREPARE_IN_FLIGHT,
      async (r, k) => {
        const file = files[r.index] as File;
        try {
          const answer = await completeTokenSignature(r.id, signatures[k] ?? '', file.name);
          update(r.index, {
            status: 'signed',
            signed: { ...answer, name: answer.fileName ?? signedName(file.name) },
          });
        } catch (error) {
          update(r.index, { status: 'failed', error: messageOf(error) });
        }
      },
      () => setPhase({ kind: 'completing', done: ++done, total: ready.length }),
    );
    setPhase({ kind: 'idle' });
    const signed = docs.filter((d) => d.status === 'signed').length;
    setNotice({
      type: signed === docs.length ? 'success' : 'error',
      text: t('signedSummary', { signed, total: docs.length }),
    });
  };

  const percent =
    phase.kind === 'preparing'
      ? Math.round((phase.done / Math.max(1, phase.total)) * 45)
      : phase.kind === 'confirm'
        ? 50
        : phase.kind === 'completing'
          ? 55 + Math.round((phase.done / Math.max(1, phase.total)) * 45)
          : 100;
  const phaseText =
    phase.kind === 'preparing'
      ? t('phasePreparing', { done: phase.done, total: phase.total })
      : phase.kind === 'confirm'
        ? t('phaseConfirm')
        : phase.kind === 'completing'
          ? t('phaseCompleting', { done: phase.done, total: phase.total })
          : '';

  return (
    <>
      <Card style={{ maxWidth: 820 }}>
        <Form layout="vertical" noValidate onFinish={() => void sign()}>
          <Form.Item label={t('certificateLabel')} htmlFor="token-certificate">
            <Select
              id="token-certificate"
              value={certificateId}
              placeholder={t('certificatePlaceholder')}
              onChange={setCertificateId}
              disabled={busy}
              options={certificates.map((c) => ({
                value: c.id,
                label: t('certificateOption', {
                  name: c.commonName || c.subject,
                  issuer: c.issuer,
                  until: formatVnDate(c.notAfter),
                }),
              }))}
            />
          </Form.Item>
          <div style={{ marginTop: -12, marginBottom: 16 }}>
            <Space wrap>
              {statusTag}
              {selected && !binding ? (
                <Button size="small" onClick={() => void register()}>
                  {t('registerButton')}
                </Button>
              ) : null}
            </Space>
          </div>
          <Form.Item
            label={t('filesLabel')}
            htmlFor={filesId}
            extra={t('filesHelp', { max: MAX_MB })}
            validateStatus={filesError ? 'error' : undefined}
            help={filesError ?? undefined}
          >
            <div>
              <input
                id={filesId}
                ref={fileInput}
                className="cqdt-visually-hidden cqdt-token-files"
                type="file"
                multiple
                accept=".pdf,.xml,application/pdf,application/xml"
                disabled={busy}
                onChange={(event) => {
                  addFiles(event.target.files);
                  event.target.value = '';
                }}
              />
              {/* The browser's own file button speaks the browser's language; this one ours. */}
              <label htmlFor={filesId} className="ant-btn ant-btn-default cqdt-token-files-button">
                <PaperClipOutlined aria-hidden /> {t('filesButton')}
              </label>
            </div>
          </Form.Item>
          {files.length > 0 ? (
            <List
              size="small"
              style={{ marginTop: -8, marginBottom: 16 }}
              header={t('filesChosen', { count: files.length })}
              dataSource={files}
              renderItem={(f) => (
                <List.Item
                  actions={[
                    <Button
                      key="remove"
                      type="link"
                      size="small"
                      disabled={busy}
                      aria-label={t('removeFile', { name: f.name })}
                      onClick={() => setFiles(files.filter((x) => x !== f))}
                    >
                      ×
                    </Button>,
                  ]}
                >
                  <PaperClipOutlined aria-hidden /> {f.name}
                </List.Item>
              )}
            />
          ) : null}
          <Form.Item>
            <Checkbox
              checked={visible}
              onChange={(e) => setVisible(e.target.checked)}
              disabled={busy}
            >
              {t('showSignature')}
            </Checkbox>
          </Form.Item>
          <Form.Item label={t('reason')} htmlFor="token-reason">
            <Input
              id="token-reason"
              value={reason}
              maxLength={200}
              disabled={busy}
              onChange={(e) => setReason(e.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('location')} htmlFor="token-location">
            <Input
              id="token-location"
              value={location}
              maxLength={200}
              disabled={busy}
              onChange={(e) => setLocation(e.target.value)}
            />
          </Form.Item>
          {binding?.status !== 'confirmed' ? (
            <Alert style={{ marginBottom: 16 }} type="info" showIcon title={t('notConfirmed')} />
          ) : null}
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            loading={busy}
            disabled={binding?.status !== 'confirmed'}
            icon={<SafetyCertificateOutlined aria-hidden />}
          >
            {t('signButton', { count: files.length || 1 })}
          </Button>
        </Form>
      </Card>
      <div aria-live="polite" style={{ maxWidth: 820 }}>
        {busy ? (
          <Card style={{ marginTop: 16 }}>
            <Progress percent={percent} aria-label={t('progressLabel')} />
            <p>
              {phase.kind === 'confirm' ? (
                <UsbOutlined aria-hidden />
              ) : (
                <LoadingOutlined aria-hidden />
              )}{' '}
              {phaseText}
            </p>
          </Card>
        ) : null}
        {notice ? (
          <Alert style={{ marginTop: 16 }} type={notice.type} showIcon title={notice.text} />
        ) : null}
        {results.length > 0 ? (
          <Card style={{ marginTop: 16 }} title={t('resultsTitle')}>
            <List
              dataSource={results}
              renderItem={(r) => (
                <List.Item
                  actions={
                    r.signed
                      ? [
                          <Button
                            key="download"
                            icon={<DownloadOutlined aria-hidden />}
                            aria-label={t('download', { name: r.signed.name })}
                            onClick={() => r.signed && saveBlob(r.signed.blob, r.signed.name)}
                          />,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    avatar={
                      r.status === 'signed' ? (
                        <CheckCircleOutlined style={{ color: '#389e0d' }} aria-hidden />
                      ) : r.status === 'failed' ? (
                        <CloseCircleOutlined style={{ color: '#cf1322' }} aria-hidden />
                      ) : (
                        <LoadingOutlined aria-hidden />
                      )
                    }
                    title={r.name}
                    description={
                      r.status === 'signed'
                        ? t('resultSigned')
                        : r.status === 'failed'
                          ? `${t('resultFailed')}: ${r.error ?? ''}`
                          : t('resultWaiting')
                    }
                  />
                </List.Item>
              )}
            />
            {results.some((r) => r.signed) ? (
              <Button
                icon={<DownloadOutlined aria-hidden />}
                onClick={() => {
                  for (const r of results) {
                    if (r.signed) {
                      saveBlob(r.signed.blob, r.signed.name);
                    }
                  }
                }}
              >
                {t('downloadAll')}
              </Button>
            ) : null}
          </Card>
        ) : null}
      </div>
    </>
  );
}
