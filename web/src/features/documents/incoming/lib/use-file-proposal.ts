import { useEffect, useRef, useState } from 'react';

import { ApiError } from '../../../../shared/api/client';
import { type FileProposal, getProposal, requestProposal } from '../api/proposal';
import type { Id } from '../api/types';

/** How often to ask while the server reads the file (OCR of a page takes 1-5 s). */
export const PROPOSAL_POLL_MS = 1000;
/** When to stop asking and tell the clerk (the queue may be busy): 3 minutes. */
export const PROPOSAL_CEILING_MS = 180_000;
/** Network hiccups tolerated in a row while polling before giving up. */
const MAX_POLL_ERRORS = 3;

export type ProposalStatus =
  | { phase: 'idle' }
  | { phase: 'reading'; fileId: Id }
  | { phase: 'done'; fileId: Id; proposal: FileProposal }
  | { phase: 'failed'; fileId: Id; proposal: FileProposal | null; error: unknown }
  | { phase: 'timeout'; fileId: Id };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        window.clearTimeout(timer);
        reject(new DOMException('Aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}

/**
 * Asks the server for the proposal of `fileId` (POST), then polls it (GET) every second while it
 * is pending, up to a ceiling. `onDone` runs once when it is done (to fill the form). A new
 * `fileId` (or null) drops the previous one. Never throws: a failure is a status to show.
 */
export function useFileProposal(
  fileId: Id | null,
  onDone: (proposal: FileProposal, signal: AbortSignal) => void,
  { intervalMs = PROPOSAL_POLL_MS, ceilingMs = PROPOSAL_CEILING_MS } = {},
): ProposalStatus {
  const [settled, setSettled] = useState<ProposalStatus>({ phase: 'idle' });
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  });

  useEffect(() => {
    if (fileId === null) {
      return undefined;
    }
    const controller = new AbortController();
    const { signal } = controller;
    const started = Date.now();
    const run = async () => {
      try {
        let current = await requestProposal(fileId, signal);
        let errors = 0;
        while (current.state === 'pending') {
          if (Date.now() - started > ceilingMs) {
            setSettled({ phase: 'timeout', fileId });
            return;
          }
          await sleep(intervalMs, signal);
          try {
            current = await getProposal(fileId, signal);
            errors = 0;
          } catch (error) {
            // A 4xx answer is final; a dropped connection is tried again a few times.
            if (signal.aborted || error instanceof ApiError || ++errors >= MAX_POLL_ERRORS) {
              throw error;
            }
          }
        }
        if (current.state === 'done') {
          setSettled({ phase: 'done', fileId, proposal: current });
          onDoneRef.current(current, signal);
        } else {
          setSettled({ phase: 'failed', fileId, proposal: current, error: null });
        }
      } catch (error) {
        if (!signal.aborted) {
          setSettled({ phase: 'failed', fileId, proposal: null, error });
        }
      }
    };
    void run();
    return () => controller.abort();
  }, [fileId, intervalMs, ceilingMs]);

  if (fileId === null) {
    return { phase: 'idle' };
  }
  // Until the answer for this file arrives, it is being read.
  return settled.phase !== 'idle' && settled.fileId === fileId
    ? settled
    : { phase: 'reading', fileId };
}
