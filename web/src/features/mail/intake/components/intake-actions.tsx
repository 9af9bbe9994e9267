// What the clerk does with a message while it waits: register it as an incoming document (the
// form pre-filled from the server's draft: type, number, dates, sender, subject, the files the
// register takes; then the page goes to the new document) or discard it with a reason. A 412
// (another clerk acted first) goes to the page, which offers a reload; a 409 duplicate-document
// lists the incoming documents it may be and lets the clerk register it anyway; the server's field
// problems land under their fields.
import {
  App as AntdApp,
  Alert,
  Button,
  Checkbox,
  Col,
  Form,
  Input,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiError } from '../../../../shared/api/client';
import { applyFieldErrors } from '../../../../shared/api/form-errors';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { formatVnDate } from '../../../../shared/lib/vn-time';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import {
  discardIntake,
  type DuplicateCandidate,
  type IntakeDetail,
  listDocumentTypes,
  registerIntake,
  type RegisterInput,
  type Urgency,
} from '../api';
import { mailIntakeMessages } from '../i18n';
import { incomingDocumentPath } from '../paths';

export interface IntakeHost {
  onChanged: (i: IntakeDetail) => void;
  onStale: () => void;
}

const URGENCIES: readonly Urgency[] = ['normal', 'urgent', 'very_urgent', 'express'];

const REGISTER_FIELDS = [
  'typeOrdinal',
  'numberText',
  'issuedDate',
  'arrivalDate',
  'dueDate',
  'senderName',
  'subject',
  'signerName',
  'signerPosition',
  'urgency',
  'files',
  'description',
] as const;
// The server names the chosen files by the registration's own fields.
const FIELD_MAP = { filePositions: 'files', fileIds: 'files' };

interface RegisterValues {
  typeOrdinal?: number;
  numberText?: string;
  issuedDate?: string;
  arrivalDate?: string;
  dueDate?: string;
  senderName?: string;
  subject?: string;
  signerName?: string;
  signerPosition?: string;
  urgency?: Urgency;
  files?: number[];
  description?: string;
}

/** Runs an action: success message and the new copy to the page, or the error shown. */
function useRun(
  host: IntakeHost,
  form: FormInstance,
  fields: readonly string[],
  fieldMap: Record<string, string> = {},
) {
  const { message } = AntdApp.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<IntakeDetail>, success: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await action();
      void message.success(success);
      host.onChanged(next);
      return next;
    } catch (reason) {
      if (reason instanceof ApiError && reason.status === 412) {
        host.onStale();
        return undefined;
      }
      const unmatched = applyFieldErrors(form, reason, fields, fieldMap);
      if (
        !(reason instanceof ApiError) ||
        reason.fieldErrors.length === 0 ||
        unmatched.length > 0
      ) {
        setError(reason);
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error };
}

function Title({ id, children }: { id: string; children: string }) {
  return (
    <Typography.Title id={id} level={2} style={{ fontSize: 18, marginTop: 0 }}>
      {children}
    </Typography.Title>
  );
}

/** Thrown when the duplicate question is on screen: the run shows no other error for it. */
class DuplicateShown extends Error {}

export function IntakeActions({ item, ...host }: IntakeHost & { item: IntakeDetail }) {
  const t = useTranslate(mailIntakeMessages);
  const navigate = useNavigate();
  const types = useAsync((signal) => listDocumentTypes(signal), []);
  const [registerForm] = Form.useForm<RegisterValues>();
  const [discardForm] = Form.useForm<{ reason?: string }>();
  const register = useRun(host, registerForm, REGISTER_FIELDS, FIELD_MAP);
  const discard = useRun(host, discardForm, ['reason']);
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[] | null>(null);
  const draft = item.draft;
  const registrable = item.files.filter((f) => f.registrable);

  const initialValues: RegisterValues = {
    typeOrdinal: draft.typeOrdinal || undefined,
    numberText: draft.numberText,
    issuedDate: draft.issuedDate,
    arrivalDate: draft.arrivalDate,
    senderName: draft.senderName,
    subject: draft.subject,
    urgency: 'normal',
    files: draft.files,
  };

  // The form as the clerk left it is what is registered (an empty optional field: the server's
  // default, not the draft's value).
  const input = (values: RegisterValues, confirmDuplicate: boolean): RegisterInput => ({
    typeOrdinal: values.typeOrdinal,
    numberText: values.numberText?.trim() ?? '',
    issuedDate: values.issuedDate || undefined,
    arrivalDate: values.arrivalDate || undefined,
    dueDate: values.dueDate || undefined,
    senderName: values.senderName?.trim() ?? '',
    subject: values.subject?.trim() ?? '',
    signerName: values.signerName?.trim() || undefined,
    signerPosition: values.signerPosition?.trim() || undefined,
    urgency: values.urgency,
    description: values.description?.trim() || undefined,
    files: values.files ?? [],
    confirmDuplicate: confirmDuplicate || undefined,
  });

  const doRegister = async (confirmDuplicate: boolean) => {
    setDuplicates(null);
    try {
      return await registerIntake(item, input(registerForm.getFieldsValue(true), confirmDuplicate));
    } catch (reason) {
      // The register may already hold this document: ask before a second entry.
      if (reason instanceof ApiError && reason.kind === 'duplicate-document') {
        setDuplicates((reason.problem.duplicates ?? []) as DuplicateCandidate[]);
        throw new DuplicateShown();
      }
      throw reason;
    }
  };
  const submitRegister = (confirmDuplicate: boolean) =>
    void register
      .run(() => doRegister(confirmDuplicate), t('registered'))
      .then((next) => {
        if (next?.documentId) {
          void navigate(incomingDocumentPath(next.documentId));
        }
      });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <section aria-labelledby="mail-intake-register">
        <Title id="mail-intake-register">{t('registerTitle')}</Title>
        <p>{t('registerIntro')}</p>
        {register.error && !(register.error instanceof DuplicateShown) ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={register.error} />
          </div>
        ) : null}
        {duplicates ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title={t('duplicateTitle')}
            description={
              <>
                <p style={{ margin: '0 0 8px' }}>{t('duplicateText')}</p>
                <ul style={{ margin: '0 0 8px', paddingInlineStart: 20 }}>
                  {duplicates.map((dup) => (
                    <li key={dup.id}>
                      <Link to={incomingDocumentPath(dup.id)} target="_blank">
                        {t('duplicateItem', {
                          number: dup.arrivalNumber,
                          date: formatVnDate(dup.arrivalDate),
                          numberText: dup.numberText,
                          subject: dup.subject,
                        })}
                      </Link>
                    </li>
                  ))}
                </ul>
                <Button size="small" onClick={() => submitRegister(true)}>
                  {t('duplicateConfirm')}
                </Button>
              </>
            }
          />
        ) : null}
        <Form<RegisterValues>
          form={registerForm}
          name="mail-intake-register"
          layout="vertical"
          noValidate
          initialValues={initialValues}
          onFinish={() => submitRegister(false)}
        >
          <Form.Item
            name="typeOrdinal"
            label={t('typeField')}
            rules={[{ required: true, message: t('typeRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('typePlaceholder')}
              loading={types.loading}
              options={(types.data?.items ?? []).map((type) => ({
                value: type.ordinal,
                label: type.abbreviation ? `${type.name} (${type.abbreviation})` : type.name,
              }))}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="numberText" label={t('numberTextField')}>
                <Input maxLength={100} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="issuedDate"
                label={t('issuedDateField')}
                rules={[{ required: true, message: t('issuedDateRequired') }]}
              >
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="senderName"
            label={t('senderField')}
            rules={[{ required: true, whitespace: true, message: t('senderRequired') }]}
          >
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item
            name="subject"
            label={t('subjectField')}
            rules={[{ required: true, whitespace: true, message: t('subjectRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="arrivalDate" label={t('arrivalDateField')}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="dueDate" label={t('dueDateField')}>
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="signerName" label={t('signerNameField')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="signerPosition" label={t('signerPositionField')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="urgency" label={t('urgencyField')}>
            <Select options={URGENCIES.map((value) => ({ value, label: t(`urgency_${value}`) }))} />
          </Form.Item>
          <FilesField item={item} registrable={registrable.length} />
          <Form.Item name="description" label={t('descriptionField')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={register.busy}>
            {t('registerButton')}
          </Button>
        </Form>
      </section>
      <section aria-labelledby="mail-intake-discard">
        <Title id="mail-intake-discard">{t('discardTitle')}</Title>
        <p>{t('discardIntro')}</p>
        {discard.error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={discard.error} />
          </div>
        ) : null}
        <Form
          form={discardForm}
          name="mail-intake-discard"
          layout="vertical"
          noValidate
          onFinish={(values) =>
            void discard.run(() => discardIntake(item, values.reason?.trim() ?? ''), t('discarded'))
          }
        >
          <Form.Item
            name="reason"
            label={t('reasonLabel')}
            rules={[
              { required: true, whitespace: true, message: t('reasonRequired') },
              { max: 1000, message: t('reasonTooLong') },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
          </Form.Item>
          <Button danger htmlType="submit" loading={discard.busy}>
            {t('discardButton')}
          </Button>
        </Form>
      </section>
    </Space>
  );
}

/**
 * The files the incoming document takes: one box per attachment, those the register cannot take
 * (neither PDF nor image) shown unticked and disabled with the reason, so none goes unseen.
 */
function FilesField({ item, registrable }: { item: IntakeDetail; registrable: number }) {
  const t = useTranslate(mailIntakeMessages);
  if (item.files.length === 0) {
    return null;
  }
  return (
    <Form.Item
      name="files"
      label={t('filesField')}
      extra={registrable === 0 ? t('filesNone') : t('filesHelp')}
    >
      <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
        {item.files.map((f) => (
          <Checkbox key={f.position} value={f.position} disabled={!f.registrable}>
            <span className="cqdt-mail-intake-break">{f.name}</span>
            {f.registrable ? null : (
              <>
                {' '}
                <Tag>{t('fileNotRegistrable')}</Tag>
              </>
            )}
          </Checkbox>
        ))}
      </Checkbox.Group>
    </Form.Item>
  );
}
