import {
  CheckCircleOutlined,
  DownloadOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Radio,
  Segmented,
  Select,
  Space,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';

import type { BlobAnswer, FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { useAuth } from '../../../shared/auth/use-auth';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { PageLoader } from '../../../shared/ui/page-loader';
import { listSigningKeys, signFile } from '../api/signatures';
import type { AppearanceStyle, SignKind, SigningKey } from '../api/types';
import { FileDrop } from '../components/file-drop';
import { KeyOption, keyText } from '../components/key-option';
import { TokenSignPanel } from '../components/token-sign-panel';
import { useVerification, VerificationOutcome } from '../components/verification-panel';
import { signingMessages } from '../i18n';
import { saveBlob } from '../lib/format';
import { needsAlert } from '../lib/problems';
import { tokenMessages } from '../token-i18n';

const SIGN_MAX_MB = 50;

interface SignValues {
  key: string;
  file: File | null;
  kind: SignKind | 'auto';
  style: AppearanceStyle;
  documentNumber?: string;
  reason?: string;
  location?: string;
  secret?: string;
}

const FORM_FIELDS = [
  'key',
  'file',
  'kind',
  'style',
  'documentNumber',
  'reason',
  'location',
  'secret',
];

function defaultStyle(key: SigningKey | undefined): AppearanceStyle {
  if (!key?.hasImage) {
    return 'none';
  }
  return key.kind === 'seal' ? 'seal' : 'signer';
}

function isPdf(file: File | null | undefined): boolean {
  return !!file && (file.type === 'application/pdf' || /\.pdf$/i.test(file.name));
}

// Signed markers a name may carry already (signing::SignedFileName has the same rule): sealing
// what the leader signed keeps "qd.signed.pdf" instead of "qd.signed.signed.pdf". A bare "-ky"
// is not one: "dinh-ky" (định kỳ) is a word.
const SIGNED_MARKER = /(?:\.signed|-signed|_signed|-da-ky|_da_ky)$/i;

/** The download name when the server's Content-Disposition is missing. */
function fallbackName(fileName: string, kind: SignKind | 'auto'): string {
  if (kind === 'cms') {
    return `${fileName}.p7s`;
  }
  const dot = fileName.lastIndexOf('.');
  let stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const ext = dot > 0 ? fileName.slice(dot) : '';
  while (SIGNED_MARKER.test(stem) && stem.replace(SIGNED_MARKER, '') !== '') {
    stem = stem.replace(SIGNED_MARKER, '');
  }
  return `${stem}.signed${ext}`;
}

type SignMethod = 'token' | 'server';

/**
 * "Ký số": a personal signature with the user's own USB token through the local signing agent
 * (issue 9), or a signature with a key the server holds (an agency seal; a personal key where the
 * agency keeps them on the server).
 */
export default function SignPage() {
  const t = useTranslate(signingMessages);
  const tt = useTranslate(tokenMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('signTitle'), tc('appName'));
  const { hasRole } = useAuth();
  // Clerks seal with the agency's server-held key; everyone else signs as a person, on a token.
  const [method, setMethod] = useState<SignMethod>(hasRole('clerk') ? 'server' : 'token');
  // The server-held choice is offered only where the agency keeps keys on the server for this
  // user (keys.toml lists them); otherwise the user's own token is the only way to sign.
  const keys = useAsync((signal) => listSigningKeys(signal), []);
  if (keys.loading && !keys.data) {
    return <PageLoader label={tc('loading')} />;
  }
  const serverAllowed = keys.error !== undefined || (keys.data?.items.length ?? 0) > 0;
  const shown: SignMethod = serverAllowed ? method : 'token';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('signTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 760 }}>
        {shown === 'token' ? tt('tokenLead') : t('signLead')}
      </Typography.Paragraph>
      {serverAllowed && (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text id="sign-method-label" style={{ marginRight: 12 }}>
            {tt('methodLabel')}
          </Typography.Text>
          <Segmented<SignMethod>
            aria-labelledby="sign-method-label"
            value={method}
            onChange={setMethod}
            options={[
              { value: 'token', label: tt('methodToken') },
              { value: 'server', label: tt('methodServer') },
            ]}
          />
        </div>
      )}
      {shown === 'token' ? <TokenSignPanel /> : <ServerKeySign />}
    </>
  );
}

/** Signing with a key held by the server (docs/api.md, POST /signing/sign). */
function ServerKeySign() {
  const t = useTranslate(signingMessages);
  const tc = useTranslate(commonMessages);
  const [form] = Form.useForm<SignValues>();
  const keys = useAsync((signal) => listSigningKeys(signal), []);
  const items = useMemo(() => keys.data?.items ?? [], [keys.data]);
  const [submitting, setSubmitting] = useState(false);
  const [signError, setSignError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  const [signed, setSigned] = useState<{ answer: BlobAnswer; name: string } | null>(null);
  const verification = useVerification();

  const keyId = Form.useWatch('key', form);
  const file = Form.useWatch('file', form);
  const kind = Form.useWatch('kind', form) ?? 'auto';
  const style = Form.useWatch('style', form) ?? 'none';
  const selectedKey = items.find((key) => key.id === keyId);
  const pdfOptions = kind === 'pdf' || (kind === 'auto' && isPdf(file));

  // The first key is proposed; the style follows the key (a seal cannot sign as a person).
  useEffect(() => {
    const first = items[0];
    if (first && !form.getFieldValue('key')) {
      form.setFieldsValue({ key: first.id, style: defaultStyle(first) });
    }
  }, [items, form]);

  const onFinish = async (values: SignValues) => {
    if (!values.file) {
      return;
    }
    setSubmitting(true);
    setSignError(null);
    setExtraErrors([]);
    setSigned(null);
    verification.reset();
    try {
      const answer = await signFile(values.file, values.file.name, {
        key: values.key,
        kind: values.kind === 'auto' ? undefined : values.kind,
        style: pdfOptions ? values.style : undefined,
        documentNumber:
          pdfOptions && values.style === 'attachment' ? values.documentNumber?.trim() : undefined,
        reason: pdfOptions ? values.reason?.trim() : undefined,
        location: pdfOptions ? values.location?.trim() : undefined,
        secret: selectedKey?.askSecret ? values.secret : undefined,
      });
      const name = answer.fileName ?? fallbackName(values.file.name, values.kind);
      saveBlob(answer.blob, name);
      setSigned({ answer, name });
      form.setFieldsValue({ secret: '' });
    } catch (error) {
      const extra = applyFieldErrors(form, error, FORM_FIELDS);
      setSignError(needsAlert(error, extra.length) ? error : null);
      setExtraErrors(extra);
    } finally {
      setSubmitting(false);
    }
  };

  if (keys.loading && !keys.data) {
    return <PageLoader label={tc('loading')} />;
  }
  if (keys.error) {
    return (
      <>
        <ErrorAlert error={keys.error} title={t('keysLoadFailed')} />
        <Button style={{ marginTop: 16 }} onClick={keys.reload}>
          {tc('retry')}
        </Button>
      </>
    );
  }
  if (items.length === 0) {
    return <Alert type="info" showIcon title={t('noKeysTitle')} description={t('noKeysText')} />;
  }

  // Only the styles the chosen key allows (the server refuses the others with 422).
  const styleOptions: { value: AppearanceStyle; label: string }[] = [
    { value: 'none', label: t('styleNone') },
    ...(selectedKey?.kind === 'personal'
      ? [{ value: 'signer' as const, label: t('styleSigner') }]
      : []),
    ...(selectedKey?.kind === 'seal'
      ? [
          { value: 'seal' as const, label: t('styleSeal') },
          { value: 'attachment' as const, label: t('styleAttachment') },
        ]
      : []),
  ];

  return (
    <>
      <Card style={{ maxWidth: 820 }}>
        <Form<SignValues>
          noValidate
          form={form}
          name="sign"
          layout="vertical"
          initialValues={{ kind: 'auto', style: 'none', file: null }}
          onFinish={(values) => void onFinish(values)}
          onValuesChange={(changed: Partial<SignValues>) => {
            if ('key' in changed) {
              const key = items.find((item) => item.id === changed.key);
              form.setFieldsValue({ style: defaultStyle(key), secret: '' });
            }
          }}
          requiredMark
        >
          <Form.Item
            name="key"
            label={t('keyLabel')}
            rules={[{ required: true, message: t('keyRequired') }]}
          >
            <Select
              placeholder={t('keyPlaceholder')}
              options={items.map((key) => ({ value: key.id, label: keyText(key, t) }))}
              optionRender={(option) => {
                const key = items.find((item) => item.id === option.value);
                return key ? <KeyOption signingKey={key} t={t} /> : option.label;
              }}
            />
          </Form.Item>
          {selectedKey ? (
            <div style={{ marginTop: -12, marginBottom: 16 }}>
              <KeyOption signingKey={selectedKey} t={t} />
            </div>
          ) : null}
          <Form.Item
            name="file"
            label={t('signFileLabel')}
            rules={[{ required: true, message: t('fileRequired') }]}
          >
            <FileDrop
              text={t('signDropText')}
              hint={t('signDropHint', { max: SIGN_MAX_MB })}
              maxBytes={SIGN_MAX_MB * 1024 * 1024}
              onTooLarge={(tooLarge) =>
                form.setFields([
                  {
                    name: 'file',
                    value: null,
                    errors: [t('fileTooLarge', { name: tooLarge.name, max: SIGN_MAX_MB })],
                  },
                ])
              }
            />
          </Form.Item>
          <Form.Item name="kind" label={t('kindLabel')}>
            <Radio.Group
              aria-label={t('kindLabel')}
              options={[
                { value: 'auto', label: t('kindAuto') },
                { value: 'pdf', label: t('kindPdfLong') },
                { value: 'xml', label: t('kindXmlLong') },
                { value: 'cms', label: t('kindCmsLong') },
              ]}
            />
          </Form.Item>
          {pdfOptions ? (
            <>
              <Form.Item name="style" label={t('styleLabel')} extra={t('styleHelp')}>
                <Radio.Group aria-label={t('styleLabel')} options={styleOptions} vertical />
              </Form.Item>
              {style === 'attachment' ? (
                <Form.Item
                  name="documentNumber"
                  label={t('documentNumber')}
                  rules={[
                    { required: true, whitespace: true, message: t('documentNumberRequired') },
                    { max: 100 },
                  ]}
                >
                  <Input placeholder={t('documentNumberPlaceholder')} maxLength={100} />
                </Form.Item>
              ) : null}
              <Form.Item name="reason" label={t('reason')} rules={[{ max: 200 }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="location" label={t('location')} rules={[{ max: 200 }]}>
                <Input maxLength={200} />
              </Form.Item>
            </>
          ) : null}
          {selectedKey?.askSecret ? (
            <Form.Item
              name="secret"
              label={t('secret')}
              extra={t('secretHelp')}
              rules={[{ required: true, message: t('secretRequired') }]}
            >
              <Input.Password autoComplete="off" />
            </Form.Item>
          ) : null}
          {signError ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={signError} extraErrors={extraErrors} title={t('signFailed')} />
            </div>
          ) : null}
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            loading={submitting}
            icon={<SafetyCertificateOutlined aria-hidden />}
          >
            {submitting ? t('signing') : t('signButton')}
          </Button>
        </Form>
      </Card>
      <div aria-live="polite">
        {signed ? (
          <Alert
            style={{ marginTop: 16, maxWidth: 820 }}
            type="success"
            showIcon
            icon={<CheckCircleOutlined aria-hidden />}
            title={t('signedTitle')}
            description={
              <>
                <div>{t('signedText', { name: signed.name })}</div>
                <Space wrap style={{ marginTop: 12 }}>
                  <Button
                    icon={<DownloadOutlined aria-hidden />}
                    onClick={() => saveBlob(signed.answer.blob, signed.name)}
                  >
                    {t('downloadAgain')}
                  </Button>
                  <Button
                    type="primary"
                    icon={<SafetyCertificateOutlined aria-hidden />}
                    loading={verification.state.status === 'loading'}
                    onClick={() => void verification.verify(signed.answer.blob, signed.name)}
                  >
                    {t('verifySigned')}
                  </Button>
                </Space>
              </>
            }
          />
        ) : null}
      </div>
      <VerificationOutcome state={verification.state} />
    </>
  );
}
