// One procedure as a citizen reads it (/portal/thu-tuc/:code; issue 13 item 1): what it is for,
// how to apply with the time limit and fees of each channel, the documents to bring (with the forms
// to download and those the state's data replaces), the steps, requirements, result, cooperating
// agencies and legal basis. The staff page (/mot-cua/thu-tuc/:code) shows the same record with
// its versions and the internal process against the deadlines.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnDate } from '../../../shared/lib/vn-time';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { Flag, type FlagKind } from '../../../shared/ui/flag';
import { PageLoader } from '../../../shared/ui/page-loader';
import { type ChannelOffer, getProcedure, templateUrl } from '../../../shared/api/procedures';
import { catalogueMessages } from '../catalogue-i18n';
import { PORTAL_PROCEDURES_PATH, submitPath, TRACKING_PATH } from '../paths';
import '../portal.css';

const ONLINE_FLAGS: Record<string, FlagKind> = {
  full: 'ok',
  partial: 'info',
  information: 'neutral',
};

const number = new Intl.NumberFormat('vi-VN');

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card
      className="cqdt-portal-section"
      title={
        <h2 id={id} className="cqdt-card-title">
          {title}
        </h2>
      }
    >
      <section aria-labelledby={id}>{children}</section>
    </Card>
  );
}

export default function PortalProcedurePage() {
  const t = useTranslate(catalogueMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const code = useParams().code ?? '';
  const loaded = useAsync((signal) => getProcedure(code, signal), [code, lang]);
  const p = loaded.data;
  useDocumentTitle(p?.name ?? t('title'), tc('appName'));

  if (loaded.loading && !p) {
    return <PageLoader label={tc('loading')} />;
  }
  if (!p) {
    return (
      <>
        <nav aria-label={t('back')}>
          <Link to={PORTAL_PROCEDURES_PATH}>← {t('back')}</Link>
        </nav>
        <Typography.Title level={1} style={{ fontSize: 26, marginTop: 12 }}>
          {t('title')}
        </Typography.Title>
        <ErrorAlert error={loaded.error} title={t('notFound')} />
      </>
    );
  }
  return (
    <>
      <nav aria-label={t('back')}>
        <Link to={PORTAL_PROCEDURES_PATH}>← {t('back')}</Link>
      </nav>
      <Typography.Title level={1} style={{ fontSize: 26, marginTop: 12 }}>
        {p.name}
      </Typography.Title>
      <div className="cqdt-portal-result__meta" style={{ marginBottom: 16 }}>
        <span>
          {t('code')}: {p.code}
        </span>
        <Flag kind={ONLINE_FLAGS[p.onlineLevel] ?? 'neutral'}>{t(`online_${p.onlineLevel}`)}</Flag>
      </div>
      {p.channels.some((c) => c.channel === 'online') ? (
        <p>
          <Link to={submitPath(p.code)} className="cqdt-portal-submit-link">
            {t('submitOnline')}
          </Link>
        </p>
      ) : null}
      {p.unconfirmed.length > 0 ? (
        <Alert type="info" showIcon title={t('unconfirmedNote')} style={{ marginBottom: 16 }} />
      ) : null}
      <Descriptions
        column={{ xs: 1, md: 2 }}
        size="small"
        bordered
        className="cqdt-portal-section"
        items={[
          { key: 'sector', label: t('sector'), children: p.sector.name },
          { key: 'level', label: t('level'), children: p.levelLabel },
          { key: 'subjects', label: t('subjects'), children: p.subjectLabels.join(', ') },
          { key: 'performers', label: t('performers'), children: p.performers.join('; ') },
          ...(p.publishedBy.number
            ? [
                {
                  key: 'published',
                  label: t('published'),
                  children: t('publishedValue', {
                    number: p.publishedBy.number,
                    date: p.publishedBy.date ? formatVnDate(p.publishedBy.date) : '–',
                  }),
                },
              ]
            : []),
          { key: 'from', label: t('effectiveFrom'), children: formatVnDate(p.effectiveFrom) },
        ]}
      />

      <Section id="procedure-channels" title={t('channelsTitle')}>
        <div className="cqdt-portal-channels">
          {p.channels.map((c) => (
            <ChannelCard key={c.channel} offer={c} />
          ))}
        </div>
      </Section>

      <Section id="procedure-documents" title={t('documentsTitle')}>
        <ol className="cqdt-portal-list">
          {p.documents.map((d, index) => (
            <li key={`${index}-${d.name}`}>
              <div>{d.name}</div>
              <div className="cqdt-portal-result__meta">
                <span>{t('copies', { originals: d.originals, copies: d.copies })}</span>
                <Flag kind={d.required ? 'unconfirmed' : 'neutral'}>
                  {d.required ? t('required') : t('optional')}
                </Flag>
                {d.replaceableByData ? <Flag kind="ok">{t('byData')}</Flag> : null}
              </div>
              {d.hasTemplateFile ? (
                <a href={templateUrl(p.code, index + 1)} download>
                  <DownloadOutlined aria-hidden /> {t('template', { name: d.template || d.name })}
                </a>
              ) : d.template ? (
                <div>{t('templateName', { name: d.template })}</div>
              ) : null}
            </li>
          ))}
        </ol>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t('sets', { count: p.sets })}
        </Typography.Paragraph>
      </Section>

      {p.process.length > 0 ? (
        <Section id="procedure-steps" title={t('stepsTitle')}>
          <ol className="cqdt-portal-list">
            {p.process.map((s, index) => (
              <li key={`${index}-${s.name}`}>
                <div>{s.name}</div>
                <div className="cqdt-portal-result__meta">
                  {s.performerLabel ? <span>{s.performerLabel}</span> : null}
                  <span>{t('stepHours', { hours: number.format(s.hours) })}</span>
                </div>
              </li>
            ))}
          </ol>
        </Section>
      ) : null}

      <Section id="procedure-conditions" title={t('conditionsTitle')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: 0 }}>
          {p.conditions || t('none')}
        </Typography.Paragraph>
      </Section>

      <Section id="procedure-result" title={t('resultTitle')}>
        <Typography.Paragraph style={{ marginBottom: p.result.electronic ? 8 : 0 }}>
          {p.result.name}
        </Typography.Paragraph>
        {p.result.electronic ? (
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            {t('resultElectronic')}
          </Typography.Paragraph>
        ) : null}
      </Section>

      {p.interAgency.length > 0 ? (
        <Section id="procedure-chain" title={t('chainTitle')}>
          <ul className="cqdt-portal-list">
            {p.interAgency.map((link, index) => (
              <li key={`${index}-${link.name}`}>
                {link.agency}: {link.name}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {p.legalBasis.length > 0 ? (
        <Section id="procedure-legal" title={t('legalTitle')}>
          <ul className="cqdt-portal-list">
            {p.legalBasis.map((text, index) => (
              <li key={`${index}-${text}`}>{text}</li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Typography.Paragraph style={{ marginTop: 16 }}>
        <Link to={TRACKING_PATH}>{t('track')}</Link>
      </Typography.Paragraph>
    </>
  );
}

function ChannelCard({ offer: c }: { offer: ChannelOffer }) {
  const t = useTranslate(catalogueMessages);
  return (
    <div className="cqdt-portal-channel">
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 0 }}>
        {c.channelLabel}
      </Typography.Title>
      <dl>
        <dt>{t('channelDeadline')}</dt>
        <dd>
          {c.deadline.label}
          {c.deadline.note ? <div className="cqdt-portal-note">{c.deadline.note}</div> : null}
        </dd>
        <dt>{t('channelFees')}</dt>
        <dd>
          {c.fees.length === 0 ? (
            t('noFee')
          ) : (
            <ul className="cqdt-portal-fees">
              {c.fees.map((f, index) => (
                <li key={`${index}-${f.name}`}>
                  {f.name}
                  {f.amount > 0 ? `: ${t('feeAmount', { amount: number.format(f.amount) })}` : ''}
                  {f.note ? <div className="cqdt-portal-note">{f.note}</div> : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {c.description ? (
        <Typography.Paragraph className="cqdt-portal-note" style={{ marginBottom: 0 }}>
          {c.description}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}
