// What the recipient clerk does with a reception: register it (it becomes an incoming document)
// or refuse it with a reason, while it waits (01); answer a recall request (13) by accepting it
// or refusing it with a reason. A 412 (another clerk acted first) goes to the page, which offers
// a reload; the server's field problems are shown under the field they name. The forms are the
// three receptions' shared ones (shared/reception); the fields and the words are this feature's.
import { Form, Input, Space } from 'antd';

import { useTranslate } from '../../../../shared/i18n/use-translate';
import {
  ReasonSection,
  RecallAnswerForm,
  RegisterSection,
  SectionTitle,
} from '../../../../shared/reception/reception-forms';
import type { ReceptionHost as Host } from '../../../../shared/reception/types';
import { useRegisterAction } from '../../../../shared/reception/use-reception-action';
import { acceptRecall, refuseReception, refuseRecall, registerReception } from '../api/receptions';
import type { Reception } from '../api/types';
import { receptionMessages } from '../i18n';
import { incomingDocumentPath } from '../paths';

type ReceptionHost = Host<Reception>;

interface RegisterValues {
  dueDate?: string;
  description?: string;
}

/** 01: register (goes to the new incoming document) or refuse with a reason. */
export function ReceiveActions({ reception, ...host }: ReceptionHost & { reception: Reception }) {
  const t = useTranslate(receptionMessages);
  const [registerForm] = Form.useForm<RegisterValues>();
  const register = useRegisterAction({
    host,
    form: registerForm,
    fields: ['dueDate', 'description', 'arrivalDate'],
    register: (confirmDuplicate) => {
      const values = registerForm.getFieldsValue();
      return registerReception(reception, {
        dueDate: values.dueDate || undefined,
        description: values.description?.trim() || undefined,
        confirmDuplicate: confirmDuplicate || undefined,
      });
    },
    success: t('registered'),
    whereNext: (next) =>
      next.incomingDocumentId ? incomingDocumentPath(next.incomingDocumentId) : undefined,
  });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <RegisterSection id="reception-register" form={registerForm} action={register} t={t}>
        <Form.Item name="dueDate" label={t('dueDateLabel')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="description" label={t('descriptionLabel')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
      </RegisterSection>
      <ReasonSection
        id="reception-refuse"
        host={host}
        words={{
          title: t('refuseTitle'),
          intro: t('refuseIntro'),
          reason: { label: t('reasonLabel'), required: t('reasonRequired') },
          button: t('refuseButton'),
          done: t('refused'),
        }}
        onSubmit={(reason) => refuseReception(reception, reason)}
      />
    </Space>
  );
}

/** 13: the sender asks to recall it; accept (note optional) or refuse (reason required). */
export function RecallAnswer({ reception, ...host }: ReceptionHost & { reception: Reception }) {
  const t = useTranslate(receptionMessages);
  return (
    <section aria-labelledby="reception-recall">
      <SectionTitle id="reception-recall">{t('recallTitle')}</SectionTitle>
      {reception.document.recallReason ? (
        <p>
          <strong>{t('recallReasonText', { reason: reception.document.recallReason })}</strong>
        </p>
      ) : null}
      <p>{t('recallIntro')}</p>
      <RecallAnswerForm
        name="reception-recall"
        host={host}
        words={{
          reason: { label: t('reasonLabel'), required: t('reasonRequired') },
          accept: t('recallAcceptButton'),
          refuse: t('recallRefuseButton'),
          accepted: t('recallAccepted'),
          refused: t('recallRefused'),
        }}
        onAccept={(reason) => acceptRecall(reception, reason || undefined)}
        onRefuse={(reason) => refuseRecall(reception, reason)}
      />
    </section>
  );
}
