// What the clerk does with a package from outside: register it (pre-filled from its header; it
// becomes an incoming document and the page goes there) or refuse it with a reason, while it
// waits; answer the sender's request to recall it. A 412 (another clerk acted first) goes to the
// page, which offers a reload; a 409 duplicate-document lists the incoming documents it may be
// and lets the clerk register it anyway; the server's field problems land under their fields.
import { App as AntdApp, Alert, Button, Form, Input, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { formatVnDate, formatVnTime } from '../../../shared/lib/vn-time';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  answerRecall,
  listDocumentTypes,
  refuseExchangeReception,
  registerExchangeReception,
} from '../api/receptions';
import type {
  DocumentType,
  DuplicateCandidate,
  ExchangeReceptionDetail,
  RegisterInput,
} from '../api/types';
import { exchangeMessages } from '../i18n';
import { isoFromEdxmlDate, todayInVietnam } from '../lib/format';
import { incomingDocumentPath } from '../paths';

export interface ReceptionHost {
  onChanged: (r: ExchangeReceptionDetail) => void;
  onStale: () => void;
}

const REGISTER_FIELDS = [
  'arrivalDate',
  'numberText',
  'typeOrdinal',
  'dueDate',
  'description',
] as const;

interface RegisterValues {
  arrivalDate?: string;
  numberText?: string;
  typeOrdinal?: number;
  dueDate?: string;
  description?: string;
}

/** Runs an action: success message and the new copy to the page, or the error shown. */
function useRun(host: ReceptionHost, form: FormInstance, fields: readonly string[]) {
  const { message } = AntdApp.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<ExchangeReceptionDetail>, success: string) => {
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
      const unmatched = applyFieldErrors(form, reason, fields);
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

/** The type the package names, among the 29 of Decree 30/2020 (by name, ignoring case). */
function typeOf(types: DocumentType[], name: string): number | undefined {
  const wanted = name.trim().toLocaleLowerCase('vi');
  return types.find((type) => type.name.toLocaleLowerCase('vi') === wanted)?.ordinal;
}

/** Thrown when the duplicate question is on screen: the run shows no other error for it. */
class DuplicateShown extends Error {}

export function ReceiveActions({
  reception,
  ...host
}: ReceptionHost & { reception: ExchangeReceptionDetail }) {
  const t = useTranslate(exchangeMessages);
  const navigate = useNavigate();
  const types = useAsync((signal) => listDocumentTypes(signal), []);
  const [registerForm] = Form.useForm<RegisterValues>();
  const [refuseForm] = Form.useForm<{ reason?: string }>();
  const register = useRun(host, registerForm, REGISTER_FIELDS);
  const refuse = useRun(host, refuseForm, ['reason']);
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[] | null>(null);
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

  const doRegister = async (confirmDuplicate: boolean) => {
    setDuplicates(null);
    try {
      return await registerExchangeReception(
        reception,
        input(registerForm.getFieldsValue(), confirmDuplicate),
      );
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
        if (next?.incomingDocumentId) {
          void navigate(incomingDocumentPath(next.incomingDocumentId));
        }
      });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <section aria-labelledby="exchange-register">
        <Title id="exchange-register">{t('registerTitle')}</Title>
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
          name="exchange-register"
          layout="vertical"
          noValidate
          initialValues={initialValues}
          onFinish={() => submitRegister(false)}
        >
          <Form.Item name="arrivalDate" label={t('arrivalDateField')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="numberText" label={t('numberTextField')}>
            <Input maxLength={100} />
          </Form.Item>
          <TypeField types={types.data?.items ?? []} loading={types.loading} />
          <Form.Item name="dueDate" label={t('dueDateField')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="description" label={t('descriptionField')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={register.busy}>
            {t('registerButton')}
          </Button>
        </Form>
      </section>
      <section aria-labelledby="exchange-refuse">
        <Title id="exchange-refuse">{t('refuseTitle')}</Title>
        <p>{t('refuseIntro')}</p>
        {refuse.error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={refuse.error} />
          </div>
        ) : null}
        <Form
          form={refuseForm}
          name="exchange-refuse"
          layout="vertical"
          noValidate
          onFinish={(values) =>
            void refuse.run(
              () => refuseExchangeReception(reception, values.reason?.trim() ?? ''),
              t('refused'),
            )
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
          <Button danger htmlType="submit" loading={refuse.busy}>
            {t('refuseButton')}
          </Button>
        </Form>
      </section>
    </Space>
  );
}

function TypeField({ types, loading }: { types: DocumentType[]; loading: boolean }) {
  const t = useTranslate(exchangeMessages);
  return (
    <Form.Item name="typeOrdinal" label={t('typeField')}>
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={t('typePlaceholder')}
        loading={loading}
        options={types.map((type) => ({
          value: type.ordinal,
          label: type.abbreviation ? `${type.name} (${type.abbreviation})` : type.name,
        }))}
      />
    </Form.Item>
  );
}

/** The sender asks to recall it: accept (note optional) or refuse (reason required). */
export function RecallAnswer({
  reception,
  canAnswer,
  ...host
}: ReceptionHost & { reception: ExchangeReceptionDetail; canAnswer: boolean }) {
  const t = useTranslate(exchangeMessages);
  const [form] = Form.useForm<{ reason?: string }>();
  const action = useRun(host, form, ['reason']);
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
  const reason = () => (form.getFieldValue('reason') as string | undefined)?.trim() ?? '';
  const onRefuse = () => {
    if (!reason()) {
      form.setFields([{ name: 'reason', errors: [t('reasonRequired')] }]);
      form.focusField('reason');
      return;
    }
    void action.run(() => answerRecall(reception, false, reason()), t('recallRefused'));
  };
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
              {action.error ? (
                <div style={{ marginBottom: 16 }}>
                  <ErrorAlert error={action.error} />
                </div>
              ) : null}
              <Form form={form} name="exchange-recall" layout="vertical" noValidate>
                <Form.Item
                  name="reason"
                  label={t('recallReasonLabel')}
                  rules={[{ max: 1000, message: t('reasonTooLong') }]}
                >
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
                </Form.Item>
                <Space wrap>
                  <Button
                    type="primary"
                    loading={action.busy}
                    onClick={() =>
                      void action.run(
                        () => answerRecall(reception, true, reason()),
                        t('recallAccepted'),
                      )
                    }
                  >
                    {t('recallAccept')}
                  </Button>
                  <Button danger loading={action.busy} onClick={onRefuse}>
                    {t('recallRefuse')}
                  </Button>
                </Space>
              </Form>
            </>
          ) : (
            <p style={{ margin: 0 }}>{t('readOnly')}</p>
          )}
        </section>
      }
    />
  );
}
