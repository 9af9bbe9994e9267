/**
 * "Đánh giá mức độ hài lòng" for staff (/mot-cua/danh-gia, issue 13 item 7): the agency's
 * ratings over a period (overall, per criterion, per channel, recent comments) with the feedback
 * counts Decision 766 uses; and, for the desk, a rating recorded on the applicant's behalf.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { ApiError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  feedbackOptions,
  feedbackSummary,
  type Rating,
  type RatingInput,
  rateAtDesk,
  type RatingView,
  viewRatingAtDesk,
} from '../api';
import '../feedback.css';
import { RatingForm } from '../rating-form';
import { staffFeedbackMessages } from '../staff-i18n';

const today = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const quarterStart = () => {
  const d = today();
  const month = Math.floor((Number(d.slice(5, 7)) - 1) / 3) * 3 + 1;
  return `${d.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
};

const INDEX_KEYS = [
  'dossiersRated',
  'dossiersRatedUnsatisfied',
  'dossiersWithPetition',
  'dossiersAgainstNotLate',
  'petitions',
  'petitionsAnsweredOnTime',
  'petitionsOpenInTime',
  'petitionsOverdue',
  'petitionsAnswered',
  'petitionsAnsweredAgainst',
  'petitionsProcedure',
  'petitionsStaff',
] as const;

export default function RatingsPage() {
  const t = useTranslate(staffFeedbackMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { hasRole } = useAuth();
  useDocumentTitle(t('ratingsTitle'), tc('appName'));
  const [from, setFrom] = useState(quarterStart());
  const [to, setTo] = useState(today());
  const [version, setVersion] = useState(0);
  const summary = useAsync(
    (signal) => feedbackSummary({ from, to }, signal),
    [from, to, lang, version],
  );
  const data = summary.data;

  const recentColumns: TableColumnsType<Rating> = [
    { title: t('colDossier'), key: 'dossier', width: 220, render: (_, r) => r.dossierCode },
    { title: t('colLevel'), key: 'level', width: 150, render: (_, r) => r.overall.label },
    { title: t('colComment'), dataIndex: 'comment', key: 'comment' },
    {
      title: t('colRatedAt'),
      key: 'at',
      width: 170,
      render: (_, r) => formatVnTime(r.updatedAt),
    },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('ratingsTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('ratingsLead')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <label htmlFor="ratings-from">{t('periodFrom')}</label>
        <Input
          id="ratings-from"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          style={{ width: 170 }}
        />
        <label htmlFor="ratings-to">{t('periodTo')}</label>
        <Input
          id="ratings-to"
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          style={{ width: 170 }}
        />
      </Space>
      <ErrorAlert error={summary.error} />
      {data ? (
        <>
          <Card
            style={{ marginBottom: 16 }}
            title={<h2 className="cqdt-card-title">{t('overallTitle')}</h2>}
          >
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('ratingsTotal')}>{data.ratings.total}</Descriptions.Item>
              {data.ratings.overall.map((l) => (
                <Descriptions.Item key={l.code} label={l.label}>
                  {l.count}
                </Descriptions.Item>
              ))}
            </Descriptions>
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              {t('channelsTitle')}
            </Typography.Title>
            <Descriptions column={{ xs: 1, md: 3 }} size="small">
              {Object.entries(data.ratings.channels).map(([channel, n]) => (
                <Descriptions.Item key={channel} label={t(`channel_${channel}` as 'channel_link')}>
                  {n}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
          <Card
            style={{ marginBottom: 16 }}
            title={<h2 className="cqdt-card-title">{t('criteriaTitle')}</h2>}
          >
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={data.ratings.criteria}
              columns={[
                { title: t('colCriterion'), dataIndex: 'label', key: 'label' },
                ...data.ratings.overall.map((l) => ({
                  title: l.label,
                  key: l.code,
                  width: 120,
                  render: (_: unknown, c: (typeof data.ratings.criteria)[number]) =>
                    c.levels.find((x) => x.code === l.code)?.count ?? 0,
                })),
              ]}
            />
          </Card>
          <Card
            style={{ marginBottom: 16 }}
            title={<h2 className="cqdt-card-title">{t('recentTitle')}</h2>}
          >
            <Table<Rating>
              rowKey={(r) => `${r.dossierCode}-${r.updatedAt}`}
              size="small"
              pagination={false}
              scroll={{ x: true }}
              columns={recentColumns}
              dataSource={data.ratings.recent}
              locale={{ emptyText: <EmptyState text={t('recentEmpty')} /> }}
            />
          </Card>
          <Card
            style={{ marginBottom: 16 }}
            title={<h2 className="cqdt-card-title">{t('index766Title')}</h2>}
          >
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              {INDEX_KEYS.map((k) => (
                <Descriptions.Item key={k} label={t(`i_${k}`)}>
                  {data.index766[k] ?? 0}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
        </>
      ) : null}
      {hasRole('counter_officer', 'leader') ? (
        <DeskRating onRecorded={() => setVersion((v) => v + 1)} />
      ) : null}
    </>
  );
}

function DeskRating({ onRecorded }: { onRecorded: () => void }) {
  const t = useTranslate(staffFeedbackMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const options = useAsync((signal) => feedbackOptions(signal), [lang]);
  const [form] = Form.useForm<{ code: string }>();
  const [view, setView] = useState<RatingView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async ({ code }: { code: string }) => {
    setError(null);
    setDone(null);
    setView(null);
    try {
      setView(await viewRatingAtDesk(code.trim()));
    } catch (e) {
      const rest = applyFieldErrors(form, e, ['code']);
      if (!(e instanceof ApiError) || e.fieldErrors.length === 0 || rest.length > 0) {
        setError(errorMessage(e, tc));
      }
    }
  };

  const submit = async (input: RatingInput) => {
    if (!view) {
      return;
    }
    setBusy(true);
    try {
      const next = await rateAtDesk(view.dossier.code, input);
      setView(next);
      setDone(t('deskRecorded', { code: next.dossier.code }));
      onRecorded();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<h2 className="cqdt-card-title">{t('deskTitle')}</h2>}>
      <Typography.Paragraph>{t('deskLead')}</Typography.Paragraph>
      <Form
        form={form}
        name="desk-rating-open"
        layout="inline"
        requiredMark={false}
        noValidate
        onFinish={(v) => void open(v)}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item
          name="code"
          label={t('deskCode')}
          rules={[{ required: true, whitespace: true, message: t('deskCodeRequired') }]}
        >
          <Input autoComplete="off" spellCheck={false} style={{ width: 260, maxWidth: '100%' }} />
        </Form.Item>
        <Button htmlType="submit">{t('deskOpen')}</Button>
      </Form>
      {error ? (
        <Alert role="alert" type="warning" showIcon title={error} style={{ marginBottom: 16 }} />
      ) : null}
      {done ? (
        <Alert role="status" type="success" showIcon title={done} style={{ marginBottom: 16 }} />
      ) : null}
      {view ? (
        <>
          <Typography.Paragraph>
            <strong>{view.dossier.code}</strong> — {view.dossier.procedureName}
          </Typography.Paragraph>
          {view.mayRate && options.data ? (
            <RatingForm
              id="desk-rating"
              options={options.data}
              rating={view.rating}
              busy={busy}
              onSubmit={submit}
              onUnhandledError={(e) => setError(errorMessage(e, tc))}
            />
          ) : (
            <Alert type="info" showIcon title={view.whyNot} />
          )}
        </>
      ) : null}
    </Card>
  );
}
