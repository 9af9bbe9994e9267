/**
 * "Đánh giá mức độ hài lòng" (/portal/danh-gia, issue 13 item 7): public. A finished dossier is
 * rated with its code and 4 check digits; ?ma=<code> fills the code (the tracking page and the
 * receipt's link), and the tracking page hands over the check digits in the history's state,
 * never in the address.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';

import { ApiError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { feedbackOptions, rate, type RatingInput, type RatingView, viewRating } from '../api';
import '../feedback.css';
import { petitionPath, type RatingLinkState } from '../paths';
import { portalFeedbackMessages } from '../portal-i18n';
import { RatingForm } from '../rating-form';
import { ratingSummaryItems } from '../rating-summary';

interface Values {
  code: string;
  check: string;
}

export default function RatingPage() {
  const t = useTranslate(portalFeedbackMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  useDocumentTitle(t('ratingTitle'), tc('appName'));
  const [params] = useSearchParams();
  const location = useLocation();
  const [form] = Form.useForm<Values>();
  const options = useAsync((signal) => feedbackOptions(signal), [lang]);
  // Opened with ?ma= and the check digits the tracking page handed over: at once.
  const [opened, setOpened] = useState<{ code: string; check: string; n?: number } | null>(() => {
    const code = params.get('ma');
    const check = (location.state as RatingLinkState | null)?.check;
    return code && check ? { code, check } : null;
  });
  const loaded = useAsync(
    (signal) => (opened ? viewRating(opened.code, opened.check, signal) : Promise.resolve(null)),
    [opened, lang],
  );
  const [written, setWritten] = useState<RatingView | null>(null);
  const view = written ?? loaded.data ?? null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [thanks, setThanks] = useState(false);

  useEffect(() => {
    const code = params.get('ma');
    if (code) {
      form.setFieldsValue({ code, check: opened?.check ?? '' });
      if (!opened) {
        document.getElementById('rating-open_check')?.focus();
      }
    }
    // Once, for the address the page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A refusal of the code or check digits is shown on its field, anything else above.
  useEffect(() => {
    if (loaded.error) {
      applyFieldErrors(form, loaded.error, ['code', 'check']);
    }
  }, [form, loaded.error]);
  const loadError =
    loaded.error && !(loaded.error instanceof ApiError && loaded.error.fieldErrors.length > 0)
      ? errorMessage(loaded.error, tc)
      : null;

  const open = (values: Values) => {
    setError(null);
    setThanks(false);
    setWritten(null);
    // A new request each time, also for the same code and check (after an error).
    setOpened({ code: values.code.trim(), check: values.check.trim(), n: Date.now() });
  };

  const submit = async (input: RatingInput) => {
    if (!opened) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setWritten(await rate(opened.code, opened.check, input));
      setThanks(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('ratingTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16, maxWidth: 760 }}>
        {t('ratingLead')}
      </Typography.Paragraph>
      <Card>
        <Form
          form={form}
          name="rating-open"
          layout="vertical"
          requiredMark={false}
          noValidate
          onFinish={open}
          style={{ maxWidth: 520 }}
        >
          <Form.Item
            name="code"
            label={t('codeLabel')}
            rules={[{ required: true, whitespace: true, message: t('codeRequired') }]}
          >
            <Input size="large" autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item
            name="check"
            label={t('checkLabel')}
            extra={t('checkHint')}
            rules={[{ required: true, pattern: /^\d{4}$/, message: t('checkFormat') }]}
          >
            <Input
              size="large"
              inputMode="numeric"
              maxLength={4}
              autoComplete="off"
              style={{ maxWidth: 160 }}
            />
          </Form.Item>
          <Button type="primary" size="large" htmlType="submit" loading={loaded.loading}>
            {t('open')}
          </Button>
        </Form>
      </Card>
      {error || loadError ? (
        <Alert
          role="alert"
          type="warning"
          showIcon
          title={error ?? loadError}
          style={{ marginTop: 16 }}
        />
      ) : null}
      {view ? (
        <section aria-labelledby="rating-dossier" style={{ marginTop: 24 }}>
          <Typography.Title level={2} id="rating-dossier" style={{ fontSize: 20 }}>
            {t('dossierTitle', { code: view.dossier.code })}
          </Typography.Title>
          <Card>
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('procedure')}>
                {view.dossier.procedureName}
              </Descriptions.Item>
              <Descriptions.Item label={t('agency')}>{view.dossier.agencyName}</Descriptions.Item>
              {view.dossier.finishedAt ? (
                <Descriptions.Item label={t('finishedAt')}>
                  {formatVnTime(view.dossier.finishedAt)}
                </Descriptions.Item>
              ) : null}
              {ratingSummaryItems(view, t)}
            </Descriptions>
            <Typography.Paragraph className="cqdt-muted" style={{ margin: '8px 0 16px' }}>
              {t('timeNote')}
            </Typography.Paragraph>
            {thanks ? (
              <Alert
                role="status"
                type="success"
                showIcon
                title={t('thanks')}
                style={{ marginBottom: 16 }}
              />
            ) : null}
            {view.mayRate && options.data ? (
              <RatingForm
                id="rating"
                options={options.data}
                rating={view.rating}
                busy={busy}
                onSubmit={submit}
                onUnhandledError={(e) => setError(errorMessage(e, tc))}
              />
            ) : !view.mayRate ? (
              <Alert type="info" showIcon title={t('cannotRate')} description={view.whyNot} />
            ) : null}
            <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
              <Link to={petitionPath(view.dossier.code)}>{t('fileAbout')}</Link>
            </Typography.Paragraph>
          </Card>
        </section>
      ) : null}
    </>
  );
}
