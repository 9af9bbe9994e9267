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
  Row,
  Select,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiError, type FieldError } from '../../../../shared/api/client';
import { applyFieldErrors } from '../../../../shared/api/form-errors';
import { useAuth } from '../../../../shared/auth/use-auth';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import {
  listDocumentTypes,
  parseDocumentNumber,
  registerIncoming,
  searchAgencies,
} from '../api/incoming';
import type {
  Channel,
  Confidentiality,
  DocumentNumberInfo,
  DuplicateCandidate,
  IncomingDocument,
  IncomingDocumentInput,
  Urgency,
} from '../api/types';
import { FileUploader } from '../components/file-uploader';
import { ProposalNotice, ProposedNote, type ProposedField } from '../components/proposal-notice';
import { RegisteredResult } from '../components/registered-result';
import { incomingMessages, type IncomingTranslate } from '../i18n';
import { announceIncomingChange } from '../lib/changes';
import { formatDay } from '../lib/dates';
import { DATE_FORMATS, FORM_FIELDS, type FormValues, toInput } from '../lib/register-incoming-form';
import { useRegistrationProposal } from '../lib/use-registration-proposal';
import { useRevalidateOnLanguage } from '../lib/use-revalidate-on-language';
import { INCOMING_LIST_PATH, incomingDocumentPath } from '../paths';
import { prefillMessages } from '../prefill-i18n';

const URGENCIES: Urgency[] = ['normal', 'urgent', 'very_urgent', 'express'];
const CONFIDENTIALITIES: Confidentiality[] = ['none', 'confidential', 'secret', 'top_secret'];
const CHANNELS: Channel[] = ['paper', 'electronic', 'internal'];

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
  // The proposal from the main file's content: fills the fields still empty, marked as proposed.
  const proposal = useRegistrationProposal(form, types.data?.items, setChosenAgency);
  const proposedProps = (field: ProposedField) =>
    proposal.isProposed(field)
      ? { className: 'cqdt-proposed', extra: <ProposedNote t={tp} /> }
      : {};
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
            proposal.reset();
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
        onValuesChange={proposal.onValuesChange}
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
            status={proposal.status}
            fileName={proposal.mainFile?.name ?? ''}
            filled={proposal.filled}
            undone={proposal.undone}
            onUndo={proposal.undoProposal}
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
                className={proposal.isProposed('numberText') ? 'cqdt-proposed' : undefined}
                extra={
                  proposal.isProposed('numberText') ? (
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
