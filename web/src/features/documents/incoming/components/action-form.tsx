import { App, Button, Form } from 'antd';
import { type ReactNode, useState } from 'react';

import { ApiError, type FieldError } from '../../../../shared/api/client';
import { applyFieldErrors } from '../../../../shared/api/form-errors';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { actOnIncoming, type IncomingAction } from '../api/incoming';
import type { IncomingDocumentDetail } from '../api/types';
import { announceIncomingChange } from '../lib/changes';
import { useRevalidateOnLanguage } from '../lib/use-revalidate-on-language';

/** A 412: someone acted first. Said in plain words, with the way out (reload). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 412 || error.kind === 'stale-version');
}

export interface ActionFormProps<V> {
  title: string;
  testId: string;
  fields: readonly string[];
  fieldMap?: Record<string, string>;
  submitText: string;
  doneText: string;
  doc: IncomingDocumentDetail;
  toAction: (values: V) => IncomingAction;
  onDone: () => void;
  onStale: () => void;
  children?: ReactNode;
  initialValues?: Partial<V>;
  danger?: boolean;
}

/** One action as a small form: field errors under the fields, a 412 handed to the page. */
export function ActionForm<V extends object>({
  title,
  testId,
  fields,
  fieldMap,
  submitText,
  doneText,
  doc,
  toAction,
  onDone,
  onStale,
  children,
  initialValues,
  danger,
}: ActionFormProps<V>) {
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  useRevalidateOnLanguage(form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldError[]>([]);
  const headingId = `action-${testId}`;

  const onFinish = async (values: V) => {
    setBusy(true);
    setError(null);
    setExtra([]);
    try {
      await actOnIncoming(doc, toAction(values));
      void message.success(doneText);
      announceIncomingChange();
      form.resetFields();
      onDone();
    } catch (caught) {
      if (isStale(caught)) {
        onStale();
        return;
      }
      const unmatched = applyFieldErrors(form, caught, fields, fieldMap);
      const onFields = caught instanceof ApiError && caught.fieldErrors.length > unmatched.length;
      if (!onFields || unmatched.length > 0) {
        setError(caught);
        setExtra(unmatched);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      aria-labelledby={headingId}
      data-testid={`action-${testId}`}
      className="cqdt-incoming-action"
    >
      <h3 id={headingId} className="cqdt-card-title" style={{ marginBottom: 8 }}>
        {title}
      </h3>
      {/* The name prefixes the fields' ids: several action forms share field names. */}
      <Form<V>
        name={`incoming-${testId}`}
        form={form}
        layout="vertical"
        noValidate
        onFinish={(values) => void onFinish(values)}
        initialValues={initialValues}
      >
        {children}
        {error ? (
          <div style={{ marginBottom: 12 }}>
            <ErrorAlert error={error} extraErrors={extra} />
          </div>
        ) : null}
        <Button type="primary" danger={danger} htmlType="submit" loading={busy} block>
          {submitText}
        </Button>
      </Form>
    </section>
  );
}
