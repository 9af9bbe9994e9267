// The local signing agent as a page uses it (the personal signing page and the outgoing-document
// pages): found, paired once, its certificates listed with whether each is confirmed for the
// caller's account (the server signs only with those).
import { useCallback, useEffect, useState } from 'react';

import {
  type CertificateBinding,
  getAgentInfo,
  listMyCertificates,
  registerCertificate,
  type SigningAgentInfo,
} from './account';
import {
  type AgentCertificate,
  agentCertificates,
  AgentError,
  agentSign,
  agentStatus,
  fingerprintOf,
  pairAgent,
} from './agent-client';

export type AgentState =
  | { kind: 'checking' }
  | { kind: 'absent' }
  | { kind: 'unpaired' }
  | { kind: 'pairing' }
  | { kind: 'ready'; certificates: AgentCertificate[] };

export function useSigningAgent() {
  const [info, setInfo] = useState<SigningAgentInfo | null>(null);
  const [infoError, setInfoError] = useState<unknown>(null);
  const [agent, setAgent] = useState<AgentState>({ kind: 'checking' });
  const [bindings, setBindings] = useState<Map<string, CertificateBinding>>(new Map());
  const [fingerprints, setFingerprints] = useState<Map<string, string>>(new Map());
  const [pairFailed, setPairFailed] = useState(false);

  const detect = useCallback(async (agentUrl: string) => {
    setAgent({ kind: 'checking' });
    try {
      const status = await agentStatus(agentUrl);
      if (!status.paired) {
        setAgent({ kind: 'unpaired' });
        return;
      }
      const certificates = await agentCertificates(agentUrl);
      const prints = new Map<string, string>();
      for (const c of certificates) {
        prints.set(c.id, await fingerprintOf(c.certificate));
      }
      setFingerprints(prints);
      setAgent({ kind: 'ready', certificates });
    } catch (error) {
      // Anything but "not paired" means no agent answers: not installed or not running.
      setAgent(
        error instanceof AgentError && error.status === 401
          ? { kind: 'unpaired' }
          : { kind: 'absent' },
      );
    }
  }, []);

  const loadBindings = useCallback(async (signal?: AbortSignal) => {
    const mine = await listMyCertificates(signal);
    setBindings(new Map(mine.items.map((b) => [b.fingerprintSha256, b])));
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    getAgentInfo(controller.signal)
      .then((answer) => {
        setInfo(answer);
        void detect(answer.agentUrl);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setInfoError(error);
        }
      });
    listMyCertificates(controller.signal)
      .then((mine) => setBindings(new Map(mine.items.map((b) => [b.fingerprintSha256, b]))))
      .catch(() => undefined);
    return () => controller.abort();
  }, [detect]);

  const retry = () => {
    if (info) {
      void detect(info.agentUrl);
    }
  };
  const pair = () => {
    if (!info) {
      return;
    }
    setPairFailed(false);
    setAgent({ kind: 'pairing' });
    pairAgent(info.agentUrl)
      .then(() => detect(info.agentUrl))
      .catch(() => {
        setPairFailed(true);
        setAgent({ kind: 'unpaired' });
      });
  };
  const bindingOf = (certificate: AgentCertificate | undefined) =>
    certificate ? bindings.get(fingerprints.get(certificate.id) ?? '') : undefined;
  /** Registers the certificate for the caller (with an image of their handwritten signature). */
  const register = async (certificate: AgentCertificate, image?: string) => {
    await registerCertificate(certificate.certificate, image);
    await loadBindings();
  };
  const sign = (certificate: AgentCertificate, items: { digest: string; name: string }[]) =>
    agentSign(info?.agentUrl ?? '', certificate.id, items);

  return { info, infoError, agent, retry, pair, pairFailed, bindingOf, register, sign };
}

export type SigningAgent = ReturnType<typeof useSigningAgent>;
