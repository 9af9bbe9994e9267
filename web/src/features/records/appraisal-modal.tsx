import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';

import { ApiError, type FieldError } from '../../shared/api/client';
import { applyFieldErrors } from '../../shared/api/form-errors';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { appraise, type Decision, type RecordSummary, type WorkRecord } from './api';
import { type RecordsTranslate } from './i18n';

const FIELDS = ['decision', 'extendYears', 'decisionNumber', 'decisionDate', 'reason'] as const;
const DATE_FORMATS = ['DD/MM/YYYY', 'YYYY-MM-DD'];

interface Values {
  decision?: Decision;
  extendYears?: number | null;
  decisionNumber?: string;
  decisionDate?: Dayjs | null;
  reason?: string;
}

/**
 * The appraisal decision on a record past its retention (leaders): keep it N more years, or
 * destroy it; either way with the decision's number, date and reason, which the server records.
 */
export function AppraisalModal({
  record,
  t,
  onClose,
  onDone,
}: {
  record: Pick<RecordSummary, 'id' | 'fileCode'>;
  t: RecordsTranslate;
  onClose: () => void;
  onDone: (record: WorkRecord) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldError[]>([]);
  const decision = Form.useWatch('decision', form);
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('required', { field }) },
  ];

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    setExtra([]);
    try {
      const done = await appraise(record.id, {
        decision: values.decision ?? 'extend',
        decisionNumber: values.decisionNumber?.trim() ?? '',
        decisionDate: values.decisionDate ? values.decisionDate.format('YYYY-MM-DD') : '',
        reason: values.reason?.trim() ?? '',
        extendYears: values.decision === 'extend' ? (values.extendYears ?? undefined) : undefined,
      });
      void message.success(t('appraised', { code: record.fileCode }));
      onDone(done);
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
      title={t('appraiseFormTitle', { code: record.fileCode })}
      onCancel={onClose}
      okText={t('appraiseConfirm')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: busy, danger: decision === 'destroy' }}
      onOk={() => form.submit()}
      destroyOnHidden
      width={600}
    >
      <div data-testid="appraisal-form">
        {error ? (
          <ErrorAlert error={error} extraErrors={extra} title={t('appraiseFailed')} />
        ) : null}
        <Form<Values>
          form={form}
          name="appraisal"
          layout="vertical"
          noValidate
          requiredMark
          initialValues={{ decision: 'extend', extendYears: 5 }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="decision" label={t('fieldDecision')}>
            <Radio.Group
              options={[
                { value: 'extend', label: t('decision_extend') },
                { value: 'destroy', label: t('decision_destroy') },
              ]}
            />
          </Form.Item>
          {decision === 'destroy' ? (
            <Alert
              type="warning"
              showIcon
              title={t('destroyWarning')}
              style={{ marginBottom: 16 }}
            />
          ) : (
            <Form.Item
              name="extendYears"
              label={t('fieldExtendYears')}
              rules={[{ required: true, message: t('required', { field: t('fieldExtendYears') }) }]}
            >
              <InputNumber min={1} max={100} precision={0} suffix={t('yearsSuffix')} />
            </Form.Item>
          )}
          <Form.Item
            name="decisionNumber"
            label={t('fieldDecisionNumber')}
            rules={required(t('fieldDecisionNumber'))}
          >
            <Input maxLength={50} placeholder={t('decisionNumberPlaceholder')} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="decisionDate"
            label={t('fieldDecisionDate')}
            rules={[{ required: true, message: t('required', { field: t('fieldDecisionDate') }) }]}
          >
            <DatePicker
              format={DATE_FORMATS}
              placeholder={t('datePlaceholder')}
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('fieldReason')} rules={required(t('fieldReason'))}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
