// What the clerk does with a package from outside: register it (pre-filled from its header; it
// becomes an incoming document and the page goes there) or refuse it with a reason, while it
// waits; answer the sender's request to recall it. A 412 (another clerk acted first) goes to the
// page, which offers a reload; a 409 duplicate-document lists the incoming documents it may be
// and lets the clerk register it anyway; the server's field problems land under their fields.
// The forms are the three receptions' shared ones (shared/reception); the fields and the words
// are this feature's.
import { Alert, Form, Input, Select, Space } from 'antd';
import { useEffect } from 'react';

import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { formatVnTime } from '../../../shared/lib/vn-time';
import {
  documentTypeOptions,
  ReasonSection,
  RecallAnswerForm,
  RegisterSection,
} from '../../../shared/reception/reception-forms';
import type { ReceptionHost as Host } from '../../../shared/reception/types';
import { useRegisterAction } from '../../../shared/reception/use-reception-action';
import {
  answerRecall,
  listDocumentTypes,
  refuseExchangeReception,
  registerExchangeReception,
} from '../api/receptions';
import type { DocumentType, ExchangeReceptionDetail, RegisterInput } from '../api/types';
import { type ExchangeTranslate, exchangeMessages } from '../i18n';
import { isoFromEdxmlDate, todayInVietnam } from '../lib/format';
import { incomingDocumentPath } from '../paths';

type ReceptionHost = Host<ExchangeReceptionDetail>;

const REGISTER_FIELDS = [
  'arrivalDate',
  'numberText',
  'typeOrdinal',
  'dueDate',
  'description',
] as const;

/** The form's fields: what the registration sends, bar the answer to the duplicate question. */
type RegisterValues = Omit<RegisterInput, 'confirmDuplicate'>;

/** The type the package names, among the 29 of Decree 30/2020 (by name, ignoring case). */
function typeOf(types: DocumentType[], name: string): number | undefined {
  const wanted = name.trim().toLocaleLowerCase('vi');
  return types.find((type) => type.name.toLocaleLowerCase('vi') === wanted)?.ordinal;
}

const reasonWords = (t: ExchangeTranslate) => ({
  label: t('reasonLabel'),
  required: t('reasonRequired'),
  tooLong: t('reasonTooLong'),
});

export function ReceiveActions({
  reception,
  ...host
}: ReceptionHost & { reception: ExchangeReceptionDetail }) {
  const t = useTranslate(exchangeMessages);
  const types = useAsync((signal) => listDocumentTypes(signal), []);
  const [registerForm] = Form.useForm<RegisterValues>();
  const header = reception.header;
  const guessedType = typeOf(types.data?.items ?? [], header.typeName);
  // The package's type, once the list of types has come (the form's initial values are read
  // once, maybe before it did); a choice the clerk made already stays.
  useEffect(() => {
    if (guessedType !== undefined && registerForm.getFieldValue('typeOrdinal') === undefined) {
      registerForm.setFieldValue('typeOrdinal', guessedType);
    }
  }, [guessedType, registerForm]);

  const initialValues: RegisterValues = {
    arrivalDate: todayInVietnam(),
    numberText: header.numberText,
    dueDate: isoFromEdxmlDate(header.dueDate),
    description: header.content.slice(0, 1000),
  };

  // What differs from the package is sent; the rest the server takes from the package itself.
  const input = (values: RegisterValues, confirmDuplicate: boolean): RegisterInput => {
    const numberText = values.numberText?.trim() ?? '';
    return {
      arrivalDate: values.arrivalDate || undefined,
      dueDate: values.dueDate || undefined,
      description: values.description?.trim() || undefined,
      numberText: numberText && numberText !== header.numberText ? numberText : undefined,
      typeOrdinal:
        values.typeOrdinal !== undefined && values.typeOrdinal !== guessedType
          ? values.typeOrdinal
          : undefined,
      confirmDuplicate: confirmDuplicate || undefined,
    };
  };

  const register = useRegisterAction({
    host,
    form: registerForm,
    fields: REGISTER_FIELDS,
    register: (confirmDuplicate) =>
      registerExchangeReception(reception, input(registerForm.getFieldsValue(), confirmDuplicate)),
    success: t('registered'),
    whereNext: (next) =>
      next.incomingDocumentId ? incomingDocumentPath(next.incomingDocumentId) : undefined,
  });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <RegisterSection
        id="exchange-register"
        form={registerForm}
        initialValues={initialValues}
        action={register}
        t={t}
        duplicateList={{ t, path: incomingDocumentPath }}
      >
        <Form.Item name="arrivalDate" label={t('arrivalDateField')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="numberText" label={t('numberTextField')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="typeOrdinal" label={t('typeField')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('typePlaceholder')}
            loading={types.loading}
            options={documentTypeOptions(types.data?.items ?? [])}
          />
        </Form.Item>
        <Form.Item name="dueDate" label={t('dueDateField')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="description" label={t('descriptionField')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
        </Form.Item>
      </RegisterSection>
      <ReasonSection
        id="exchange-refuse"
        host={host}
        words={{
          title: t('refuseTitle'),
          intro: t('refuseIntro'),
          reason: reasonWords(t),
          button: t('refuseButton'),
          done: t('refused'),
        }}
        onSubmit={(reason) => refuseExchangeReception(reception, reason)}
      />
    </Space>
  );
}

/** The sender asks to recall it: accept (note optional) or refuse (reason required). */
export function RecallAnswer({
  reception,
  canAnswer,
  ...host
}: ReceptionHost & { reception: ExchangeReceptionDetail; canAnswer: boolean }) {
  const t = useTranslate(exchangeMessages);
  const recall = reception.recall;
  if (!recall) {
    return null;
  }
  const banner = recall.reason
    ? t('recallBanner', { reason: recall.reason })
    : t('recallBannerNoReason');
  if (recall.state !== 'requested') {
    return (
      <Alert
        type="info"
        showIcon
        title={`${banner} — ${t('recallAnsweredTitle', { state: recall.stateLabel })}`}
        description={recall.answer ? t('recallAnswer', { answer: recall.answer }) : undefined}
      />
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      title={<strong>{banner}</strong>}
      description={
        <section aria-label={banner}>
          {recall.requestedAt ? (
            <p style={{ margin: '0 0 8px' }}>
              {t('recallRequestedAt', { time: formatVnTime(recall.requestedAt) })}
            </p>
          ) : null}
          {canAnswer ? (
            <>
              <p style={{ margin: '0 0 8px' }}>{t('recallIntro')}</p>
              <RecallAnswerForm
                name="exchange-recall"
                host={host}
                words={{
                  reason: { ...reasonWords(t), label: t('recallReasonLabel') },
                  accept: t('recallAccept'),
                  refuse: t('recallRefuse'),
                  accepted: t('recallAccepted'),
                  refused: t('recallRefused'),
                }}
                onAccept={(reason) => answerRecall(reception, true, reason)}
                onRefuse={(reason) => answerRecall(reception, false, reason)}
              />
            </>
          ) : (
            <p style={{ margin: 0 }}>{t('readOnly')}</p>
          )}
        </section>
      }
    />
  );
}
