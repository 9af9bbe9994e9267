// Signing an outgoing document with the official's own USB token (decision 0008): the server
// prepares the signature of the newest draft PDF for the token's certificate, the local agent
// signs the digest after the official confirms and types the PIN, the server completes and
// verifies it. The agent pieces (absent, pairing, certificates) are shared with batch signing.
import { SafetyCertificateOutlined, UsbOutlined } from '@ant-design/icons';
import { Alert, App as AntdApp, Button, Select, Space, Tag } from 'antd';
import { type ReactNode, useId, useState } from 'react';

import { useTranslate } from '../../../../shared/i18n/use-translate';
import { formatVnDate } from '../../../../shared/lib/vn-time';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { PageLoader } from '../../../../shared/ui/page-loader';
import {
  type AgentCertificate,
  AgentError,
  AgentUnreachable,
} from '../../../../shared/signing-agent/agent-client';
import { completeOutgoingToken, prepareOutgoingToken } from '../api/processing';
import type { OutgoingDocument } from '../api/types';
import { isStale } from './load-problem';
import { processingMessages, type ProcessingTranslate } from './processing-i18n';
import {
  type SigningAgent,
  useSigningAgent,
} from '../../../../shared/signing-agent/use-signing-agent';
import type { ActionHost } from './use-action';

/** What the agent said, in plain words. */
export function agentProblemText(error: unknown, t: ProcessingTranslate): string {
  // Closed or stopped since the page found it: its message ("agent-unreachable") is no words
  // for an official.
  if (error instanceof AgentUnreachable) {
    return t('tokenAgentUnreachable');
  }
  if (error instanceof AgentError && error.status === 403) {
    return t('tokenRefused');
  }
  if (error instanceof AgentError && error.kind === 'bad-signature') {
    return t('tokenWrongPin');
  }
  return t('tokenAgentFailed', { message: error instanceof Error ? error.message : String(error) });
}

/**
 * The agent's state, and once it is ready the certificate choice: `children` gets the chosen
 * certificate when it is confirmed for the caller's account.
 */
export function AgentGate({
  agent,
  children,
}: {
  agent: SigningAgent;
  children: (certificate: AgentCertificate) => ReactNode;
}) {
  const t = useTranslate(processingMessages);
  const { message } = AntdApp.useApp();
  const selectId = useId();
  const [chosen, setChosen] = useState<string | undefined>();
  const [registerError, setRegisterError] = useState<unknown>(null);
  const state = agent.agent;

  if (agent.infoError) {
    return <ErrorAlert error={agent.infoError} />;
  }
  if (!agent.info || state.kind === 'checking') {
    return <PageLoader label={t('tokenChecking')} />;
  }
  if (state.kind === 'absent') {
    return (
      <Alert
        type="warning"
        showIcon
        icon={<UsbOutlined aria-hidden />}
        title={t('tokenAbsentTitle')}
        data-testid="agent-absent"
        description={
          <>
            <p>{t('tokenAbsentText')}</p>
            <Space wrap>
              <a href={agent.info.installUrl} target="_blank" rel="noreferrer">
                {t('tokenInstallLink')}
              </a>
              <Button onClick={agent.retry}>{t('tokenRetry')}</Button>
            </Space>
          </>
        }
      />
    );
  }
  if (state.kind === 'unpaired' || state.kind === 'pairing') {
    return (
      <Alert
        type="info"
        showIcon
        title={t('tokenPairTitle')}
        description={
          <>
            <p>{t('tokenPairText')}</p>
            {agent.pairFailed ? <p role="alert">{t('tokenPairRefused')}</p> : null}
            <Button type="primary" loading={state.kind === 'pairing'} onClick={agent.pair}>
              {t('tokenPairButton')}
            </Button>
          </>
        }
      />
    );
  }
  if (state.certificates.length === 0) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('tokenNoCertificates')}
        description={<Button onClick={agent.retry}>{t('tokenRetry')}</Button>}
      />
    );
  }
  const certificate =
    state.certificates.find((c) => c.id === chosen) ?? (state.certificates[0] as AgentCertificate);
  const binding = agent.bindingOf(certificate);
  return (
    <>
      <div style={{ marginBottom: 12 }}>
        <label htmlFor={selectId} style={{ display: 'block', marginBottom: 4 }}>
          {t('tokenCertificate')}
        </label>
        <Select
          id={selectId}
          style={{ width: '100%' }}
          value={certificate.id}
          onChange={setChosen}
          options={state.certificates.map((c) => ({
            value: c.id,
            label: t('tokenCertificateOption', {
              name: c.commonName || c.subject,
              issuer: c.issuer,
              until: formatVnDate(c.notAfter),
            }),
          }))}
        />
      </div>
      {binding?.status === 'confirmed' ? (
        children(certificate)
      ) : (
        <Alert
          type="info"
          showIcon
          title={t('tokenNotConfirmed')}
          description={
            <Space direction="vertical">
              {binding ? <Tag color="warning">{t('tokenRegistered')}</Tag> : null}
              {registerError ? <ErrorAlert error={registerError} /> : null}
              {!binding ? (
                <Button
                  onClick={() => {
                    setRegisterError(null);
                    agent
                      .register(certificate)
                      .then(() => void message.info(t('tokenRegistered')))
                      .catch(setRegisterError);
                  }}
                >
                  {t('tokenRegister')}
                </Button>
              ) : null}
            </Space>
          }
        />
      )}
    </>
  );
}

type Phase = 'idle' | 'preparing' | 'confirm' | 'completing';

/** The signer, in `approved`: sign this document with the USB token. */
export function TokenSignDocument({
  doc,
  onChanged,
  onStale,
}: ActionHost & { doc: OutgoingDocument }) {
  const t = useTranslate(processingMessages);
  const { message } = AntdApp.useApp();
  const agent = useSigningAgent();
  const [phase, setPhase] = useState<Phase>('idle');
  const [error, setError] = useState<unknown>(null);
  const [agentText, setAgentText] = useState<string | null>(null);

  const sign = async (certificate: AgentCertificate) => {
    setError(null);
    setAgentText(null);
    setPhase('preparing');
    try {
      const preparation = await prepareOutgoingToken(doc, [
        certificate.certificate,
        ...certificate.chain,
      ]);
      setPhase('confirm');
      let signature: string;
      try {
        [signature = ''] = await agent.sign(certificate, [
          { digest: preparation.digest, name: preparation.fileName || doc.subject },
        ]);
      } catch (caught) {
        setAgentText(agentProblemText(caught, t));
        return;
      }
      setPhase('completing');
      const signed = await completeOutgoingToken(doc, preparation.id, signature);
      void message.success(t('tokenSigned'));
      onChanged(signed);
    } catch (caught) {
      if (isStale(caught)) {
        onStale();
        return;
      }
      setError(caught);
    } finally {
      setPhase('idle');
    }
  };

  return (
    <div data-testid="token-sign">
      <p>{t('tokenIntro')}</p>
      <AgentGate agent={agent}>
        {(certificate) => (
          <>
            {error ? (
              <div style={{ marginBottom: 12 }}>
                <ErrorAlert error={error} />
              </div>
            ) : null}
            {agentText ? (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={agentText}
                style={{ marginBottom: 12 }}
              />
            ) : null}
            <div aria-live="polite">
              {phase === 'preparing' ? <p>{t('tokenPreparing')}</p> : null}
              {phase === 'confirm' ? (
                <p>
                  <UsbOutlined aria-hidden /> {t('tokenConfirm')}
                </p>
              ) : null}
              {phase === 'completing' ? <p>{t('tokenCompleting')}</p> : null}
            </div>
            <Button
              type="primary"
              icon={<SafetyCertificateOutlined aria-hidden />}
              loading={phase !== 'idle'}
              onClick={() => void sign(certificate)}
            >
              {t('tokenSignButton')}
            </Button>
          </>
        )}
      </AgentGate>
    </div>
  );
}
