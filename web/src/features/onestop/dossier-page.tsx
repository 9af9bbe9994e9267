// Một hồ sơ (/mot-cua/ho-so/:code, issue 12 item 2): the dossier as the desk, the officer and the
// leader see it — its state with the national sync code, the clocks (appointment, legal due
// time, apology), the documents received, the process control slip with each step's planned and
// actual times, the files, the forms to print, the timeline — and the actions its reader may
// take now, each in a dialog.
import { ArrowLeftOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Descriptions, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { formatVnTime } from '../../shared/lib/vn-time';
import { ErrorAlert } from '../../shared/ui/error-alert';
import {
  type Dossier,
  type DossierEForm,
  type DossierForm,
  type DossierStep,
  dossierFileUrl,
  dossierFormUrl,
  dossierTimeline,
  getDossier,
  getDossierEForm,
} from './dossier-api';
import { DossierActionModal } from './dossier-action-modal';
import { dossierMessages } from './dossier-i18n';
import { dossierPath, DOSSIERS_PATH } from './paths';
import { ResultDocumentPanel } from './result-document-panel';
import './onestop.css';

const minutes = (iso: string) => formatVnTime(iso).slice(0, 16);

/** The forms that exist for a dossier in its present state. */
function formsOf(d: Dossier): DossierForm[] {
  const forms: DossierForm[] = ['receipt', 'control'];
  if (d.state.name === 'wait_supplement') {
    forms.push('supplement');
  }
  if (d.state.name === 'rejected' || d.state.name === 'stopped') {
    forms.push('refusal');
  }
  if (d.newAppointmentAt) {
    forms.push('apology');
  }
  return forms;
}

/** The answers of an online dossier's e-form, section by section, in the reader's language. */
function EFormAnswers({ eForm, lang }: { eForm: DossierEForm; lang: string }) {
  const label = (x: { label: string; labelEn?: string }) =>
    lang === 'en' && x.labelEn ? x.labelEn : x.label;
  return (
    <>
      {eForm.form.sections.map((section, i) => {
        const fields = section.fields.filter((f) => eForm.answers[f.name]);
        if (fields.length === 0) {
          return null;
        }
        return (
          <Descriptions
            key={i}
            title={lang === 'en' && section.titleEn ? section.titleEn : section.title}
            bordered
            size="small"
            column={1}
            style={{ marginBottom: 12 }}
            items={fields.map((f) => {
              const raw = eForm.answers[f.name] ?? '';
              const option = f.options?.find((o) => o.value === raw);
              return {
                key: f.name,
                label: label(f),
                children:
                  f.type === 'checkbox'
                    ? raw === 'true'
                      ? '✓'
                      : '–'
                    : option
                      ? label(option)
                      : raw,
              };
            })}
          />
        );
      })}
    </>
  );
}

export default function DossierPage() {
  const { code = '' } = useParams();
  const t = useTranslate(dossierMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  useDocumentTitle(t('dossierTitle', { code }), tc('appName'));
  const [version, setVersion] = useState(0);
  const [acting, setActing] = useState<Dossier['actions'][number] | null>(null);
  const navigate = useNavigate();
  const dossier = useAsync((signal) => getDossier(code, signal), [code, lang, version]);
  const timeline = useAsync((signal) => dossierTimeline(code, signal), [code, lang, version]);
  const d = dossier.data;
  // Online dossiers: the e-form the citizen filled in (none for a receipt at the counter).
  const eForm = useAsync(
    (signal) =>
      d?.channel === 'online' ? getDossierEForm(d.code, signal) : Promise.resolve({ eForm: null }),
    [d?.code, d?.channel],
  );

  const stepColumns: TableColumnsType<DossierStep> = [
    { title: t('colStepName'), key: 'name', render: (_, s) => `${s.ordinal}. ${s.name}` },
    {
      title: t('colPerformer'),
      key: 'performer',
      width: 180,
      render: (_, s) => s.assignee?.name ?? s.performerLabel,
    },
    { title: t('colAgency'), key: 'agency', width: 200, render: (_, s) => s.agency?.name ?? '' },
    { title: t('colStarted'), key: 'started', width: 140, render: (_, s) => minutes(s.startedAt) },
    { title: t('colPlanned'), key: 'planned', width: 140, render: (_, s) => minutes(s.plannedEnd) },
    {
      title: t('colFinished'),
      key: 'finished',
      width: 140,
      render: (_, s) => minutes(s.finishedAt),
    },
    {
      title: t('colOutcome'),
      key: 'outcome',
      width: 110,
      render: (_, s) =>
        s.outcome ? (
          <span className={`cqdt-flag cqdt-flag--${s.outcome.name === 'late' ? 'late' : 'ok'}`}>
            {s.outcome.label}
          </span>
        ) : null,
    },
  ];

  return (
    <>
      <Link to={DOSSIERS_PATH}>
        <ArrowLeftOutlined aria-hidden /> {t('back')}
      </Link>
      {dossier.error ? <ErrorAlert error={dossier.error} title={t('loadFailed')} /> : null}
      {d ? (
        <>
          <div className="cqdt-page-heading">
            <Typography.Title level={1} style={{ fontSize: 24 }}>
              {t('dossierTitle', { code: d.code })}
            </Typography.Title>
            <Space wrap>
              <span className="cqdt-flag cqdt-flag--info" data-state={d.state.name}>
                {d.state.label} ({t('syncCode', { code: d.state.syncCode })})
              </span>
              {d.lateFlag ? (
                <span className="cqdt-flag cqdt-flag--late">{t('lateTag')}</span>
              ) : null}
              {d.channel === 'online' ? (
                <span className="cqdt-flag cqdt-flag--info">{d.channelLabel}</span>
              ) : null}
            </Space>
          </div>
          <Typography.Paragraph>
            {d.procedure.name} ({d.procedure.code})
          </Typography.Paragraph>
          <section aria-labelledby="dossier-actions">
            <Typography.Title level={2} style={{ fontSize: 18 }} id="dossier-actions">
              {t('actionsTitle')}
            </Typography.Title>
            {d.actions.length === 0 ? (
              <Typography.Paragraph type="secondary">{t('noActions')}</Typography.Paragraph>
            ) : (
              <Space wrap>
                {d.actions.map((a) => (
                  <Button key={a.name} onClick={() => setActing(a)} data-action={a.name}>
                    {a.label.charAt(0).toUpperCase() + a.label.slice(1)}
                  </Button>
                ))}
              </Space>
            )}
          </section>
          <Descriptions
            aria-label={t('detailsLabel')}
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            style={{ marginTop: 16 }}
            items={[
              {
                key: 'applicant',
                label: t('applicant'),
                children: [d.applicant.name, d.applicant.idNumber, d.applicant.phone]
                  .filter(Boolean)
                  .join(' – '),
              },
              ...(d.channel === 'online' && d.submittedAt
                ? [{ key: 'submitted', label: t('submittedAt'), children: minutes(d.submittedAt) }]
                : []),
              { key: 'received', label: t('receivedAt'), children: minutes(d.receivedAt) },
              { key: 'receivedBy', label: t('receivedBy'), children: d.receivedBy },
              { key: 'deadline', label: t('deadline'), children: d.deadline.label },
              { key: 'appointment', label: t('appointment'), children: minutes(d.appointmentAt) },
              {
                key: 'due',
                label: t('due'),
                children: <span title={t('dueHint')}>{minutes(d.dueAt)}</span>,
              },
              ...(d.newAppointmentAt
                ? [
                    {
                      key: 'newAppointment',
                      label: t('newAppointment'),
                      children: minutes(d.newAppointmentAt),
                    },
                  ]
                : []),
              {
                key: 'fee',
                label: t('feeLabel'),
                children: `${t('feeValue', { amount: d.fee.toLocaleString('vi-VN') })} (${
                  d.feePaid ? t('feePaidTag') : t('feeUnpaidTag')
                })`,
              },
              { key: 'delivery', label: t('delivery'), children: d.deliveryLabel },
              ...(d.resultNote
                ? [{ key: 'result', label: t('result'), children: d.resultNote }]
                : []),
              ...(d.timeliness
                ? [{ key: 'timeliness', label: t('timeliness'), children: d.timeliness.label }]
                : []),
              ...(d.returnedTo
                ? [{ key: 'returnedTo', label: t('returnedTo'), children: d.returnedTo }]
                : []),
            ]}
          />
          <ResultDocumentPanel dossier={d} onChanged={() => setVersion((v) => v + 1)} />
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
            {t('stepsTitle')}
          </Typography.Title>
          <Table
            aria-label={t('stepsLabel')}
            rowKey="ordinal"
            size="small"
            pagination={false}
            columns={stepColumns}
            dataSource={d.steps}
            scroll={{ x: 1100 }}
          />
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
            {t('checklistTitle')}
          </Typography.Title>
          <ul>
            {d.checklist
              .filter((c) => c.provided || c.byData)
              .map((c) => (
                <li key={c.ordinal}>
                  {c.name}
                  {c.byData ? ` (${t('colByData')})` : ''}
                  {c.reused ? ` (${t('reusedFromStore')})` : ''}
                </li>
              ))}
          </ul>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
            {t('filesTitle')}
          </Typography.Title>
          {d.files.length === 0 ? (
            <Typography.Paragraph type="secondary">{t('noFiles')}</Typography.Paragraph>
          ) : (
            <ul className="cqdt-dossier-files">
              {d.files.map((f) => (
                <li key={f.id}>
                  <PaperClipOutlined aria-hidden /> {t(`file_${f.kind}`)}:{' '}
                  <a href={dossierFileUrl(d.code, f.id)} target="_blank" rel="noopener">
                    {f.name}
                  </a>
                  {f.fromCitizen ? ` (${t('fromCitizen')})` : ''}
                  {f.reused ? ` (${t('reusedFromStore')})` : ''}
                </li>
              ))}
            </ul>
          )}
          {eForm.data?.eForm ? (
            <section aria-labelledby="dossier-eform">
              <Typography.Title
                level={2}
                style={{ fontSize: 18, marginTop: 24 }}
                id="dossier-eform"
              >
                {t('eFormTitle', {
                  title:
                    lang === 'en' && eForm.data.eForm.form.titleEn
                      ? eForm.data.eForm.form.titleEn
                      : eForm.data.eForm.form.title,
                })}
              </Typography.Title>
              <EFormAnswers eForm={eForm.data.eForm} lang={lang} />
            </section>
          ) : null}
          {eForm.error ? <ErrorAlert error={eForm.error} title={t('loadFailed')} /> : null}
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
            {t('formsTitle')}
          </Typography.Title>
          <Space wrap>
            {formsOf(d).map((f) => (
              <Button
                key={f}
                icon={<FilePdfOutlined aria-hidden />}
                href={dossierFormUrl(d.code, f)}
                target="_blank"
                rel="noopener"
              >
                {t(`form_${f}`)}
              </Button>
            ))}
          </Space>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
            {t('timelineTitle')}
          </Typography.Title>
          {timeline.error ? <ErrorAlert error={timeline.error} title={t('loadFailed')} /> : null}
          <ol aria-label={t('timelineLabel')} className="cqdt-dossier-timeline">
            {(timeline.data?.items ?? []).map((e, i) => (
              <li key={i}>
                <time dateTime={e.at}>{minutes(e.at)}</time> – {e.actor}: {e.actionLabel} →{' '}
                {e.to.label}
                {e.note ? ` (${e.note})` : ''}
              </li>
            ))}
          </ol>
          {acting ? (
            <DossierActionModal
              dossier={d}
              action={acting}
              onClose={(updated) => {
                setActing(null);
                if (updated && updated.code !== d.code) {
                  // An online dossier accepted: its provisional key became its dossier code.
                  navigate(dossierPath(updated.code), { replace: true });
                } else if (updated) {
                  setVersion((v) => v + 1);
                }
              }}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}
