import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';

import { ApiError, type FieldError } from '../../shared/api/client';
import { applyFieldErrors } from '../../shared/api/form-errors';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { openRecord, type PlanItem, RIGHTS, type Rights, type WorkRecord } from './api';
import { type RecordsTranslate } from './i18n';

const FIELDS = ['title', 'rights', 'language', 'description'] as const;

interface Values {
  title?: string;
  rights?: Rights;
  language?: string;
  description?: string;
}

/** Opening the work record of a plan item: its title (the item's by default) and access. */
export function OpenRecordModal({
  item,
  t,
  onClose,
  onOpened,
}: {
  item: PlanItem;
  t: RecordsTranslate;
  onClose: () => void;
  onOpened: (record: WorkRecord) => void;
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
      const made = await openRecord({
        planItemId: item.id,
        title: values.title?.trim() || undefined,
        rights: values.rights,
        language: values.language?.trim() || undefined,
        description: values.description?.trim() || undefined,
      });
      void message.success(t('opened', { code: item.code }));
      onOpened(made);
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
    <Modal
      open
      title={t('openTitle', { code: item.code })}
      onCancel={onClose}
      okText={t('openConfirm')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      destroyOnHidden
      width={600}
    >
      <p>{t('openText', { code: item.code, year: item.year })}</p>
      {error ? <ErrorAlert error={error} extraErrors={extra} title={t('openFailed')} /> : null}
      <Form<Values>
        form={form}
        name="open-record"
        layout="vertical"
        noValidate
        requiredMark
        initialValues={{
          title: item.title,
          rights: 'public',
          language: t('defaultLanguage'),
          description: '',
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="title"
          label={t('fieldRecordTitle')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('required', { field: t('fieldRecordTitle') }),
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="rights" label={t('fieldRights')}>
          <Select options={RIGHTS.map((r) => ({ value: r, label: t(`rights_${r}`) }))} />
        </Form.Item>
        <Form.Item name="language" label={t('fieldLanguage')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('fieldDescription')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
