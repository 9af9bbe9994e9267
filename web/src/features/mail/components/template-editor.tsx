// One e-mail template: its Vietnamese and English subject and body, the placeholders it may
// use, and a preview the server builds from the unsaved text with sample values — refreshed as
// the administrator types (and at once with "Xem trước"). A placeholder the server does not know
// shows under its field. The preview's HTML is a whole e-mail: it is shown only inside a frame
// sandboxed without scripts, forms or same-origin access, never inserted into the page.
import { App as AntdApp, Button, Drawer, Form, Input, Space, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, useRef, useState } from 'react';

import { ApiError, type FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  type MailPreview,
  type MailTemplate,
  type MailTemplateInput,
  previewTemplate,
  resetTemplate,
  saveTemplate,
} from '../api';
import { mailAdminMessages } from '../i18n';
import { PlaceholderHelp } from './placeholder-help';

const FIELDS = ['subjectVi', 'subjectEn', 'bodyVi', 'bodyEn'] as const;
type Field = (typeof FIELDS)[number];
// Long enough that a preview is not asked for at every key press.
const PREVIEW_DELAY_MS = 500;

const inputOf = (t: MailTemplateInput): MailTemplateInput => ({
  subjectVi: t.subjectVi,
  subjectEn: t.subjectEn,
  bodyVi: t.bodyVi,
  bodyEn: t.bodyEn,
});

const sameInput = (a: MailTemplateInput, b: MailTemplateInput) =>
  FIELDS.every((field) => a[field] === b[field]);

/** The server's field errors of a 422, set under the fields without moving the focus. */
function showFieldErrorsQuietly(
  form: FormInstance<MailTemplateInput>,
  error: unknown,
): FieldError[] {
  if (!(error instanceof ApiError)) {
    return [];
  }
  const byField = new Map<Field, string[]>();
  const other: FieldError[] = [];
  for (const fieldError of error.fieldErrors) {
    const field = FIELDS.find((name) => name === fieldError.field);
    if (field) {
      byField.set(field, [...(byField.get(field) ?? []), fieldError.message]);
    } else {
      other.push(fieldError);
    }
  }
  form.setFields(FIELDS.map((name) => ({ name, errors: byField.get(name) ?? [] })));
  return other;
}

export function TemplateEditor({
  template: initial,
  onClose,
  onChanged,
}: {
  template: MailTemplate;
  onClose: () => void;
  /** The template was saved or reset (the list reloads). */
  onChanged: (template: MailTemplate) => void;
}) {
  const t = useTranslate(mailAdminMessages);
  const { message, modal } = AntdApp.useApp();
  const [form] = Form.useForm<MailTemplateInput>();
  const [template, setTemplate] = useState(initial);
  // What the server holds: the editor has unsaved changes when the fields differ from it.
  const [stored, setStored] = useState(() => inputOf(initial));
  const [saving, setSaving] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [error, setError] = useState<unknown>();
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  const [preview, setPreview] = useState<MailPreview | null>(null);
  const [previewState, setPreviewState] = useState<'idle' | 'loading' | 'stale'>('idle');
  const [previewError, setPreviewError] = useState<unknown>();
  const subjectVi = Form.useWatch('subjectVi', form);
  const subjectEn = Form.useWatch('subjectEn', form);
  const bodyVi = Form.useWatch('bodyVi', form);
  const bodyEn = Form.useWatch('bodyEn', form);
  const running = useRef<AbortController | null>(null);

  const current = (): MailTemplateInput => {
    const values = form.getFieldsValue();
    return {
      subjectVi: values.subjectVi ?? '',
      subjectEn: values.subjectEn ?? '',
      bodyVi: values.bodyVi ?? '',
      bodyEn: values.bodyEn ?? '',
    };
  };

  /** Asks the server for the preview of the fields as they are; `loud` moves the focus. */
  const runPreview = async (loud: boolean) => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setPreviewState('loading');
    setPreviewError(undefined);
    try {
      const built = await previewTemplate(template.kind, current(), controller.signal);
      if (controller.signal.aborted) return;
      setPreview(built);
      setPreviewState('idle');
      form.setFields(FIELDS.map((name) => ({ name, errors: [] })));
    } catch (reason) {
      if (controller.signal.aborted) return;
      setPreviewState('stale');
      const other = loud
        ? applyFieldErrors(form, reason, FIELDS)
        : showFieldErrorsQuietly(form, reason);
      const onFields = reason instanceof ApiError && reason.fieldErrors.length > other.length;
      if (!onFields || other.length > 0) {
        setPreviewError(reason);
      }
    }
  };
  const runPreviewRef = useRef(runPreview);
  useEffect(() => {
    runPreviewRef.current = runPreview;
  });

  // The live preview: shortly after the text stops changing (and once on opening).
  useEffect(() => {
    const timer = window.setTimeout(() => void runPreviewRef.current(false), PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [subjectVi, subjectEn, bodyVi, bodyEn]);
  useEffect(() => () => running.current?.abort(), []);

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(undefined);
    setExtraErrors([]);
    const input = current();
    try {
      const saved = await saveTemplate(template.kind, input);
      setTemplate(saved);
      setStored(inputOf(saved));
      form.setFieldsValue(inputOf(saved));
      void message.success(t('templateSaved'));
      onChanged(saved);
    } catch (reason) {
      const unmatched = applyFieldErrors(form, reason, FIELDS);
      const onFields = reason instanceof ApiError && reason.fieldErrors.length > unmatched.length;
      if (!onFields || unmatched.length > 0) {
        setError(reason);
        setExtraErrors(unmatched);
      }
    } finally {
      setSaving(false);
    }
  };

  const reset = () => {
    modal.confirm({
      title: t('resetConfirmTitle'),
      content: t('resetConfirmText', { name: template.name }),
      okText: t('resetTemplate'),
      cancelText: t('cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        setResetting(true);
        setError(undefined);
        setExtraErrors([]);
        try {
          const restored = await resetTemplate(template.kind);
          setTemplate(restored);
          setStored(inputOf(restored));
          form.setFieldsValue(inputOf(restored));
          form.setFields(FIELDS.map((name) => ({ name, errors: [] })));
          void message.success(t('resetDone'));
          onChanged(restored);
        } catch (reason) {
          setError(reason);
        } finally {
          setResetting(false);
        }
      },
    });
  };

  const close = () => {
    if (sameInput(current(), stored)) {
      onClose();
      return;
    }
    modal.confirm({
      title: t('discardTitle'),
      content: t('discardText'),
      okText: t('discard'),
      cancelText: t('cancel'),
      okButtonProps: { danger: true },
      onOk: onClose,
    });
  };

  const required = [{ required: true, whitespace: true, message: t('fieldRequired') }];
  const bodyRows = { minRows: 6, maxRows: 18 };

  return (
    <Drawer
      open
      title={t('editorTitle', { name: template.name })}
      onClose={close}
      size={1180}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button type="primary" loading={saving} onClick={() => void save()}>
            {t('save')}
          </Button>
          <Button onClick={() => void runPreview(true)}>{t('preview')}</Button>
          <Button danger loading={resetting} disabled={!template.customised} onClick={reset}>
            {t('resetTemplate')}
          </Button>
          <Button onClick={close}>{t('close')}</Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <span className="cqdt-muted">
          {t('editorKind')} <span className="cqdt-mail-code">{template.kind}</span>
        </span>
        <Tag>{t(`audience_${template.audience}`)}</Tag>
        {template.required ? <Tag color="warning">{t('required')}</Tag> : null}
        {template.customised ? (
          <Tag color="blue" data-testid="template-customised">
            {t('customised')}
          </Tag>
        ) : (
          <Tag data-testid="template-default">{t('defaultTemplate')}</Tag>
        )}
      </Space>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} extraErrors={extraErrors} />
        </div>
      ) : null}
      <div className="cqdt-mail-editor">
        <div>
          <Form<MailTemplateInput>
            form={form}
            name="mail-template"
            layout="vertical"
            noValidate
            initialValues={inputOf(initial)}
            onFinish={() => void save()}
          >
            <Form.Item name="subjectVi" label={t('fieldSubjectVi')} rules={required}>
              <Input maxLength={300} spellCheck={false} />
            </Form.Item>
            <Form.Item name="bodyVi" label={t('fieldBodyVi')} rules={required}>
              <Input.TextArea autoSize={bodyRows} maxLength={20000} spellCheck={false} />
            </Form.Item>
            <Form.Item name="subjectEn" label={t('fieldSubjectEn')} rules={required}>
              <Input maxLength={300} spellCheck={false} lang="en" />
            </Form.Item>
            <Form.Item name="bodyEn" label={t('fieldBodyEn')} rules={required}>
              <Input.TextArea autoSize={bodyRows} maxLength={20000} spellCheck={false} lang="en" />
            </Form.Item>
          </Form>
          <PlaceholderHelp />
        </div>
        <section aria-labelledby="mail-preview-title">
          <Typography.Title id="mail-preview-title" level={3} style={{ fontSize: 16 }}>
            {t('previewTitle')}
          </Typography.Title>
          <Typography.Paragraph className="cqdt-muted">{t('previewNote')}</Typography.Paragraph>
          <div aria-live="polite" style={{ marginBottom: 8 }}>
            {previewState === 'loading' ? (
              <span className="cqdt-muted">{t('previewUpdating')}</span>
            ) : null}
            {previewState === 'stale' ? (
              <span className="cqdt-muted" data-testid="preview-stale">
                {t('previewStale')}
              </span>
            ) : null}
          </div>
          {previewError ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={previewError} />
            </div>
          ) : null}
          {preview ? (
            <div data-testid="mail-preview">
              <Typography.Title level={4} style={{ fontSize: 14 }}>
                {t('previewSubject')}
              </Typography.Title>
              <Typography.Paragraph className="cqdt-mail-break" data-testid="preview-subject">
                {preview.subject}
              </Typography.Paragraph>
              <Typography.Title level={4} style={{ fontSize: 14 }}>
                {t('previewHtml')}
              </Typography.Title>
              {/* sandbox="": no scripts, forms, popups or same-origin access for the e-mail. */}
              <iframe
                className="cqdt-mail-preview-frame"
                title={t('previewFrame')}
                sandbox=""
                srcDoc={preview.html}
                referrerPolicy="no-referrer"
              />
              <Typography.Title level={4} style={{ fontSize: 14, marginTop: 16 }}>
                {t('previewText')}
              </Typography.Title>
              <pre className="cqdt-mail-preview-text" data-testid="preview-text">
                {preview.text}
              </pre>
            </div>
          ) : (
            <Typography.Paragraph className="cqdt-muted">{t('previewEmpty')}</Typography.Paragraph>
          )}
        </section>
      </div>
    </Drawer>
  );
}
