import { App, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useState } from 'react';

import { ApiError, type FieldError } from '../../shared/api/client';
import { applyFieldErrors } from '../../shared/api/form-errors';
import { matchesFolded } from '../../shared/lib/fold';
import { ErrorAlert } from '../../shared/ui/error-alert';
import {
  type Colleague,
  createPlanItem,
  type PlanItem,
  type PlanItemInput,
  type Unit,
  updatePlanItem,
} from './api';
import { type RecordsTranslate } from './i18n';

const FIELDS = ['code', 'title', 'unitId', 'retentionYears', 'responsibleUserId', 'note'] as const;

interface Values {
  code?: string;
  title?: string;
  unitId?: number | null;
  retentionKind?: 'limited' | 'permanent';
  retentionYears?: number | null;
  responsibleUserId?: number | null;
  note?: string;
}

const filterOption = (input: string, option?: { label?: unknown }) =>
  matchesFolded(input, [String(option?.label ?? '')]);

/**
 * Adding an item to the year's file plan, or editing one (`item`): notation, title, unit,
 * retention (years or permanent), responsible person and note. What the API refuses is shown
 * under the field it names; the notation of an item with a record cannot change.
 */
export function PlanItemModal({
  year,
  item,
  units,
  colleagues,
  t,
  onClose,
  onSaved,
}: {
  year: number;
  item: PlanItem | null;
  units: Unit[];
  colleagues: Colleague[];
  t: RecordsTranslate;
  onClose: () => void;
  onSaved: (saved: PlanItem) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldError[]>([]);
  const kind = Form.useWatch('retentionKind', form);
  const locked = item !== null && item.recordId !== null;

  const initial: Values = item
    ? {
        code: item.code,
        title: item.title,
        unitId: item.unitId,
        retentionKind: item.retentionYears === null ? 'permanent' : 'limited',
        retentionYears: item.retentionYears,
        responsibleUserId: item.responsibleUserId,
        note: item.note,
      }
    : { retentionKind: 'limited', retentionYears: 10 };

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    setExtra([]);
    const input: PlanItemInput = {
      code: values.code?.trim() ?? '',
      title: values.title?.trim() ?? '',
      unitId: values.unitId ?? null,
      retentionYears: values.retentionKind === 'permanent' ? null : (values.retentionYears ?? null),
      responsibleUserId: values.responsibleUserId ?? null,
      note: values.note?.trim() ?? '',
    };
    try {
      const saved = item
        ? await updatePlanItem(item.id, { ...input, version: item.version })
        : await createPlanItem({ ...input, year });
      void message.success(t('itemSaved', { code: saved.code }));
      onSaved(saved);
    } catch (e) {
      // The API's refusals (a notation taken, too long, a code that cannot change) go under
      // the field they name; the rest in the alert.
      const rest = applyFieldErrors(form, e, FIELDS);
      setExtra(rest);
      setError(
        rest.length > 0 || !(e instanceof ApiError) || e.fieldErrors.length === 0 ? e : null,
      );
    } finally {
      setBusy(false);
    }
  };

  const title = item ? t('itemEditTitle', { code: item.code }) : t('itemNewTitle', { year });
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={t('save')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <div data-testid="plan-item-form">
        {error ? (
          <ErrorAlert error={error} extraErrors={extra} title={t('itemSaveFailed')} />
        ) : null}
        <Form<Values>
          form={form}
          name="plan-item"
          layout="vertical"
          noValidate
          requiredMark
          initialValues={initial}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            name="code"
            label={t('fieldCode')}
            extra={locked ? t('codeLocked') : t('codeHelp')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('required', { field: t('fieldCode') }),
              },
            ]}
          >
            <Input maxLength={20} disabled={locked} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('fieldTitle')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('required', { field: t('fieldTitle') }),
              },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
          </Form.Item>
          <Form.Item name="unitId" label={t('fieldUnit')}>
            <Select
              allowClear
              placeholder={t('unitPlaceholder')}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
              showSearch={{ filterOption }}
            />
          </Form.Item>
          <Form.Item name="retentionKind" label={t('fieldRetention')}>
            <Radio.Group
              options={[
                { value: 'limited', label: t('retentionLimited') },
                { value: 'permanent', label: t('retentionPermanent') },
              ]}
            />
          </Form.Item>
          {kind !== 'permanent' ? (
            <Form.Item
              name="retentionYears"
              label={t('fieldRetentionYears')}
              rules={[
                { required: true, message: t('required', { field: t('fieldRetentionYears') }) },
              ]}
            >
              <InputNumber min={1} max={100} precision={0} suffix={t('yearsSuffix')} />
            </Form.Item>
          ) : null}
          <Form.Item name="responsibleUserId" label={t('fieldResponsible')}>
            <Select
              allowClear
              placeholder={t('responsiblePlaceholder')}
              options={colleagues
                .filter((c) => !c.disabled)
                .map((c) => ({
                  value: Number(c.id),
                  label: c.position ? `${c.fullName} – ${c.position}` : c.fullName,
                }))}
              showSearch={{ filterOption }}
            />
          </Form.Item>
          <Form.Item name="note" label={t('fieldNote')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
