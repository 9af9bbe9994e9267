import { App, Button, Col, Form, Input, Row, Select } from 'antd';
import { useState } from 'react';

import { ApiError, type FieldError } from '../../shared/api/client';
import { applyFieldErrors } from '../../shared/api/form-errors';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { closeRecord, RIGHTS, type Rights, type WorkRecord } from './api';
import { type RecordsTranslate } from './i18n';

const FIELDS = ['title', 'description', 'language', 'rights'] as const;

interface Values {
  title?: string;
  description?: string;
  language?: string;
  rights?: Rights;
}

/**
 * Closing the record with the items of Decree 30/2020 Appendix VI §8.3 a person fills in (title,
 * description, language, access); the dates and totals are the server's, from the documents.
 */
export function CloseRecordForm({
  record,
  t,
  onClosed,
}: {
  record: WorkRecord;
  t: RecordsTranslate;
  onClosed: (record: WorkRecord) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldError[]>([]);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    setExtra([]);
    try {
      const closed = await closeRecord(record.id, {
        title: values.title?.trim() ?? '',
        description: values.description?.trim() ?? '',
        language: values.language?.trim() ?? '',
        rights: values.rights ?? record.rights,
        version: record.version,
      });
      void message.success(t('closed'));
      onClosed(closed);
    } catch (e) {
      const rest = applyFieldErrors(form, e, FIELDS);
      setExtra(rest);
      setError(
        rest.length > 0 || !(e instanceof ApiError) || e.fieldErrors.length === 0 ? e : null,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="record-close-title" data-testid="close-record-form">
      <p>{t('closeIntro')}</p>
      {error ? <ErrorAlert error={error} extraErrors={extra} title={t('closeFailed')} /> : null}
      <Form<Values>
        form={form}
        name="close-record"
        layout="vertical"
        noValidate
        requiredMark
        initialValues={{
          title: record.title,
          description: record.description,
          language: record.language || t('defaultLanguage'),
          rights: record.rights,
        }}
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item
              name="title"
              label={t('itemTitle')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('required', { field: t('itemTitle') }),
                },
              ]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="language"
              label={t('itemLanguage')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('required', { field: t('itemLanguage') }),
                },
              ]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="rights" label={t('itemRights')}>
              <Select options={RIGHTS.map((r) => ({ value: r, label: t(`rights_${r}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="description" label={t('itemDescription')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('closeConfirm')}
        </Button>
      </Form>
    </section>
  );
}
