import { CopyOutlined, DeleteOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App as AntdApp,
  Button,
  Card,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance, TableColumnsType } from 'antd';
import { useState } from 'react';

import type { FieldError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  addCrl,
  addTrustAnchors,
  deleteTrustAnchor,
  listCrls,
  listTrustAnchors,
} from '../api/signatures';
import type { Crl, TrustAnchor, TrustPurpose } from '../api/types';
import { FileDrop } from '../components/file-drop';
import { VnTime } from '../components/verification-report';
import { type SigningTranslate, signingMessages } from '../i18n';
import { formatVnDate } from '../../../shared/lib/vn-time';
import { shortFingerprint } from '../lib/format';
import { needsAlert } from '../lib/problems';

const CERT_ACCEPT = '.pem,.crt,.cer,.der,application/x-pem-file,application/pkix-cert';
const CRL_ACCEPT = '.crl,.pem,.der,application/pkix-crl';

interface AnchorValues {
  purpose: TrustPurpose;
  kind: TrustAnchor['kind'];
  name?: string;
  file: File | null;
}

/** The upload's file field: a labelled drop area with a client-side size limit. */
function FileField({
  form,
  label,
  accept,
  text,
  formats,
  maxMb,
}: {
  form: FormInstance;
  label: string;
  accept: string;
  text: string;
  formats: string;
  maxMb: number;
}) {
  const t = useTranslate(signingMessages);
  return (
    <Form.Item name="file" label={label} rules={[{ required: true, message: t('fileRequired') }]}>
      <FileDrop
        accept={accept}
        text={text}
        hint={t('dropHint', { formats, max: maxMb })}
        maxBytes={maxMb * 1024 * 1024}
        onTooLarge={(file) =>
          form.setFields([
            {
              name: 'file',
              value: null,
              errors: [t('fileTooLarge', { name: file.name, max: maxMb })],
            },
          ])
        }
      />
    </Form.Item>
  );
}

/** The server's refusal (if any) and the submit button of an upload form. */
function UploadActions({
  error,
  extraErrors,
  uploading,
}: {
  error: unknown;
  extraErrors: FieldError[];
  uploading: boolean;
}) {
  const t = useTranslate(signingMessages);
  return (
    <>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} extraErrors={extraErrors} />
        </div>
      ) : null}
      <Button
        type="primary"
        htmlType="submit"
        loading={uploading}
        icon={<UploadOutlined aria-hidden />}
      >
        {t('upload')}
      </Button>
    </>
  );
}

function CopyButton({ value, label, t }: { value: string; label: string; t: SigningTranslate }) {
  const { message } = AntdApp.useApp();
  return (
    <Button
      type="text"
      size="small"
      icon={<CopyOutlined aria-hidden />}
      aria-label={label}
      title={label}
      onClick={() => {
        navigator.clipboard.writeText(value).then(
          () => void message.success(t('copied')),
          () => void message.error(t('copyFailed')),
        );
      }}
    />
  );
}

function AnchorsTab() {
  const t = useTranslate(signingMessages);
  const tc = useTranslate(commonMessages);
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<AnchorValues>();
  const anchors = useAsync((signal) => listTrustAnchors(signal), []);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);

  const purposeLabel = (purpose: TrustPurpose) =>
    purpose === 'timestamp' ? t('purposeTimestamp') : t('purposeDocument');

  const onFinish = async (values: AnchorValues) => {
    if (!values.file) {
      return;
    }
    setUploading(true);
    setUploadError(null);
    setExtraErrors([]);
    try {
      const answer = await addTrustAnchors(
        values.file,
        values.file.name,
        values.purpose,
        values.name?.trim() || undefined,
        values.kind === 'pinned',
      );
      void message.success(t('anchorAdded', { count: answer.items.length }));
      form.resetFields();
      anchors.reload();
    } catch (error) {
      const extra = applyFieldErrors(form, error, ['purpose', 'kind', 'name', 'file'], {
        certificate: 'file',
        pin: 'kind',
      });
      setUploadError(needsAlert(error, extra.length) ? error : null);
      setExtraErrors(extra);
    } finally {
      setUploading(false);
    }
  };

  const onDelete = async (anchor: TrustAnchor) => {
    try {
      await deleteTrustAnchor(anchor.id);
      void message.success(t('anchorDeleted'));
      anchors.reload();
    } catch (error) {
      void message.error(errorMessage(error, tc));
    }
  };

  const columns: TableColumnsType<TrustAnchor> = [
    {
      title: t('anchorName'),
      key: 'name',
      render: (_value, anchor) => (
        <>
          <div style={{ fontWeight: 600 }}>{anchor.name || anchor.subject}</div>
          {anchor.kind === 'pinned' ? (
            <Tag title={t('anchorPinnedHelp')}>{t('anchorPinned')}</Tag>
          ) : (
            <Tag>{anchor.isRoot ? t('anchorRoot') : t('anchorSubordinate')}</Tag>
          )}
          {anchor.source === 'bundled' ? (
            <Tag color="blue" title={t('anchorBundledHelp')}>
              {t('anchorBundled')}
            </Tag>
          ) : null}
          {anchor.usable === false ? <Tag color="red">{t('anchorUnusable')}</Tag> : null}
        </>
      ),
    },
    {
      title: t('purpose'),
      dataIndex: 'purpose',
      key: 'purpose',
      width: 130,
      render: (purpose: TrustPurpose) => purposeLabel(purpose),
    },
    {
      title: t('anchorSubject'),
      dataIndex: 'subject',
      key: 'subject',
      responsive: ['md'],
      render: (subject: string) => <span style={{ wordBreak: 'break-word' }}>{subject}</span>,
    },
    {
      title: t('validity'),
      key: 'validity',
      width: 130,
      render: (_value, anchor) => (
        <>
          <div>
            <time dateTime={anchor.notBefore}>{formatVnDate(anchor.notBefore)}</time> –
          </div>
          <div>
            <time dateTime={anchor.notAfter}>{formatVnDate(anchor.notAfter)}</time>
          </div>
        </>
      ),
    },
    {
      title: t('fingerprint'),
      dataIndex: 'fingerprintSha256',
      key: 'fp',
      width: 210,
      responsive: ['lg'],
      render: (fp: string, anchor) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text code title={fp}>
            {shortFingerprint(fp)}
          </Typography.Text>
          <CopyButton
            value={fp}
            label={t('copyFingerprint', { name: anchor.name || anchor.subject })}
            t={t}
          />
        </span>
      ),
    },
    {
      title: tc('actions'),
      key: 'actions',
      width: 90,
      render: (_value, anchor) => {
        const name = anchor.name || anchor.subject;
        return (
          <Popconfirm
            title={t('deleteAnchorConfirm', { name })}
            okText={tc('yes')}
            cancelText={tc('no')}
            okButtonProps={{ danger: true }}
            onConfirm={() => onDelete(anchor)}
          >
            <Button
              danger
              type="text"
              icon={<DeleteOutlined aria-hidden />}
              aria-label={t('deleteAnchor', { name })}
              title={t('deleteAnchor', { name })}
            />
          </Popconfirm>
        );
      },
    },
  ];

  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
          {t('addAnchor')}
        </Typography.Title>
        <Form<AnchorValues>
          noValidate
          form={form}
          name="anchor"
          layout="vertical"
          initialValues={{ purpose: 'document', kind: 'ca', file: null }}
          onFinish={(values) => void onFinish(values)}
        >
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 16px' }}>
            <Form.Item name="purpose" label={t('purpose')} style={{ minWidth: 200 }}>
              <Select
                options={[
                  { value: 'document', label: t('purposeDocument') },
                  { value: 'timestamp', label: t('purposeTimestamp') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="kind"
              label={t('anchorKind')}
              extra={t('anchorKindHelp')}
              style={{ minWidth: 260, flex: 1 }}
            >
              <Radio.Group
                options={[
                  { value: 'ca', label: t('anchorKindCa') },
                  { value: 'pinned', label: t('anchorKindPinned') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('anchorName')}
              extra={t('anchorNameHelp')}
              style={{ flex: 1, minWidth: 220 }}
              rules={[{ max: 200 }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </div>
          <FileField
            form={form}
            label={t('anchorFile')}
            accept={CERT_ACCEPT}
            text={t('anchorDropText')}
            formats=".pem, .crt, .cer, .der"
            maxMb={1}
          />
          <UploadActions error={uploadError} extraErrors={extraErrors} uploading={uploading} />
        </Form>
      </Card>
      <div className="cqdt-page-heading" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {t('anchorsTable')}
        </Typography.Title>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={anchors.reload}>
          {t('refresh')}
        </Button>
      </div>
      {anchors.error ? <ErrorAlert error={anchors.error} /> : null}
      <Table<TrustAnchor>
        rowKey="id"
        size="middle"
        loading={anchors.loading}
        columns={columns}
        dataSource={anchors.data?.items ?? []}
        aria-label={t('anchorsTable')}
        locale={{ emptyText: t('noAnchors') }}
        pagination={false}
        scroll={{ x: 640 }}
      />
    </>
  );
}

function CrlsTab() {
  const t = useTranslate(signingMessages);
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<{ file: File | null }>();
  const crls = useAsync((signal) => listCrls(signal), []);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);

  const onFinish = async ({ file }: { file: File | null }) => {
    if (!file) {
      return;
    }
    setUploading(true);
    setUploadError(null);
    setExtraErrors([]);
    try {
      await addCrl(file, file.name);
      void message.success(t('crlAdded'));
      form.resetFields();
      crls.reload();
    } catch (error) {
      const extra = applyFieldErrors(form, error, ['file'], { crl: 'file' });
      setUploadError(needsAlert(error, extra.length) ? error : null);
      setExtraErrors(extra);
    } finally {
      setUploading(false);
    }
  };

  const columns: TableColumnsType<Crl> = [
    {
      title: t('crlIssuer'),
      dataIndex: 'issuer',
      key: 'issuer',
      render: (issuer: string) => <span style={{ wordBreak: 'break-word' }}>{issuer}</span>,
    },
    {
      title: t('thisUpdate'),
      dataIndex: 'thisUpdate',
      key: 'thisUpdate',
      width: 200,
      render: (value: string) => <VnTime value={value} />,
    },
    {
      title: t('nextUpdate'),
      dataIndex: 'nextUpdate',
      key: 'nextUpdate',
      width: 200,
      render: (value: string | null) => (value ? <VnTime value={value} /> : '—'),
    },
    {
      title: t('crlSource'),
      dataIndex: 'source',
      key: 'source',
      width: 140,
      render: (source: Crl['source']) =>
        source === 'fetched' ? t('crlSourceFetched') : t('crlSourceUpload'),
    },
    {
      title: t('storedAt'),
      dataIndex: 'storedAt',
      key: 'storedAt',
      width: 200,
      responsive: ['lg'],
      render: (value: string) => <VnTime value={value} />,
    },
  ];

  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
          {t('addCrl')}
        </Typography.Title>
        <Form
          noValidate
          form={form}
          name="crl"
          layout="vertical"
          initialValues={{ file: null }}
          onFinish={(values) => void onFinish(values)}
        >
          <FileField
            form={form}
            label={t('crlFile')}
            accept={CRL_ACCEPT}
            text={t('crlDropText')}
            formats=".crl, .pem, .der"
            maxMb={20}
          />
          <UploadActions error={uploadError} extraErrors={extraErrors} uploading={uploading} />
        </Form>
      </Card>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('crlsTable')}
      </Typography.Title>
      {crls.error ? <ErrorAlert error={crls.error} /> : null}
      <Table<Crl>
        rowKey="id"
        size="middle"
        loading={crls.loading}
        columns={columns}
        dataSource={crls.data?.items ?? []}
        aria-label={t('crlsTable')}
        locale={{ emptyText: t('noCrls') }}
        pagination={false}
        scroll={{ x: 640 }}
      />
    </>
  );
}

/** "Tổ chức chứng thực tin cậy": the trust store (admins; docs/api.md /trust/anchors, /trust/crls). */
export default function TrustPage() {
  const t = useTranslate(signingMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('trustTitle'), tc('appName'));
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('trustTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 760 }}>{t('trustLead')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'anchors', label: t('tabAnchors'), children: <AnchorsTab /> },
          { key: 'crls', label: t('tabCrls'), children: <CrlsTab /> },
        ]}
      />
    </>
  );
}
