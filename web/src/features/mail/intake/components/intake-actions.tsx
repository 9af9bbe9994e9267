// What the clerk does with a message while it waits: register it as an incoming document (the
// form pre-filled from the server's draft: type, number, dates, sender, subject, the files the
// register takes; then the page goes to the new document) or discard it with a reason. A 412
// (another clerk acted first) goes to the page, which offers a reload; a 409 duplicate-document
// lists the incoming documents it may be and lets the clerk register it anyway; the server's field
// problems land under their fields. The forms are the three receptions' shared ones
// (shared/reception); the fields and the words are this feature's.
import { Checkbox, Col, Form, Input, Row, Select, Space, Tag } from 'antd';

import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import {
  documentTypeOptions,
  ReasonSection,
  RegisterSection,
} from '../../../../shared/reception/reception-forms';
import type { ReceptionHost } from '../../../../shared/reception/types';
import { useRegisterAction } from '../../../../shared/reception/use-reception-action';
import {
  discardIntake,
  type IntakeDetail,
  listDocumentTypes,
  registerIntake,
  type RegisterInput,
  type Urgency,
} from '../api';
import { mailIntakeMessages } from '../i18n';
import { incomingDocumentPath } from '../paths';

type IntakeHost = ReceptionHost<IntakeDetail>;

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

/** The form's fields: what the registration sends, bar the answer to the duplicate question. */
type RegisterValues = Omit<RegisterInput, 'confirmDuplicate'>;

export function IntakeActions({ item, ...host }: IntakeHost & { item: IntakeDetail }) {
  const t = useTranslate(mailIntakeMessages);
  const types = useAsync((signal) => listDocumentTypes(signal), []);
  const [registerForm] = Form.useForm<RegisterValues>();
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

  const register = useRegisterAction({
    host,
    form: registerForm,
    fields: REGISTER_FIELDS,
    fieldMap: FIELD_MAP,
    register: (confirmDuplicate) =>
      registerIntake(item, input(registerForm.getFieldsValue(true), confirmDuplicate)),
    success: t('registered'),
    whereNext: (next) => (next.documentId ? incomingDocumentPath(next.documentId) : undefined),
  });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <RegisterSection
        id="mail-intake-register"
        form={registerForm}
        initialValues={initialValues}
        action={register}
        t={t}
        duplicateList={{ t, path: incomingDocumentPath }}
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
            options={documentTypeOptions(types.data?.items ?? [])}
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
      </RegisterSection>
      <ReasonSection
        id="mail-intake-discard"
        host={host}
        words={{
          title: t('discardTitle'),
          intro: t('discardIntro'),
          reason: {
            label: t('reasonLabel'),
            required: t('reasonRequired'),
            tooLong: t('reasonTooLong'),
          },
          button: t('discardButton'),
          done: t('discarded'),
        }}
        onSubmit={(reason) => discardIntake(item, reason)}
      />
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
