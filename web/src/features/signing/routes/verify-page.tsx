import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useState } from 'react';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { FileDrop } from '../components/file-drop';
import { useVerification, VerificationOutcome } from '../components/verification-panel';
import { signingMessages } from '../i18n';
import { VERIFY_ACCEPT, VERIFY_MAX_BYTES, VERIFY_MAX_MB } from '../lib/limits';

/** Lower-case hex SHA-256 of a file, computed in the browser (Web Crypto). */
async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** "Kiểm tra chữ ký số": public, no sign-in (docs/api.md, POST /signatures/verify). */
export default function VerifyPage() {
  const t = useTranslate(signingMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('verifyTitle'), tc('appName'));
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  // A detached .p7s: the signed file itself stays in the browser; only its SHA-256 is sent.
  const [content, setContent] = useState<File | null>(null);
  const [contentError, setContentError] = useState<string | null>(null);
  const { state, verify, reset } = useVerification();
  const isSignatureFile = file !== null && /\.(p7s|p7m|pkcs7)$/i.test(file.name);

  const onVerify = async () => {
    if (!file) {
      setFileError(t('fileRequired'));
      document.getElementById('verify-file')?.focus();
      return;
    }
    let digest: string | undefined;
    if (isSignatureFile && content) {
      try {
        digest = await sha256Hex(content);
      } catch {
        setContentError(t('contentDigestFailed'));
        return;
      }
    }
    void verify(file, file.name, digest);
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('verifyTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16, maxWidth: 760 }}>
        {t('verifyLead')}
      </Typography.Paragraph>
      <Card>
        <label htmlFor="verify-file" style={{ display: 'block', fontWeight: 600, marginBottom: 8 }}>
          {t('fileLabel')}
        </label>
        <FileDrop
          id="verify-file"
          value={file}
          accept={VERIFY_ACCEPT}
          text={t('dropText')}
          hint={t('dropHint', { formats: '.pdf, .xml, .p7s', max: VERIFY_MAX_MB })}
          maxBytes={VERIFY_MAX_BYTES}
          aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? 'verify-file-error' : undefined}
          onTooLarge={(tooLarge) => {
            setFile(null);
            reset();
            setFileError(t('fileTooLarge', { name: tooLarge.name, max: VERIFY_MAX_MB }));
          }}
          onChange={(chosen) => {
            setFile(chosen);
            setFileError(null);
            reset();
          }}
        />
        {fileError ? (
          <div id="verify-file-error" role="alert" style={{ color: '#cf1322', marginTop: 8 }}>
            {fileError}
          </div>
        ) : null}
        {isSignatureFile ? (
          <div style={{ marginTop: 16 }}>
            <label
              htmlFor="verify-content"
              style={{ display: 'block', fontWeight: 600, marginBottom: 8 }}
            >
              {t('contentLabel')}
            </label>
            <FileDrop
              id="verify-content"
              value={content}
              text={t('contentText')}
              hint={t('contentHint')}
              aria-describedby={contentError ? 'verify-content-error' : undefined}
              onChange={(chosen) => {
                setContent(chosen);
                setContentError(null);
                reset();
              }}
            />
            {contentError ? (
              <div
                id="verify-content-error"
                role="alert"
                style={{ color: '#cf1322', marginTop: 8 }}
              >
                {contentError}
              </div>
            ) : null}
          </div>
        ) : null}
        <Typography.Paragraph className="cqdt-muted" style={{ margin: '12px 0' }}>
          {t('verifyPrivacy', { max: VERIFY_MAX_MB })}
        </Typography.Paragraph>
        <Button
          type="primary"
          size="large"
          icon={<SafetyCertificateOutlined aria-hidden />}
          loading={state.status === 'loading'}
          onClick={() => void onVerify()}
        >
          {t('verifyButton')}
        </Button>
      </Card>
      <VerificationOutcome state={state} />
    </>
  );
}
