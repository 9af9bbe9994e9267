// Tiếp nhận hồ sơ (/mot-cua/tiep-nhan, issue 12 item 2): the counter officer receives a dossier
// with the keyboard alone — the procedure chosen by typing its name without diacritics, the
// applicant, the checklist of the procedure's documents (received, or replaced by state data,
// each with its scans), the result delivery — and gets the dossier code, the appointment and the
// receipt slip to print.
import { PaperClipOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';

import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/error-message';
import { applyFieldErrors } from '../../shared/api/form-errors';
import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { matchesFolded } from '../../shared/lib/fold';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { formatVnTime } from '../../shared/lib/vn-time';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { type ChannelName, getProcedure, listProcedures, type RequiredDocument } from './api';
import {
  type Delivery,
  type Dossier,
  type DossierFile,
  dossierFormUrl,
  receiveDossier,
  uploadDossierFile,
} from './dossier-api';
import { dossierMessages } from './dossier-i18n';
import { ReceiveRouting } from './receive-routing';
import { dossierPath } from './paths';
import './onestop.css';

interface FormValues {
  procedureCode: string;
  channel: ChannelName;
  applicant: {
    name: string;
    idNumber?: string;
    address?: string;
    phone?: string;
    email?: string;
    representative?: string;
  };
  delivery: Delivery;
  feePaid: boolean;
  note?: string;
  decidingAgencyId?: number;
  stepAgencies?: Record<string, number>;
}

interface Line {
  provided: boolean;
  byData: boolean;
  files: DossierFile[];
}

const FORM_FIELDS = [
  'procedureCode',
  'channel',
  'applicant',
  'delivery',
  'note',
  'documents',
  'decidingAgencyId',
];
const DELIVERIES: readonly Delivery[] = ['counter', 'postal', 'electronic'];
const ACCEPTED = '.pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/*';

export default function ReceivePage() {
  const t = useTranslate(dossierMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { user } = useAuth();
  const { message } = App.useApp();
  useDocumentTitle(t('receiveTitle'), tc('appName'));
  const [form] = Form.useForm<FormValues>();
  const [code, setCode] = useState<string>('');
  const [lines, setLines] = useState<Record<number, Line>>({});
  const [uploading, setUploading] = useState<string>('');
  const [submitting, setSubmitting] = useState(false);
  const [unmatched, setUnmatched] = useState<string[]>([]);
  const [received, setReceived] = useState<Dossier | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploadFor = useRef<number>(0);

  const procedures = useAsync(
    (signal) =>
      listProcedures(
        { limit: 500, ...(user?.agencyId ? { agencyId: Number(user.agencyId) } : {}) },
        signal,
      ),
    [lang, user?.agencyId],
  );
  const procedure = useAsync(
    (signal) => (code ? getProcedure(code, signal) : Promise.resolve(null)),
    [code, lang],
  );
  const channel = Form.useWatch('channel', form) ?? 'direct';
  const offer = procedure.data?.channels.find((c) => c.channel === channel);
  const fee = offer?.fees.reduce((sum, f) => sum + f.amount, 0) ?? 0;

  const line = (ordinal: number): Line =>
    lines[ordinal] ?? { provided: false, byData: false, files: [] };
  const setLine = (ordinal: number, change: Partial<Line>) =>
    setLines((all) => ({ ...all, [ordinal]: { ...line(ordinal), ...change } }));

  const chooseScan = (ordinal: number) => {
    uploadFor.current = ordinal;
    fileInput.current?.click();
  };

  const onFiles = async (files: FileList | null) => {
    const ordinal = uploadFor.current;
    for (const file of Array.from(files ?? [])) {
      setUploading(file.name);
      try {
        const stored = await uploadDossierFile(file);
        setLines((all) => {
          const current = all[ordinal] ?? { provided: false, byData: false, files: [] };
          return {
            ...all,
            [ordinal]: { ...current, provided: true, files: [...current.files, stored] },
          };
        });
      } catch (caught) {
        void message.error(errorMessage(caught, tc));
      }
    }
    setUploading('');
    if (fileInput.current) {
      fileInput.current.value = '';
    }
  };

  const onFinish = async (values: FormValues) => {
    setSubmitting(true);
    setUnmatched([]);
    try {
      const d = await receiveDossier({
        procedureCode: values.procedureCode,
        channel: values.channel,
        applicant: {
          name: values.applicant.name ?? '',
          idNumber: values.applicant.idNumber ?? '',
          address: values.applicant.address ?? '',
          phone: values.applicant.phone ?? '',
          email: values.applicant.email ?? '',
          representative: values.applicant.representative ?? '',
        },
        documents: (procedure.data?.documents ?? []).map((_, i) => {
          const l = line(i + 1);
          return {
            ordinal: i + 1,
            provided: l.provided,
            byData: l.byData,
            fileIds: l.files.map((f) => f.id),
          };
        }),
        delivery: values.delivery,
        feePaid: values.feePaid,
        note: values.note ?? '',
        decidingAgencyId: values.decidingAgencyId,
        stepAgencies: (procedure.data?.process ?? []).flatMap((s, i) => {
          const agencyId = values.stepAgencies?.[String(i + 1)];
          return s.performer === 'other_agency' && agencyId ? [{ ordinal: i + 1, agencyId }] : [];
        }),
      });
      setReceived(d);
      void message.success(t('received', { code: d.code }));
    } catch (caught) {
      // Field errors go to their fields (the checklist's to "documents"); the rest in an alert.
      const rest = applyFieldErrors(form, caught, FORM_FIELDS);
      if (caught instanceof ApiError && caught.fieldErrors.length > 0) {
        setUnmatched(rest.map((e) => e.message));
      } else {
        setUnmatched([errorMessage(caught, tc)]);
      }
    } finally {
      setSubmitting(false);
    }
  };

  if (received) {
    return (
      <Result
        status="success"
        title={t('received', { code: received.code })}
        subTitle={`${t('appointment')}: ${formatVnTime(received.appointmentAt)}`}
        extra={[
          <Button
            key="print"
            type="primary"
            icon={<PrinterOutlined aria-hidden />}
            href={dossierFormUrl(received.code, 'receipt')}
            target="_blank"
            rel="noopener"
          >
            {t('printReceipt')}
          </Button>,
          <Link key="open" to={dossierPath(received.code)}>
            {t('dossierTitle', { code: received.code })}
          </Link>,
          <Button
            key="again"
            onClick={() => {
              setReceived(null);
              setLines({});
              setCode('');
              form.resetFields();
            }}
          >
            {t('menuReceive')}
          </Button>,
        ]}
      />
    );
  }

  const documents = procedure.data?.documents ?? [];
  const columns: TableColumnsType<RequiredDocument & { ordinal: number }> = [
    {
      title: t('colDocument'),
      key: 'name',
      render: (_, d) => (
        <Space orientation="vertical" size={2}>
          <span>{d.name}</span>
          {d.required ? (
            <span className="cqdt-flag cqdt-flag--info">{t('requiredTag')}</span>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('colCopies'),
      key: 'copies',
      width: 150,
      render: (_, d) => t('copies', { originals: d.originals, copies: d.copies }),
    },
    {
      title: t('colProvided'),
      key: 'provided',
      width: 90,
      render: (_, d) => (
        <Checkbox
          checked={line(d.ordinal).provided}
          aria-label={t('provided', { name: d.name })}
          onChange={(e) => setLine(d.ordinal, { provided: e.target.checked })}
        />
      ),
    },
    {
      title: t('colByData'),
      key: 'byData',
      width: 110,
      render: (_, d) =>
        d.replaceableByData ? (
          <Checkbox
            checked={line(d.ordinal).byData}
            aria-label={t('byData', { name: d.name })}
            onChange={(e) => setLine(d.ordinal, { byData: e.target.checked })}
          />
        ) : null,
    },
    {
      title: t('colScan'),
      key: 'scan',
      width: 220,
      render: (_, d) => (
        <Space orientation="vertical" size={2}>
          {line(d.ordinal).files.map((f) => (
            <span key={f.id} className="cqdt-wrap-anywhere">
              <PaperClipOutlined aria-hidden /> {f.name}{' '}
              <Button
                type="link"
                size="small"
                aria-label={t('removeScan', { name: f.name })}
                onClick={() =>
                  setLine(d.ordinal, {
                    files: line(d.ordinal).files.filter((x) => x.id !== f.id),
                  })
                }
              >
                ×
              </Button>
            </span>
          ))}
          <Button
            size="small"
            aria-label={t('scan', { name: d.name })}
            onClick={() => chooseScan(d.ordinal)}
            disabled={uploading !== ''}
          >
            {t('scanButton')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('receiveTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('receiveIntro')}</Typography.Paragraph>
      {procedures.error ? <ErrorAlert error={procedures.error} title={t('receiveFailed')} /> : null}
      <input
        ref={fileInput}
        type="file"
        accept={ACCEPTED}
        multiple
        hidden
        aria-hidden
        tabIndex={-1}
        onChange={(e) => void onFiles(e.target.files)}
      />
      <Form<FormValues>
        noValidate
        form={form}
        layout="vertical"
        initialValues={{ channel: 'direct', delivery: 'counter', feePaid: false }}
        onFinish={(v) => void onFinish(v)}
        style={{ maxWidth: 960 }}
      >
        <Form.Item
          name="procedureCode"
          label={t('procedure')}
          rules={[{ required: true, message: t('procedureRequired') }]}
        >
          <Select
            showSearch
            autoFocus
            placeholder={t('procedurePlaceholder')}
            loading={procedures.loading}
            filterOption={(input, option) =>
              matchesFolded(input, [String(option?.label ?? ''), String(option?.value ?? '')])
            }
            options={(procedures.data?.items ?? []).map((p) => ({
              value: p.code,
              label: `${p.name} (${p.code})`,
            }))}
            onChange={(value: string) => {
              setCode(value);
              setLines({});
            }}
          />
        </Form.Item>
        {procedure.error ? (
          <ErrorAlert error={procedure.error} title={tc('unexpectedError')} />
        ) : null}
        <Form.Item name="channel" label={t('channel')}>
          <Radio.Group
            options={(procedure.data?.channels ?? []).map((c) => ({
              value: c.channel,
              label: `${c.channelLabel} – ${c.deadline.label}`,
            }))}
          />
        </Form.Item>
        <Space wrap align="start" size="middle">
          <Form.Item
            name={['applicant', 'name']}
            label={t('applicantName')}
            rules={[{ required: true, whitespace: true, message: t('applicantNameRequired') }]}
          >
            <Input maxLength={300} style={{ width: 320 }} autoComplete="off" />
          </Form.Item>
          <Form.Item name={['applicant', 'idNumber']} label={t('idNumber')}>
            <Input maxLength={20} style={{ width: 200 }} inputMode="numeric" autoComplete="off" />
          </Form.Item>
          <Form.Item name={['applicant', 'phone']} label={t('phone')}>
            <Input maxLength={20} style={{ width: 160 }} inputMode="tel" autoComplete="off" />
          </Form.Item>
        </Space>
        <Space wrap align="start" size="middle">
          <Form.Item name={['applicant', 'address']} label={t('address')}>
            <Input maxLength={500} style={{ width: 420 }} autoComplete="off" />
          </Form.Item>
          <Form.Item name={['applicant', 'email']} label={t('email')}>
            <Input maxLength={254} style={{ width: 240 }} type="email" autoComplete="off" />
          </Form.Item>
        </Space>
        <Form.Item name={['applicant', 'representative']} label={t('representative')}>
          <Input maxLength={300} style={{ width: 320 }} autoComplete="off" />
        </Form.Item>
        {documents.length > 0 ? (
          <Form.Item
            name="documents"
            label={t('documents')}
            extra={t('documentsHint')}
            // The checklist lives in the table below; this item only shows its error.
            valuePropName="data-unused"
          >
            <Table
              aria-label={t('documents')}
              rowKey="ordinal"
              size="small"
              pagination={false}
              columns={columns}
              dataSource={documents.map((d, i) => ({ ...d, ordinal: i + 1 }))}
              scroll={{ x: 760 }}
            />
          </Form.Item>
        ) : null}
        {uploading ? (
          <Typography.Paragraph aria-live="polite">
            {t('uploading', { name: uploading })}
          </Typography.Paragraph>
        ) : null}
        {procedure.data ? <ReceiveRouting process={procedure.data.process} /> : null}
        <Form.Item name="delivery" label={t('delivery')}>
          <Radio.Group options={DELIVERIES.map((d) => ({ value: d, label: t(`delivery_${d}`) }))} />
        </Form.Item>
        {procedure.data ? (
          <Typography.Paragraph>
            {t('fee', { amount: fee.toLocaleString('vi-VN') })}
          </Typography.Paragraph>
        ) : null}
        <Form.Item name="feePaid" valuePropName="checked">
          <Checkbox>{t('feePaid')}</Checkbox>
        </Form.Item>
        <Form.Item name="note" label={t('note')}>
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
        {unmatched.length > 0 ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('receiveFailed')}
            description={unmatched.join(' ')}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Button type="primary" htmlType="submit" loading={submitting} disabled={uploading !== ''}>
          {t('receiveButton')}
        </Button>
      </Form>
    </>
  );
}
