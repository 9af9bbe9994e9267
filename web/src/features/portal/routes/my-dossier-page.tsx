// One of the citizen's dossiers (/portal/ho-so-cua-toi/:code, issue 13 item 3): each decision of
// the desk with its reason — accepted with its code and appointment, a supplement asked, refused —,
// the supplement answered online (files uploaded or chosen from the store, and a note), the fee
// still owed (its VietQR transfer), the details, documents, files, the result and its rating, the
// e-form as filed and the history. Times in Vietnam time.
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { type ComponentType, useState } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { type DocumentRow, DocumentPicker } from '../document-picker';
import { EResults, type SignatureCheckComponent } from '../e-result';
import { fieldsOf, isShown, labelOf, valuesOf } from '../e-form-fields';
import {
  answerSupplement,
  type CitizenDossier,
  citizenFileUrl,
  citizenPaperUrl,
  type DocumentChoice,
  getMyDossier,
} from '../online-api';
import { minutes, STATE_COLORS } from '../online-format';
import { onlineMessages } from '../online-i18n';
import { MY_DOSSIERS_PATH } from '../paths';
import { PaymentPanel } from '../payment-panel';
import '../portal.css';

function Supplement({
  dossier,
  onDone,
}: {
  dossier: CitizenDossier;
  onDone: (d: CitizenDossier) => void;
}) {
  const t = useTranslate(onlineMessages);
  const tc = useTranslate(commonMessages);
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [documents, setDocuments] = useState<DocumentChoice[]>([]);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const rows: DocumentRow[] = [
    {
      ordinal: 0,
      name: t('supplementFiles'),
      required: false,
      replaceableByData: false,
      byForm: false,
    },
  ];

  const send = async () => {
    const files = documents.flatMap((d) => d.files.map((f) => f.id));
    if (files.length === 0 && !note.trim()) {
      setFailure(t('supplementEmpty'));
      return;
    }
    setBusy(true);
    setFailure('');
    try {
      const updated = await answerSupplement(dossier.code, {
        note,
        documents: files.length > 0 ? [{ ordinal: 0, files, byData: false }] : [],
        expectedUpdatedAt: dossier.updatedAt,
      });
      void message.success(t('supplementSent'));
      onDone(updated);
    } catch (caught) {
      setFailure(
        caught instanceof ApiError && caught.fieldErrors.length > 0
          ? caught.fieldErrors.map((e) => e.message).join(' ')
          : errorMessage(caught, tc),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<h2 className="cqdt-card-heading">{t('supplementFormTitle')}</h2>}>
      <Form layout="vertical" noValidate onFinish={() => void send()}>
        <Form.Item label={t('supplementNote')} htmlFor="supplement-note">
          <Input.TextArea
            id="supplement-note"
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
        <DocumentPicker rows={rows} value={documents} onChange={setDocuments} errors={{}} t={t} />
        {failure ? <Alert type="error" showIcon role="alert" title={failure} /> : null}
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 12 }}>
          {t('supplementSend')}
        </Button>
      </Form>
    </Card>
  );
}

/** The rating of a finished dossier (the feedback feature's, given by the app). */
export type DossierRatingComponent = ComponentType<{ code: string }>;

export default function MyDossierPage({
  SignatureCheck,
  Rating,
}: {
  SignatureCheck?: SignatureCheckComponent;
  Rating?: DossierRatingComponent;
}) {
  const { code = '' } = useParams();
  const t = useTranslate(onlineMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const [current, setCurrent] = useState<CitizenDossier | null>(null);
  const loaded = useAsync((signal) => getMyDossier(code, signal), [code, lang]);
  const d = current && current.code === loaded.data?.code ? current : loaded.data;
  useDocumentTitle(t('dossierTitle', { code }), tc('appName'));

  const answers = d?.eForm;
  const values = answers ? valuesOf(answers.form, answers.answers) : {};

  return (
    <>
      <Link to={MY_DOSSIERS_PATH}>{t('back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('dossierTitle', { code: d?.code ?? code })}
      </Typography.Title>
      {loaded.error ? <ErrorAlert error={loaded.error} title={t('loadFailed')} /> : null}
      {d ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={STATE_COLORS[d.state.name] ?? 'default'} data-state={d.state.name}>
              {d.state.label}
            </Tag>
            <Typography.Text>{d.procedure.name}</Typography.Text>
          </Space>
          {d.provisional ? <Alert type="info" showIcon title={t('provisionalNote')} /> : null}
          {!d.provisional && d.state.name !== 'rejected' ? (
            <Alert
              type="success"
              showIcon
              data-testid="accepted"
              title={t('acceptedTitle')}
              description={t('acceptedText', {
                code: d.code,
                time: minutes(d.newAppointmentAt || d.appointmentAt),
              })}
            />
          ) : null}
          {d.supplementRequest ? (
            <Alert
              type="warning"
              showIcon
              data-testid="supplement-request"
              title={t('supplementTitle')}
              description={
                <>
                  <div>{d.supplementRequest.reason}</div>
                  <Typography.Text type="secondary">
                    {t('reasonAt', { time: minutes(d.supplementRequest.at) })}
                  </Typography.Text>
                </>
              }
            />
          ) : null}
          {d.refusal ? (
            <Alert
              type="error"
              showIcon
              data-testid="refusal"
              title={t('refusalTitle')}
              description={
                <>
                  <div>{d.refusal.reason}</div>
                  <Typography.Text type="secondary">
                    {t('reasonAt', { time: minutes(d.refusal.at) })}
                  </Typography.Text>
                </>
              }
            />
          ) : null}
          {d.state.name === 'wait_supplement' ? (
            <Supplement dossier={d} onDone={setCurrent} />
          ) : null}
          {d.payment ? <PaymentPanel payment={d.payment} level={2} /> : null}
          <Descriptions
            aria-label={t('detailsLabel')}
            bordered
            size="small"
            column={1}
            items={[
              { key: 'procedure', label: t('procedure'), children: d.procedure.name },
              { key: 'agency', label: t('agency'), children: d.receivingAgency.name },
              { key: 'submitted', label: t('submittedAt'), children: minutes(d.submittedAt) },
              ...(d.receivedAt
                ? [
                    { key: 'received', label: t('receivedAt'), children: minutes(d.receivedAt) },
                    {
                      key: 'appointment',
                      label: t('appointmentAt'),
                      children: minutes(d.appointmentAt),
                    },
                  ]
                : []),
              ...(d.newAppointmentAt
                ? [
                    {
                      key: 'newAppointment',
                      label: t('newAppointmentAt'),
                      children: minutes(d.newAppointmentAt),
                    },
                  ]
                : []),
              ...(d.finishedAt
                ? [{ key: 'finished', label: t('finishedAt'), children: minutes(d.finishedAt) }]
                : []),
              {
                key: 'fee',
                label: t('fee'),
                children: t('feeValue', {
                  amount: d.fee.toLocaleString('vi-VN'),
                  paid: d.feePaid ? t('feePaid') : t('feeUnpaid'),
                }),
              },
              { key: 'delivery', label: t('delivery'), children: d.deliveryLabel },
              ...(d.resultNote
                ? [{ key: 'result', label: t('result'), children: d.resultNote }]
                : []),
            ]}
          />
          <Typography.Paragraph type="secondary">{t('timeNote')}</Typography.Paragraph>

          <section aria-labelledby="dossier-checklist">
            <Typography.Title level={2} style={{ fontSize: 20 }} id="dossier-checklist">
              {t('checklistTitle')}
            </Typography.Title>
            <ul>
              {d.checklist.map((c) => (
                <li key={c.ordinal}>
                  {c.name} –{' '}
                  {c.byData
                    ? t('providedByData')
                    : c.provided
                      ? t('providedByForm')
                      : t('notProvided')}
                  {c.reused ? (
                    <>
                      {' '}
                      <Tag color="blue">{t('reusedTag')}</Tag>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>

          {d.receivedAt && !d.provisional ? (
            <section aria-labelledby="dossier-papers">
              <Typography.Title level={2} style={{ fontSize: 20 }} id="dossier-papers">
                {t('papersTitle')}
              </Typography.Title>
              <ul>
                <li>
                  <a href={citizenPaperUrl(d.code, 'receipt')}>{t('paperReceipt')}</a>
                </li>
                {d.fee > 0 && d.feePaid ? (
                  <li>
                    <a href={citizenPaperUrl(d.code, 'fee-receipt')}>{t('paperFeeReceipt')}</a>
                  </li>
                ) : null}
              </ul>
            </section>
          ) : null}

          <EResults
            files={d.files.filter((f) => f.kind === 'result')}
            SignatureCheck={SignatureCheck}
          />

          {Rating && d.finishedAt && !d.provisional ? <Rating code={d.code} /> : null}

          <section aria-labelledby="dossier-files">
            <Typography.Title level={2} style={{ fontSize: 20 }} id="dossier-files">
              {t('filesTitle')}
            </Typography.Title>
            {d.files.length === 0 ? (
              <Typography.Paragraph type="secondary">{t('noFiles')}</Typography.Paragraph>
            ) : (
              <ul className="cqdt-dossier-files">
                {d.files.map((f) => (
                  <li key={f.id}>
                    {t(`file_${f.kind}`)}: <a href={citizenFileUrl(f.id)}>{f.name}</a>
                    {f.reused ? (
                      <>
                        {' '}
                        <Tag color="blue">{t('reusedTag')}</Tag>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>

          {answers ? (
            <section aria-labelledby="dossier-answers">
              <Typography.Title level={2} style={{ fontSize: 20 }} id="dossier-answers">
                {t('answersTitle')}:{' '}
                {lang === 'en' && answers.form.titleEn ? answers.form.titleEn : answers.form.title}
              </Typography.Title>
              <dl className="cqdt-eform-answers">
                {fieldsOf(answers.form)
                  .filter((f) => isShown(answers.form, f, values) && answers.answers[f.name])
                  .map((f) => {
                    const raw = answers.answers[f.name] ?? '';
                    const option = f.options?.find((o) => o.value === raw);
                    const shown =
                      f.type === 'checkbox'
                        ? raw === 'true'
                          ? t('answerYes')
                          : t('answerNo')
                        : option
                          ? labelOf(option, lang)
                          : raw;
                    return (
                      <div key={f.name}>
                        <dt>{labelOf(f, lang)}</dt>
                        <dd>{shown}</dd>
                      </div>
                    );
                  })}
              </dl>
            </section>
          ) : null}

          <section aria-labelledby="dossier-timeline">
            <Typography.Title level={2} style={{ fontSize: 20 }} id="dossier-timeline">
              {t('timelineTitle')}
            </Typography.Title>
            <ol className="cqdt-dossier-timeline">
              {d.timeline.map((e, i) => (
                <li key={i}>
                  <time dateTime={e.at}>{minutes(e.at)}</time> – {e.actionLabel || e.action} →{' '}
                  {e.to.label}
                  {e.note ? ` (${e.note})` : ''}
                </li>
              ))}
            </ol>
          </section>
        </Space>
      ) : null}
    </>
  );
}
