import { FilePdfOutlined } from '@ant-design/icons';
import { Alert, App as AntdApp, Button, Spin } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';

import { ApiError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { commonMessages } from '../../../shared/i18n/common-messages';
import type { Lang } from '../../../shared/i18n/messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { verifyFile, verifyFileAsPdf } from '../api/signatures';
import type { VerificationReport } from '../api/types';
import { signingMessages } from '../i18n';
import { saveBlob } from '../lib/format';
import { VERDICTS } from './verdict';
import { VerificationReportView } from './verification-report';

export interface VerificationState {
  status: 'idle' | 'loading' | 'done' | 'error';
  report?: VerificationReport;
  error?: unknown;
  file?: Blob;
  fileName?: string;
  contentSha256?: string;
  /** The language the server wrote the report's (or the problem's) sentences in. */
  lang?: Lang;
}

/**
 * Runs POST /signatures/verify for a file and keeps the file for the PDF report. The server
 * writes the report's sentences in the page's language: when the language changes while a
 * result is shown, the same file is checked again so that they follow.
 */
export function useVerification() {
  const { lang } = useLanguage();
  const [state, setState] = useState<VerificationState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const verify = useCallback(
    async (file: Blob, fileName: string, contentSha256?: string) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setState({ status: 'loading', file, fileName, contentSha256, lang });
      try {
        const report = await verifyFile(file, fileName, current.signal, contentSha256);
        if (!current.signal.aborted) {
          setState({ status: 'done', report, file, fileName, contentSha256, lang });
        }
      } catch (error) {
        if (!current.signal.aborted) {
          setState({ status: 'error', error, file, fileName, contentSha256, lang });
        }
      }
    },
    [lang],
  );

  useEffect(() => {
    const { file, fileName, contentSha256 } = state;
    if ((state.status !== 'done' && state.status !== 'error') || state.lang === lang) {
      return undefined;
    }
    if (!file || !fileName) {
      return undefined;
    }
    // Asks the server again, after this render (the answer arrives asynchronously anyway).
    const timer = window.setTimeout(() => void verify(file, fileName, contentSha256), 0);
    return () => window.clearTimeout(timer);
  }, [lang, state, verify]);

  const reset = useCallback(() => {
    controller.current?.abort();
    setState({ status: 'idle' });
  }, []);

  return { state, verify, reset };
}

/** The problem of a failed verification: its field messages (413, 422, 429 details) or detail. */
function ProblemAlert({ error }: { error: unknown }) {
  const t = useTranslate(signingMessages);
  const tc = useTranslate(commonMessages);
  const fieldMessages = error instanceof ApiError ? error.fieldErrors.map((e) => e.message) : [];
  const detail = errorMessage(error, tc);
  const requestId = error instanceof ApiError ? error.problem.requestId : undefined;
  const lines = fieldMessages.length > 0 ? fieldMessages : [detail];
  return (
    <Alert
      type="error"
      showIcon
      title={t('verifyFailed')}
      data-testid="verification-error"
      description={
        <>
          {lines.map((line, index) => (
            <div key={index}>{line}</div>
          ))}
          {requestId ? (
            <div className="cqdt-muted">{tc('requestId', { id: requestId })}</div>
          ) : null}
        </>
      }
      style={{ marginTop: 16 }}
    />
  );
}

/**
 * What a verification shows: a polite live region that announces the outcome, a spinner while the
 * server checks, the problem when it refuses the file, or the report with "Tải báo cáo PDF".
 */
export function VerificationOutcome({ state }: { state: VerificationState }) {
  const t = useTranslate(signingMessages);
  const { message } = AntdApp.useApp();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);

  let announcement = '';
  if (state.status === 'loading') {
    announcement = t('verifying');
  } else if (state.status === 'done' && state.report) {
    if (state.report.signatures.length === 0) {
      announcement = t('noSignaturesTitle');
    } else {
      const verdict = VERDICTS[state.report.indication] ?? VERDICTS.INDETERMINATE;
      announcement = t('reportAnnounce', {
        verdict: t(verdict.label),
        count: state.report.signatures.length,
      });
    }
  }
  // A refusal is announced by its own alert (role="alert").

  const downloadPdf = async () => {
    if (!state.file || !state.fileName) {
      return;
    }
    setDownloading(true);
    setDownloadError(null);
    try {
      const answer = await verifyFileAsPdf(state.file, state.fileName, state.contentSha256);
      saveBlob(answer.blob, answer.fileName ?? 'ket-qua-kiem-tra-chu-ky.pdf');
      void message.success(t('reportDownloaded'));
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <>
      <div role="status" aria-live="polite" aria-atomic="true" className="cqdt-visually-hidden">
        {announcement}
      </div>
      {state.status === 'loading' ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <Spin />
          <div className="cqdt-muted" style={{ marginTop: 8 }}>
            {t('verifying')}
          </div>
        </div>
      ) : null}
      {state.status === 'error' ? <ProblemAlert error={state.error} /> : null}
      {state.status === 'done' && state.report ? (
        <VerificationReportView
          report={state.report}
          actions={
            <>
              <Button
                icon={<FilePdfOutlined aria-hidden />}
                loading={downloading}
                onClick={() => void downloadPdf()}
              >
                {t('downloadReport')}
              </Button>
              {downloadError ? <ProblemAlert error={downloadError} /> : null}
            </>
          }
        />
      ) : null}
    </>
  );
}
