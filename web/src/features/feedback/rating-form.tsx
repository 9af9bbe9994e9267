// The rating form: the overall level (required), each criterion (optional) and a comment. Each
// group of choices is a fieldset with its legend, so that a screen reader announces the question
// with every choice. Used by the portal's rating page and the desk's form.
import { Button, Form, Input, Radio } from 'antd';
import { useEffect } from 'react';

import { ApiError } from '../../shared/api/client';
import { applyFieldErrors } from '../../shared/api/form-errors';
import { useTranslate } from '../../shared/i18n/use-translate';
import type { FeedbackOptions, Rating, RatingInput } from './api';
import { portalFeedbackMessages } from './portal-i18n';

interface Values {
  overall?: string;
  criteria?: Record<string, string | undefined>;
  comment?: string;
}

export function RatingForm({
  id,
  options,
  rating,
  busy,
  onSubmit,
  onUnhandledError,
}: {
  /** Unique per page: the form's name (its fields' ids start with it). */
  id: string;
  options: FeedbackOptions;
  /** The rating to change, when there is one. */
  rating: Rating | null;
  busy: boolean;
  onSubmit: (input: RatingInput) => Promise<void>;
  /** An error no field of the form names. */
  onUnhandledError: (error: unknown) => void;
}) {
  const t = useTranslate(portalFeedbackMessages);
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    form.setFieldsValue({
      overall: rating?.overall.code,
      criteria: Object.fromEntries((rating?.criteria ?? []).map((c) => [c.code, c.level.code])),
      comment: rating?.comment ?? '',
    });
  }, [form, rating]);

  const levelOptions = options.levels.map((l) => ({ value: l.code, label: l.label }));

  const onFinish = async (values: Values) => {
    const criteria: Record<string, string> = {};
    for (const [code, level] of Object.entries(values.criteria ?? {})) {
      if (level) {
        criteria[code] = level;
      }
    }
    try {
      await onSubmit({ overall: values.overall ?? '', criteria, comment: values.comment ?? '' });
    } catch (e) {
      const rest = applyFieldErrors(form, e, ['overall', 'comment']);
      if (!(e instanceof ApiError) || e.fieldErrors.length === 0 || rest.length > 0) {
        onUnhandledError(e);
      }
    }
  };

  return (
    <Form
      form={form}
      name={id}
      layout="vertical"
      requiredMark={false}
      noValidate
      onFinish={(v) => void onFinish(v)}
    >
      <fieldset className="cqdt-rating-group">
        <legend>{t('overallLegend')}</legend>
        <Form.Item name="overall" rules={[{ required: true, message: t('overallRequired') }]}>
          <Radio.Group options={levelOptions} />
        </Form.Item>
      </fieldset>
      {options.criteria.length > 0 ? (
        <fieldset className="cqdt-rating-group">
          <legend>{t('criteriaTitle')}</legend>
          {options.criteria.map((c) => (
            <fieldset key={c.code} className="cqdt-rating-criterion">
              <legend>{c.label}</legend>
              <Form.Item name={['criteria', c.code]} style={{ marginBottom: 8 }}>
                <Radio.Group options={levelOptions} />
              </Form.Item>
            </fieldset>
          ))}
        </fieldset>
      ) : null}
      <Form.Item name="comment" label={t('commentLabel')}>
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {rating ? t('changeRating') : t('submitRating')}
      </Button>
    </Form>
  );
}
