// The clerk's forms on a received item, the same for the three receptions: register it as an
// incoming document (the feature gives the fields), refuse or discard it with a reason, answer
// the sender's request to recall it. The words come from the feature (its catalogue), so each
// reception keeps its own.
import { Alert, Button, Form, type FormInstance, Input, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { formatVnDate } from '../lib/vn-time';
import { ErrorAlert } from '../ui/error-alert';
import type { DuplicateCandidate, ReceptionHost, Words } from './types';
import { type RegisterAction, useReceptionAction } from './use-reception-action';

/** A section's heading (h2) inside a card. */
export function SectionTitle({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <Typography.Title id={id} level={2} style={{ fontSize: 18, marginTop: 0 }}>
      {children}
    </Typography.Title>
  );
}

/** An action's error above its form. */
function ActionError({ error }: { error: unknown }) {
  return error ? (
    <div style={{ marginBottom: 16 }}>
      <ErrorAlert error={error} />
    </div>
  ) : null;
}

/**
 * The incoming documents a registration may repeat, listed in the duplicate question (each a link
 * that opens in a new tab); without it, the server's sentence says it.
 */
export interface DuplicateList {
  t: Words<'duplicateText' | 'duplicateItem'>;
  path: (incomingDocumentId: number) => string;
}

function DuplicateQuestion({
  action,
  t,
  list,
}: {
  action: RegisterAction;
  t: Words<'duplicateTitle' | 'duplicateConfirm'>;
  list?: DuplicateList;
}) {
  const duplicate = action.duplicate;
  if (!duplicate) {
    return null;
  }
  const confirm = (
    <Button size="small" onClick={() => action.submit(true)}>
      {t('duplicateConfirm')}
    </Button>
  );
  const items = (duplicate.problem.duplicates ?? []) as DuplicateCandidate[];
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={t('duplicateTitle')}
      description={
        list ? (
          <>
            <p style={{ margin: '0 0 8px' }}>{list.t('duplicateText')}</p>
            <ul style={{ margin: '0 0 8px', paddingInlineStart: 20 }}>
              {items.map((dup) => (
                <li key={dup.id}>
                  <Link to={list.path(dup.id)} target="_blank">
                    {list.t('duplicateItem', {
                      number: dup.arrivalNumber,
                      date: formatVnDate(dup.arrivalDate),
                      numberText: dup.numberText,
                      subject: dup.subject,
                    })}
                  </Link>
                </li>
              ))}
            </ul>
            {confirm}
          </>
        ) : (
          duplicate.message
        )
      }
      action={list ? undefined : confirm}
    />
  );
}

/**
 * "Register as incoming": the heading, what it does, the error or the duplicate question, then
 * the feature's fields (`children`) and the submit button. `id` names the section's heading and
 * the form (antd prefixes the fields' ids with it).
 */
export function RegisterSection<V extends object>({
  id,
  form,
  initialValues,
  action,
  t,
  duplicateList,
  children,
}: {
  id: string;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  action: RegisterAction;
  t: Words<
    'registerTitle' | 'registerIntro' | 'registerButton' | 'duplicateTitle' | 'duplicateConfirm'
  >;
  duplicateList?: DuplicateList;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <SectionTitle id={id}>{t('registerTitle')}</SectionTitle>
      <p>{t('registerIntro')}</p>
      <ActionError error={action.error} />
      <DuplicateQuestion action={action} t={t} list={duplicateList} />
      <Form<V>
        form={form}
        name={id}
        layout="vertical"
        noValidate
        initialValues={initialValues}
        onFinish={() => action.submit(false)}
      >
        {children}
        <Button type="primary" htmlType="submit" loading={action.busy}>
          {t('registerButton')}
        </Button>
      </Form>
    </section>
  );
}

/** The words of a reason field: its label, and the messages when it is empty or too long. */
export interface ReasonWords {
  label: string;
  required: string;
  /** With it, more than 1000 characters (pasted past the box's limit) is refused. */
  tooLong?: string;
}

const REASON_MAX = 1000;

// A plain element, not a component: Form.Item hands its value, events and ref to its child.
const reasonInput = () => (
  <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={REASON_MAX} />
);

const tooLongRule = (words: ReasonWords) =>
  words.tooLong ? [{ max: REASON_MAX, message: words.tooLong }] : [];

/**
 * Refuse (or discard) the item with a reason, which the server keeps (and tells the sender):
 * the heading, what it does, the error, the reason and the danger button. `id` names the
 * section's heading and the form.
 */
export function ReasonSection<T>({
  id,
  host,
  words,
  onSubmit,
}: {
  id: string;
  host: ReceptionHost<T>;
  words: { title: string; intro: string; reason: ReasonWords; button: string; done: string };
  onSubmit: (reason: string) => Promise<T>;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const action = useReceptionAction(host, form, ['reason']);
  return (
    <section aria-labelledby={id}>
      <SectionTitle id={id}>{words.title}</SectionTitle>
      <p>{words.intro}</p>
      <ActionError error={action.error} />
      <Form
        form={form}
        name={id}
        layout="vertical"
        noValidate
        onFinish={(values) =>
          void action.run(() => onSubmit(values.reason?.trim() ?? ''), words.done)
        }
      >
        <Form.Item
          name="reason"
          label={words.reason.label}
          rules={[
            { required: true, whitespace: true, message: words.reason.required },
            ...tooLongRule(words.reason),
          ]}
        >
          {reasonInput()}
        </Form.Item>
        <Button danger htmlType="submit" loading={action.busy}>
          {words.button}
        </Button>
      </Form>
    </section>
  );
}

/**
 * The answer to the sender's request to recall the item: accept (the reason is an optional note)
 * or refuse (the reason is required). The error, the reason and the two buttons; the feature
 * says around it what the request is.
 */
export function RecallAnswerForm<T>({
  name,
  host,
  words,
  onAccept,
  onRefuse,
}: {
  name: string;
  host: ReceptionHost<T>;
  words: {
    reason: ReasonWords;
    accept: string;
    refuse: string;
    accepted: string;
    refused: string;
  };
  onAccept: (reason: string) => Promise<T>;
  onRefuse: (reason: string) => Promise<T>;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const action = useReceptionAction(host, form, ['reason']);
  const reason = () => (form.getFieldValue('reason') as string | undefined)?.trim() ?? '';
  const refuse = () => {
    if (!reason()) {
      form.setFields([{ name: 'reason', errors: [words.reason.required] }]);
      form.focusField('reason');
      return;
    }
    void action.run(() => onRefuse(reason()), words.refused);
  };
  const rules = tooLongRule(words.reason);
  return (
    <>
      <ActionError error={action.error} />
      <Form form={form} name={name} layout="vertical" noValidate>
        <Form.Item
          name="reason"
          label={words.reason.label}
          rules={rules.length > 0 ? rules : undefined}
        >
          {reasonInput()}
        </Form.Item>
        <Space wrap>
          <Button
            type="primary"
            loading={action.busy}
            onClick={() => void action.run(() => onAccept(reason()), words.accepted)}
          >
            {words.accept}
          </Button>
          <Button danger loading={action.busy} onClick={refuse}>
            {words.refuse}
          </Button>
        </Space>
      </Form>
    </>
  );
}

/** The choices of a document type field: the 29 types of Decree 30/2020, with their notation. */
export function documentTypeOptions(
  types: readonly { ordinal: number; name: string; abbreviation: string | null }[],
) {
  return types.map((type) => ({
    value: type.ordinal,
    label: type.abbreviation ? `${type.name} (${type.abbreviation})` : type.name,
  }));
}
