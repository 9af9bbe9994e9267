import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { api, ApiError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnTime, toVnIso } from '../../../shared/lib/vn-time';
import { STATE_COLORS } from '../online-format';
import { type DossierPayment, PaymentPanel } from '../payment-panel';
import { PETITION_PATH, RATING_PATH } from '../paths';
import '../portal.css';
import { trackingMessages } from '../tracking-i18n';

interface StateLabel {
  name: string;
  label: string;
}

/** GET /api/v1/portal/tracking: what anyone may see of a dossier (docs/api.md). */
interface TrackedDossier {
  code: string;
  procedure: { code: string; name: string };
  receivingAgencyName: string;
  fee: { amount: number; paid: boolean };
  /** What is still to pay, with the agency's transfer when it takes one; null: nothing due. */
  payment: DossierPayment | null;
  state: StateLabel & { syncCode: number };
  receivedAt: string;
  appointmentAt: string;
  newAppointmentAt: string;
  finishedAt: string;
  returnedAt: string;
  timeliness: StateLabel | null;
  steps: {
    ordinal: number;
    name: string;
    agencyName: string;
    startedAt: string;
    finishedAt: string;
  }[];
  timeline: { at: string; action: string; actionLabel: string; to: StateLabel }[];
}

interface Values {
  code: string;
  check: string;
}

function When({ iso }: { iso: string }) {
  return iso ? <time dateTime={toVnIso(iso)}>{formatVnTime(iso)}</time> : <>–</>;
}

/**
 * "Tra cứu hồ sơ": public, no sign-in (issue 13, item 5). The receipt's QR code leads here with
 * ?ma=<code>; the last 4 digits of the applicant's phone or ID number open the dossier.
 */
export default function TrackingPage() {
  const t = useTranslate(trackingMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('title'), tc('appName'));
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tracked, setTracked] = useState<TrackedDossier | null>(null);
  const [check, setCheck] = useState('');

  useEffect(() => {
    const code = params.get('ma');
    if (code) {
      form.setFieldsValue({ code });
      document.getElementById('tracking_check')?.focus();
    }
  }, [params, form]);

  const onFinish = async (values: Values) => {
    setLoading(true);
    setError(null);
    setTracked(null);
    try {
      setTracked(
        await api.get<TrackedDossier>('/portal/tracking', {
          query: { code: values.code.trim(), check: values.check.trim() },
        }),
      );
      setCheck(values.check.trim());
    } catch (e) {
      const rest = applyFieldErrors(form, e, ['code', 'check']);
      if (!(e instanceof ApiError) || e.fieldErrors.length === 0 || rest.length > 0) {
        setError(errorMessage(e, tc));
      }
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16, maxWidth: 760 }}>
        {t('lead')}
      </Typography.Paragraph>
      <Card>
        <Form
          form={form}
          name="tracking"
          layout="vertical"
          requiredMark={false}
          noValidate
          onFinish={(v) => void onFinish(v)}
          style={{ maxWidth: 520 }}
        >
          <Form.Item
            name="code"
            label={t('codeLabel')}
            extra={t('codeHint')}
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
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            icon={<SearchOutlined aria-hidden />}
            loading={loading}
          >
            {t('submit')}
          </Button>
        </Form>
      </Card>
      {error ? (
        <Alert role="alert" type="warning" showIcon message={error} style={{ marginTop: 16 }} />
      ) : null}
      {tracked ? <TrackedCard tracked={tracked} check={check} /> : null}
    </>
  );
}

function TrackedCard({ tracked, check }: { tracked: TrackedDossier; check: string }) {
  const t = useTranslate(trackingMessages);
  return (
    <section aria-labelledby="tracking-result" style={{ marginTop: 24 }}>
      <Typography.Title level={2} id="tracking-result" style={{ fontSize: 20 }}>
        {t('resultTitle', { code: tracked.code })}
      </Typography.Title>
      <Card>
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('procedure')}>{tracked.procedure.name}</Descriptions.Item>
          <Descriptions.Item label={t('agency')}>{tracked.receivingAgencyName}</Descriptions.Item>
          <Descriptions.Item label={t('state')}>
            <Tag color={STATE_COLORS[tracked.state.name] ?? 'processing'}>
              {tracked.state.label}
            </Tag>
            {tracked.timeliness ? <Tag>{tracked.timeliness.label}</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('receivedAt')}>
            <When iso={tracked.receivedAt} />
          </Descriptions.Item>
          <Descriptions.Item label={t('appointmentAt')}>
            <When iso={tracked.appointmentAt} />
          </Descriptions.Item>
          {tracked.newAppointmentAt ? (
            <Descriptions.Item label={t('newAppointmentAt')}>
              <When iso={tracked.newAppointmentAt} />
            </Descriptions.Item>
          ) : null}
          {tracked.finishedAt ? (
            <Descriptions.Item label={t('finishedAt')}>
              <When iso={tracked.finishedAt} />
            </Descriptions.Item>
          ) : null}
          {tracked.returnedAt ? (
            <Descriptions.Item label={t('returnedAt')}>
              <When iso={tracked.returnedAt} />
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>
          {t('stepsTitle')}
        </Typography.Title>
        <ol>
          {tracked.steps.map((s) => (
            <li key={s.ordinal}>
              {s.name}
              {s.agencyName ? ` — ${s.agencyName}` : ''}
              {s.finishedAt ? (
                <>
                  {' '}
                  ({t('stepDone')} <When iso={s.finishedAt} />)
                </>
              ) : s.startedAt ? (
                ` (${t('stepOpen')})`
              ) : null}
            </li>
          ))}
        </ol>
        <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>
          {t('timelineTitle')}
        </Typography.Title>
        <ol aria-label={t('timelineTitle')}>
          {tracked.timeline.map((e, i) => (
            <li key={i}>
              <When iso={e.at} />: {e.actionLabel} → {e.to.label}
            </li>
          ))}
        </ol>
        <Typography.Paragraph className="cqdt-muted" style={{ marginBottom: 0 }}>
          {t('timeNote')}
        </Typography.Paragraph>
      </Card>
      {tracked.payment ? <PaymentPanel payment={tracked.payment} /> : null}
      <FeedbackLinks tracked={tracked} check={check} />
    </section>
  );
}

/**
 * A finished dossier invites a rating; any dossier may get feedback. The rating page receives the
 * check digits in the history's state, never in the address (access logs, Referer).
 */
function FeedbackLinks({ tracked, check }: { tracked: TrackedDossier; check: string }) {
  const t = useTranslate(trackingMessages);
  const finished = tracked.state.name === 'done' || tracked.state.name === 'returned';
  const code = encodeURIComponent(tracked.code);
  return (
    <Card
      style={{ marginTop: 16 }}
      title={<h3 style={{ fontSize: 16, margin: 0 }}>{t('feedbackTitle')}</h3>}
    >
      {finished ? (
        <Typography.Paragraph>
          {t('rateLead')}{' '}
          <Link to={`${RATING_PATH}?ma=${code}`} state={{ check }}>
            {t('rateLink')}
          </Link>
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        <Link to={`${PETITION_PATH}?ma=${code}`}>{t('petitionLink')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
