// What the recipient clerk does with a reception: register it (it becomes an incoming document)
// or refuse it with a reason, while it waits (01); answer a recall request (13) by accepting it
// or refusing it with a reason. A 412 (another clerk acted first) goes to the page, which offers
// a reload; the server's field problems are shown under the field they name.
import { App as AntdApp, Alert, Button, Form, Input, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { ApiError } from '../../../../shared/api/client';
import { applyFieldErrors } from '../../../../shared/api/form-errors';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { acceptRecall, refuseReception, refuseRecall, registerReception } from '../api/receptions';
import type { Reception } from '../api/types';
import { receptionMessages } from '../i18n';
import { incomingDocumentPath } from '../paths';

export interface ReceptionHost {
  onChanged: (r: Reception) => void;
  onStale: () => void;
}

function useRun(host: ReceptionHost, form: FormInstance, fields: readonly string[]) {
  const { message } = AntdApp.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<Reception>, success: string) => {
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
  return { run, busy, error, setError };
}

function Title({ id, children }: { id: string; children: string }) {
  return (
    <Typography.Title id={id} level={2} style={{ fontSize: 18, marginTop: 0 }}>
      {children}
    </Typography.Title>
  );
}

/** 01: register (goes to the new incoming document) or refuse with a reason. */
export function ReceiveActions({ reception, ...host }: ReceptionHost & { reception: Reception }) {
  const t = useTranslate(receptionMessages);
  const navigate = useNavigate();
  const [registerForm] = Form.useForm<{ dueDate?: string; description?: string }>();
  const [refuseForm] = Form.useForm<{ reason?: string }>();
  const register = useRun(host, registerForm, ['dueDate', 'description', 'arrivalDate']);
  const refuse = useRun(host, refuseForm, ['reason']);
  const [duplicate, setDuplicate] = useState<ApiError | null>(null);

  const doRegister = async (confirmDuplicate: boolean) => {
    const values = registerForm.getFieldsValue();
    setDuplicate(null);
    try {
      const next = await registerReception(reception, {
        dueDate: values.dueDate || undefined,
        description: values.description?.trim() || undefined,
        confirmDuplicate: confirmDuplicate || undefined,
      });
      return next;
    } catch (reason) {
      // The server thinks this document is already in the register: ask before a second entry.
      if (
        reason instanceof ApiError &&
        reason.status === 409 &&
        reason.kind === 'duplicate-document'
      ) {
        setDuplicate(reason);
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
      <section aria-labelledby="reception-register">
        <Title id="reception-register">{t('registerTitle')}</Title>
        <p>{t('registerIntro')}</p>
        {register.error && !(register.error instanceof DuplicateShown) ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={register.error} />
          </div>
        ) : null}
        {duplicate ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title={t('duplicateTitle')}
            description={duplicate.message}
            action={
              <Button size="small" onClick={() => submitRegister(true)}>
                {t('duplicateConfirm')}
              </Button>
            }
          />
        ) : null}
        <Form
          form={registerForm}
          name="reception-register"
          layout="vertical"
          noValidate
          onFinish={() => submitRegister(false)}
        >
          <Form.Item name="dueDate" label={t('dueDateLabel')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="description" label={t('descriptionLabel')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={register.busy}>
            {t('registerButton')}
          </Button>
        </Form>
      </section>
      <section aria-labelledby="reception-refuse">
        <Title id="reception-refuse">{t('refuseTitle')}</Title>
        <p>{t('refuseIntro')}</p>
        {refuse.error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={refuse.error} />
          </div>
        ) : null}
        <Form
          form={refuseForm}
          name="reception-refuse"
          layout="vertical"
          noValidate
          onFinish={(values) =>
            void refuse.run(
              () => refuseReception(reception, values.reason?.trim() ?? ''),
              t('refused'),
            )
          }
        >
          <Form.Item
            name="reason"
            label={t('reasonLabel')}
            rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}
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

/** Thrown when the duplicate question is on screen: the run shows no other error for it. */
class DuplicateShown extends Error {}

/** 13: the sender asks to recall it; accept (note optional) or refuse (reason required). */
export function RecallAnswer({ reception, ...host }: ReceptionHost & { reception: Reception }) {
  const t = useTranslate(receptionMessages);
  const [form] = Form.useForm<{ reason?: string }>();
  const action = useRun(host, form, ['reason']);
  const reason = () => (form.getFieldValue('reason') as string | undefined)?.trim() ?? '';
  const onRefuse = () => {
    if (!reason()) {
      form.setFields([{ name: 'reason', errors: [t('reasonRequired')] }]);
      form.focusField('reason');
      return;
    }
    void action.run(() => refuseRecall(reception, reason()), t('recallRefused'));
  };
  return (
    <section aria-labelledby="reception-recall">
      <Title id="reception-recall">{t('recallTitle')}</Title>
      {reception.document.recallReason ? (
        <p>
          <strong>{t('recallReasonText', { reason: reception.document.recallReason })}</strong>
        </p>
      ) : null}
      <p>{t('recallIntro')}</p>
      {action.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={action.error} />
        </div>
      ) : null}
      <Form form={form} name="reception-recall" layout="vertical" noValidate>
        <Form.Item name="reason" label={t('reasonLabel')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
        <Space wrap>
          <Button
            type="primary"
            loading={action.busy}
            onClick={() =>
              void action.run(
                () => acceptRecall(reception, reason() || undefined),
                t('recallAccepted'),
              )
            }
          >
            {t('recallAcceptButton')}
          </Button>
          <Button danger loading={action.busy} onClick={onRefuse}>
            {t('recallRefuseButton')}
          </Button>
        </Space>
      </Form>
    </section>
  );
}
