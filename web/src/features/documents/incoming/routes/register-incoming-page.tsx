import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiError, type FieldError } from '../../../../shared/api/client';
import { applyFieldErrors } from '../../../../shared/api/form-errors';
import { useAuth } from '../../../../shared/auth/use-auth';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { foldForSearch } from '../../../../shared/lib/fold';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import {
  listDocumentTypes,
  parseDocumentNumber,
  registerIncoming,
  searchAgencies,
} from '../api/incoming';
import { type FileProposal, PROPOSAL_TYPES } from '../api/proposal';
import type {
  AgencyOption,
  Channel,
  Confidentiality,
  DocumentFile,
  DocumentNumberInfo,
  DuplicateCandidate,
  IncomingDocument,
  IncomingDocumentInput,
  Urgency,
} from '../api/types';
import { FileUploader } from '../components/file-uploader';
import {
  PROPOSED_FIELDS,
  ProposalNotice,
  ProposedNote,
  type ProposedField,
} from '../components/proposal-notice';
import { incomingMessages, type IncomingTranslate } from '../i18n';
import { announceIncomingChange } from '../lib/changes';
import { formatDay } from '../lib/dates';
import { useFileProposal } from '../lib/use-file-proposal';
import { useRevalidateOnLanguage } from '../lib/use-revalidate-on-language';
import { INCOMING_LIST_PATH, incomingDocumentPath } from '../paths';
import { prefillMessages } from '../prefill-i18n';

const DATE = 'YYYY-MM-DD';
const DATE_FORMATS = ['DD/MM/YYYY', DATE];

const URGENCIES: Urgency[] = ['normal', 'urgent', 'very_urgent', 'express'];
const CONFIDENTIALITIES: Confidentiality[] = ['none', 'confidential', 'secret', 'top_secret'];
const CHANNELS: Channel[] = ['paper', 'electronic', 'internal'];

interface FormValues {
  files?: DocumentFile[];
  senderMode: 'directory' | 'text';
  senderAgencyId?: number;
  senderName?: string;
  numberText?: string;
  typeOrdinal?: number;
  issuedDate?: Dayjs | null;
  subject?: string;
  signerName?: string;
  signerPosition?: string;
  urgency: Urgency;
  confidentiality: Confidentiality;
  channel: Channel;
  pageCount?: number | null;
  arrivalDate?: Dayjs | null;
  dueDate?: Dayjs | null;
  toPlaces?: string;
  description?: string;
}

// The form's fields, for mapping the server's field errors (422) onto them.
const FORM_FIELDS = [
  'files',
  'senderAgencyId',
  'senderName',
  'numberText',
  'typeOrdinal',
  'issuedDate',
  'subject',
  'signerName',
  'signerPosition',
  'urgency',
  'confidentiality',
  'channel',
  'pageCount',
  'arrivalDate',
  'dueDate',
  'toPlaces',
  'description',
] as const;

const day = (value: Dayjs | null | undefined) => (value ? value.format(DATE) : undefined);
const text = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

function toInput(values: FormValues): IncomingDocumentInput {
  const fromDirectory = values.senderMode === 'directory';
  return {
    fileIds: (values.files ?? []).map((file) => file.id),
    senderAgencyId: fromDirectory ? values.senderAgencyId : undefined,
    senderName: fromDirectory ? undefined : text(values.senderName),
    numberText: text(values.numberText),
    typeOrdinal: values.typeOrdinal,
    issuedDate: day(values.issuedDate) ?? '',
    subject: values.subject?.trim() ?? '',
    signerName: text(values.signerName),
    signerPosition: text(values.signerPosition),
    urgency: values.urgency,
    confidentiality: values.confidentiality,
    channel: values.channel,
    pageCount: values.pageCount ?? undefined,
    arrivalDate: day(values.arrivalDate),
    dueDate: day(values.dueDate),
    toPlaces: text(values.toPlaces),
    description: text(values.description),
  };
}

/** What the number/notation as typed was read as (GET /codes/document-number), as a hint. */
function useNumberHint(value: string | undefined, t: IncomingTranslate): string {
  const [typed, setTyped] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setTyped(value?.trim() ?? ''), 400);
    return () => window.clearTimeout(timer);
  }, [value]);
  const parsed = useAsync<DocumentNumberInfo | null>(
    (signal) => parseDocumentNumber(typed, signal).catch(() => null),
    [typed],
    typed !== '',
  );
  if (!typed) {
    return t('numberHint');
  }
  const info = parsed.data;
  if (parsed.loading || info === undefined) {
    return t('numberHint');
  }
  if (info === null) {
    return t('numberNotParsed');
  }
  return t('numberParsed', {
    number: info.number,
    year: info.year ? t('numberParsedYear', { year: info.year }) : '',
    type: info.typeName ?? t('numberParsedLetter'),
    issuer: info.issuer,
  });
}

/** The file whose content proposes the details: the first PDF or DOCX uploaded (the main one). */
function readableFile(files: readonly DocumentFile[] | undefined): DocumentFile | null {
  // The type is the one the server found in the content, whatever the file's name says.
  return (files ?? []).find((file) => PROPOSAL_TYPES.has(file.contentType)) ?? null;
}

/** The directory's agency whose name (or short name) is `name`, Vietnamese-folded; or null. */
async function findAgency(name: string, signal: AbortSignal): Promise<AgencyOption | null> {
  const folded = foldForSearch(name);
  const { items } = await searchAgencies(name, signal);
  return (
    items.find(
      (agency) =>
        foldForSearch(agency.name) === folded ||
        (agency.shortName !== '' && foldForSearch(agency.shortName) === folded),
    ) ?? null
  );
}

/** What the proposal filled in, and the sender mode before it (for the undo). */
interface Proposed {
  fields: ProposedField[];
  senderMode: FormValues['senderMode'];
}

/** The form fields that carry each proposed value (the sender is two fields and a switch). */
const PROPOSED_FORM_FIELDS: Record<ProposedField, (keyof FormValues)[]> = {
  sender: ['senderMode', 'senderAgencyId', 'senderName'],
  numberText: ['numberText'],
  issuedDate: ['issuedDate'],
  subject: ['subject'],
  typeOrdinal: ['typeOrdinal'],
};

function RegisteredResult({
  doc,
  onOpen,
  onAnother,
  t,
}: {
  doc: IncomingDocument;
  onOpen: () => void;
  onAnother: () => void;
  t: IncomingTranslate;
}) {
  return (
    <Card>
      <Result
        status="success"
        title={<h2 className="cqdt-card-title">{t('registeredTitle')}</h2>}
        subTitle={
          <div>
            <div>{t('registeredNumber')}</div>
            <div className="cqdt-arrival-number" data-testid="arrival-number">
              {doc.arrivalNumber}
            </div>
            <div>
              {t('arrivalDate')}: {formatDay(doc.arrivalDate)}
            </div>
            <p className="cqdt-wrap-anywhere" style={{ marginTop: 8 }}>
              {t('registeredText', { subject: doc.subject })}
            </p>
          </div>
        }
        extra={
          <Space wrap>
            <Button type="primary" onClick={onOpen}>
              {t('registeredOpen')}
            </Button>
            <Button onClick={onAnother}>{t('registeredAnother')}</Button>
          </Space>
        }
      />
    </Card>
  );
}

/**
 * The clerk registers an incoming document (Decree 30/2020 art. 22, Appendix VI §8.2): files
 * first (checked on upload: type by content, pages, a signature's verdict), then the details;
 * a possible duplicate (409 duplicate-document) is a confirm step; the arrival number is shown
 * big at the end.
 */
export default function RegisterIncomingPage() {
  const t = useTranslate(incomingMessages);
  const tc = useTranslate(commonMessages);
  const tp = useTranslate(prefillMessages);
  const { modal } = App.useApp();
  const navigate = useNavigate();
  useDocumentTitle(t('registerTitle'), tc('appName'));
  const [form] = Form.useForm<FormValues>();
  useRevalidateOnLanguage(form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  const [registered, setRegistered] = useState<IncomingDocument | null>(null);
  const [agencyQuery, setAgencyQuery] = useState('');
  // The chosen agency stays an option when a later search no longer finds it.
  const [chosenAgency, setChosenAgency] = useState<{ value: number; label: string } | null>(null);

  const senderMode = Form.useWatch('senderMode', form);
  const numberText = Form.useWatch('numberText', form);
  const numberHint = useNumberHint(numberText, t);
  const confidentiality = Form.useWatch('confidentiality', form);
  // Said before the clerk sends, not learnt from the server's 422: an instance not declared
  // isolated keeps no files of a confidential document.
  const { confidentialFiles } = useAuth();
  const noConfidentialFiles =
    !confidentialFiles && confidentiality !== undefined && confidentiality !== 'none';

  const types = useAsync((signal) => listDocumentTypes(signal), []);

  // The proposal from the main file's content (issue 11, item 4): asked for when it is uploaded,
  // it fills only the fields still empty, each marked as proposed until the clerk changes it.
  const files = Form.useWatch('files', form);
  const mainFile = readableFile(files);
  const [proposed, setProposed] = useState<Proposed | null>(null);
  const [applied, setApplied] = useState<{ fileId: number; fields: ProposedField[] } | null>(null);
  const [undone, setUndone] = useState(false);
  const isProposed = (field: ProposedField) => proposed?.fields.includes(field) ?? false;

  const applyProposal = async (proposal: FileProposal, signal: AbortSignal) => {
    const agency = proposal.senderName
      ? await findAgency(proposal.senderName, signal).catch(() => null)
      : null;
    if (signal.aborted) {
      return;
    }
    // Read the form now: the clerk may have typed while the file was being read.
    const values = form.getFieldsValue(true) as FormValues;
    const patch: Partial<FormValues> = {};
    const filled: ProposedField[] = [];
    if (!text(values.numberText) && proposal.numberText) {
      patch.numberText = proposal.numberText;
      filled.push('numberText');
    }
    const issued = /^\d{4}-\d{2}-\d{2}$/.test(proposal.issuedDate)
      ? dayjs(proposal.issuedDate)
      : null;
    if (!values.issuedDate && issued?.isValid()) {
      patch.issuedDate = issued;
      filled.push('issuedDate');
    }
    if (!text(values.senderName) && values.senderAgencyId === undefined && proposal.senderName) {
      if (agency) {
        patch.senderMode = 'directory';
        patch.senderAgencyId = agency.id;
        setChosenAgency({ value: agency.id, label: agency.name });
      } else {
        patch.senderMode = 'text';
        patch.senderName = proposal.senderName;
      }
      filled.push('sender');
    }
    if (!text(values.subject) && proposal.subject) {
      patch.subject = proposal.subject;
      filled.push('subject');
    }
    const knownType =
      proposal.typeOrdinal > 0 &&
      (types.data === undefined ||
        types.data.items.some((type) => type.ordinal === proposal.typeOrdinal));
    if (values.typeOrdinal === undefined && knownType) {
      patch.typeOrdinal = proposal.typeOrdinal;
      filled.push('typeOrdinal');
    }
    form.setFieldsValue(patch);
    // Fields filled by a form change do not validate by themselves: clear their old errors.
    form.setFields(
      Object.keys(patch).map((name) => ({ name: name as keyof FormValues, errors: [] })),
    );
    setApplied({ fileId: proposal.fileId, fields: filled });
    setUndone(false);
    if (filled.length > 0) {
      setProposed((previous) => ({
        fields: [...new Set([...(previous?.fields ?? []), ...filled])],
        senderMode: previous?.senderMode ?? values.senderMode,
      }));
    }
  };
  const proposal = useFileProposal(mainFile?.id ?? null, (answer, signal) => {
    void applyProposal(answer, signal);
  });

  const undoProposal = () => {
    if (!proposed) {
      return;
    }
    const patch: Partial<FormValues> = {};
    for (const field of proposed.fields) {
      for (const name of PROPOSED_FORM_FIELDS[field]) {
        (patch as Record<string, unknown>)[name] = undefined;
      }
    }
    if (proposed.fields.includes('sender')) {
      patch.senderMode = proposed.senderMode;
    }
    form.setFieldsValue(patch);
    setProposed(null);
    setUndone(true);
  };

  /** The clerk changed a field: it is theirs now, no longer a proposal. */
  const onValuesChange = (changed: Partial<FormValues>) => {
    if (!proposed) {
      return;
    }
    const touched = PROPOSED_FIELDS.filter((field) =>
      PROPOSED_FORM_FIELDS[field].some((name) => name in changed),
    );
    if (touched.length > 0) {
      const fields = proposed.fields.filter((field) => !touched.includes(field));
      setProposed(fields.length > 0 ? { ...proposed, fields } : null);
    }
  };
  const proposedProps = (field: ProposedField) =>
    isProposed(field) ? { className: 'cqdt-proposed', extra: <ProposedNote t={tp} /> } : {};
  const agencies = useAsync((signal) => searchAgencies(agencyQuery, signal), [agencyQuery]);
  const agencyOptions = useMemo(() => {
    const found = (agencies.data?.items ?? []).slice(0, 50).map((agency) => ({
      value: agency.id,
      label: agency.name,
    }));
    return chosenAgency && !found.some((option) => option.value === chosenAgency.value)
      ? [chosenAgency, ...found]
      : found;
  }, [agencies.data, chosenAgency]);

  const send = async (input: IncomingDocumentInput) => {
    setSaving(true);
    setError(null);
    setExtraErrors([]);
    try {
      const doc = await registerIncoming(input);
      setRegistered(doc);
      announceIncomingChange();
      window.scrollTo({ top: 0 });
    } catch (caught) {
      if (caught instanceof ApiError && caught.kind === 'duplicate-document') {
        const duplicates = (caught.problem.duplicates ?? []) as DuplicateCandidate[];
        modal.confirm({
          title: t('duplicateTitle'),
          width: 560,
          content: (
            <div>
              <p>{t('duplicateText')}</p>
              <ul>
                {duplicates.map((dup) => (
                  <li key={dup.id}>
                    <Link to={incomingDocumentPath(dup.id)} target="_blank">
                      {t('duplicateItem', {
                        number: dup.arrivalNumber,
                        date: formatDay(dup.arrivalDate),
                        numberText: dup.numberText,
                        subject: dup.subject,
                      })}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ),
          okText: t('duplicateConfirm'),
          cancelText: t('duplicateCancel'),
          onOk: () => send({ ...input, confirmDuplicate: true }),
        });
        return;
      }
      const unmatched = applyFieldErrors(form, caught, FORM_FIELDS, { fileIds: 'files' });
      // Field errors show under their fields; the alert carries the rest (and other problems).
      const onFields = caught instanceof ApiError && caught.fieldErrors.length > unmatched.length;
      if (!onFields || unmatched.length > 0) {
        setError(caught);
        setExtraErrors(unmatched);
      }
    } finally {
      setSaving(false);
    }
  };

  const onFinish = (values: FormValues) => {
    void send(toInput(values));
  };

  const required = (field: string) => [{ required: true, message: t('required', { field }) }];

  if (registered) {
    return (
      <>
        <div className="cqdt-page-heading">
          <Typography.Title level={1} style={{ fontSize: 24 }}>
            {t('registerTitle')}
          </Typography.Title>
        </div>
        <RegisteredResult
          doc={registered}
          t={t}
          onOpen={() => void navigate(incomingDocumentPath(registered.id))}
          onAnother={() => {
            setRegistered(null);
            setProposed(null);
            setApplied(null);
            setUndone(false);
            form.resetFields();
          }}
        />
      </>
    );
  }

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('registerTitle')}
        </Typography.Title>
        <Link to={INCOMING_LIST_PATH} className="cqdt-text-link">
          {t('backToList')}
        </Link>
      </div>
      <Form<FormValues>
        form={form}
        layout="vertical"
        noValidate
        requiredMark
        onFinish={onFinish}
        onValuesChange={onValuesChange}
        initialValues={{
          senderMode: 'directory',
          urgency: 'normal',
          confidentiality: 'none',
          channel: 'paper',
          files: [],
        }}
        scrollToFirstError={{ block: 'center', focus: true }}
      >
        <Card title={<h2 className="cqdt-card-title">{t('stepFiles')}</h2>}>
          <Form.Item name="files" label={t('fileInputLabel')}>
            <FileUploader />
          </Form.Item>
          <ProposalNotice
            status={proposal}
            fileName={mainFile?.name ?? ''}
            filled={
              proposal.phase === 'done' && applied?.fileId === proposal.fileId
                ? applied.fields
                : null
            }
            undone={undone}
            onUndo={undoProposal}
          />
        </Card>
        <Card
          title={<h2 className="cqdt-card-title">{t('stepMetadata')}</h2>}
          style={{ marginTop: 16 }}
        >
          <Form.Item name="senderMode" label={t('senderMode')}>
            <Radio.Group>
              <Radio value="directory">{t('senderFromDirectory')}</Radio>
              <Radio value="text">{t('senderFreeText')}</Radio>
            </Radio.Group>
          </Form.Item>
          {senderMode === 'text' ? (
            <Form.Item
              name="senderName"
              label={t('senderName')}
              rules={required(t('senderName'))}
              {...proposedProps('sender')}
            >
              <Input maxLength={500} />
            </Form.Item>
          ) : (
            <Form.Item
              name="senderAgencyId"
              label={t('senderAgency')}
              rules={required(t('senderAgency'))}
              {...proposedProps('sender')}
            >
              <Select
                showSearch={{ filterOption: false, onSearch: setAgencyQuery }}
                options={agencyOptions}
                placeholder={t('senderAgencyPlaceholder')}
                loading={agencies.loading}
                notFoundContent={t('senderAgencyEmpty')}
                allowClear
                onChange={(value: number | undefined, option) =>
                  setChosenAgency(
                    value !== undefined && option && !Array.isArray(option)
                      ? { value, label: String(option.label) }
                      : null,
                  )
                }
              />
            </Form.Item>
          )}
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="numberText"
                label={t('numberText')}
                className={isProposed('numberText') ? 'cqdt-proposed' : undefined}
                extra={
                  isProposed('numberText') ? (
                    <>
                      <ProposedNote t={tp} />
                      <div>{numberHint}</div>
                    </>
                  ) : (
                    numberHint
                  )
                }
              >
                <Input maxLength={100} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="issuedDate"
                label={t('issuedDate')}
                rules={required(t('issuedDate'))}
                {...proposedProps('issuedDate')}
              >
                <DatePicker
                  format={DATE_FORMATS}
                  placeholder={t('datePlaceholder')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="subject"
            label={t('subject')}
            rules={required(t('subject'))}
            {...proposedProps('subject')}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="typeOrdinal" label={t('type')} {...proposedProps('typeOrdinal')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('typePlaceholder')}
                  options={(types.data?.items ?? []).map((type) => ({
                    value: type.ordinal,
                    label: type.abbreviation ? `${type.name} (${type.abbreviation})` : type.name,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="pageCount" label={t('pageCount')}>
                <InputNumber min={1} max={100000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="signerName" label={t('signerName')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="signerPosition" label={t('signerPosition')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="urgency" label={t('urgency')}>
                <Select
                  options={URGENCIES.map((value) => ({ value, label: t(`urgency_${value}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="confidentiality"
                label={t('confidentiality')}
                extra={
                  noConfidentialFiles ? (
                    <Typography.Text type="warning">{t('confidentialNoFiles')}</Typography.Text>
                  ) : undefined
                }
              >
                <Select
                  options={CONFIDENTIALITIES.map((value) => ({
                    value,
                    label: t(`confidentiality_${value}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="channel" label={t('channel')}>
                <Select
                  options={CHANNELS.map((value) => ({ value, label: t(`channel_${value}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="arrivalDate" label={t('arrivalDate')} extra={t('arrivalDateHint')}>
                <DatePicker
                  format={DATE_FORMATS}
                  placeholder={t('datePlaceholder')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="dueDate" label={t('dueDate')} extra={t('dueDateHint')}>
                <DatePicker
                  format={DATE_FORMATS}
                  placeholder={t('datePlaceholder')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="toPlaces" label={t('toPlaces')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="description" label={t('description')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={error} extraErrors={extraErrors} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={saving} size="large">
            {t('submitRegister')}
          </Button>
        </Card>
      </Form>
    </>
  );
}
