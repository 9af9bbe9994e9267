import { FileUnknownOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Card, Collapse, Descriptions, Grid, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { createContext, type ReactNode, useContext } from 'react';

import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import type {
  CertificateStatus,
  CertificateSummary,
  SignatureReport,
  VerificationReport,
} from '../api/types';
import { type SigningTranslate, signingMessages } from '../i18n';
import { formatVnTime, toVnIso } from '../../../shared/lib/vn-time';
import { formatBytes } from '../lib/format';
import { Check, VerdictTag, VERDICTS } from './verdict';

const STATUS_LABELS: Record<CertificateStatus, Parameters<SigningTranslate>[0]> = {
  valid: 'statusValid',
  expired: 'statusExpired',
  not_yet_valid: 'statusNotYetValid',
  revoked: 'statusRevoked',
  unknown_issuer: 'statusUnknownIssuer',
  revocation_unknown: 'statusRevocationUnknown',
  invalid: 'statusInvalid',
};

const KNOWN_SUB_INDICATIONS = new Set([
  'HASH_FAILURE',
  'SIG_CRYPTO_FAILURE',
  'FORMAT_FAILURE',
  'REVOKED',
  'REVOKED_NO_POE',
  'EXPIRED',
  'NOT_YET_VALID',
  'OUT_OF_BOUNDS_NO_POE',
  'NO_CERTIFICATE_CHAIN_FOUND',
  'CHAIN_CONSTRAINTS_FAILURE',
  'NO_SIGNING_CERTIFICATE_FOUND',
  'TRY_LATER',
]);

// Phones read label-over-value; wider screens label-beside-value in two columns.
const LayoutContext = createContext<'horizontal' | 'vertical'>('horizontal');

function Facts({ items, style }: { items: DescriptionsProps['items']; style?: object }) {
  const layout = useContext(LayoutContext);
  return (
    <Descriptions
      size="small"
      layout={layout}
      column={layout === 'vertical' ? 1 : { xs: 1, sm: 1, md: 2 }}
      items={items}
      style={style}
    />
  );
}

/** An instant in Vietnam time, with its machine-readable form. */
export function VnTime({ value }: { value: string | null | undefined }) {
  if (!value) {
    return null;
  }
  return (
    <time dateTime={toVnIso(value)}>
      {formatVnTime(value)} <span className="cqdt-muted">(UTC+7)</span>
    </time>
  );
}

function Hash({ value }: { value: string }) {
  return <span className="cqdt-report-hash">{value}</span>;
}

function Warnings({ items, title }: { items: string[]; title: string }) {
  if (items.length === 0) {
    return null;
  }
  return (
    <Alert
      type="warning"
      showIcon
      icon={<WarningOutlined aria-hidden />}
      // Part of a report the live region already announced: not an assertive alert.
      role="note"
      title={title}
      description={
        <ul className="cqdt-error-list">
          {items.map((warning, index) => (
            <li key={index}>{warning}</li>
          ))}
        </ul>
      }
      style={{ marginTop: 12 }}
    />
  );
}

function certificateItems(c: CertificateSummary, t: SigningTranslate): DescriptionsProps['items'] {
  return [
    { key: 'cn', label: t('signerName'), children: c.commonName },
    ...(c.organization ? [{ key: 'o', label: t('organization'), children: c.organization }] : []),
    { key: 'subject', label: t('subject'), children: c.subject, span: 'filled' as const },
    { key: 'issuer', label: t('issuer'), children: c.issuer, span: 'filled' as const },
    { key: 'serial', label: t('serial'), children: <Hash value={c.serial} /> },
    {
      key: 'validity',
      label: t('validity'),
      children: (
        <span>
          <VnTime value={c.notBefore} /> – <VnTime value={c.notAfter} />
        </span>
      ),
    },
    {
      key: 'fp',
      label: t('fingerprint'),
      children: <Hash value={c.fingerprintSha256} />,
      span: 'filled' as const,
    },
  ];
}

// Where an XML signature sits (the server's placement codes), in words.
const XML_PLACEMENTS: Record<string, Parameters<SigningTranslate>[0]> = {
  edXMLHeader: 'placementEdxmlHeader',
  root: 'placementRoot',
  other: 'placementOther',
};

/**
 * The signature's place in the file: a PDF's signature field keeps its name (data of the file);
 * an XML signature's placement is said in words; a CMS signer has no place to show (the server's
 * "signer N" only repeats the card's number).
 */
function placementItem(
  signature: SignatureReport,
  kind: VerificationReport['kind'],
  t: SigningTranslate,
): NonNullable<DescriptionsProps['items']> {
  if (!signature.fieldName) {
    return [];
  }
  if (kind === 'pdf') {
    return [{ key: 'field', label: t('fieldName'), children: signature.fieldName }];
  }
  if (kind === 'xml') {
    const placement = XML_PLACEMENTS[signature.fieldName] ?? 'placementOther';
    return [{ key: 'field', label: t('placement'), children: t(placement) }];
  }
  return [];
}

function SignatureCard({
  signature,
  kind,
  t,
}: {
  signature: SignatureReport;
  kind: VerificationReport['kind'];
  t: SigningTranslate;
}) {
  const signer = signature.signer;
  const headingId = `signature-${signature.index}`;
  const sub = signature.subIndication;
  const status = signature.certificate.status;
  const sourceLabel = (
    {
      timestamp: t('sourceTimestamp'),
      claimed: t('sourceClaimed'),
      now: t('sourceNow'),
    } as Record<string, string | undefined>
  )[signature.validationTimeSource ?? ''];
  const revocation = {
    crl: t('revocationCrl'),
    ocsp: t('revocationOcsp'),
    none: t('revocationNone'),
  }[signature.certificate.revocationSource];

  const overview: DescriptionsProps['items'] = [
    {
      key: 'verdict',
      label: t('conclusion'),
      span: 'filled',
      children: signature.conclusion,
    },
    ...(sub
      ? [
          {
            key: 'sub',
            label: t('subIndication'),
            span: 'filled' as const,
            children: (
              <span>
                <Typography.Text code>{sub}</Typography.Text>
                {KNOWN_SUB_INDICATIONS.has(sub)
                  ? ` ${t(`sub${sub}` as Parameters<SigningTranslate>[0])}`
                  : null}
              </span>
            ),
          },
        ]
      : []),
    { key: 'format', label: t('format'), children: signature.format },
    ...placementItem(signature, kind, t),
    {
      key: 'claimed',
      label: t('claimedTime'),
      children: signature.claimedTime ? <VnTime value={signature.claimedTime} /> : '—',
    },
    {
      key: 'ts',
      label: t('timestampTime'),
      children: signature.timestampTime ? (
        <span>
          <VnTime value={signature.timestampTime} />
          {signature.timestampAuthority
            ? ` ${t('timestampBy', { tsa: signature.timestampAuthority })}`
            : null}
        </span>
      ) : (
        t('noTimestamp')
      ),
    },
    // A signature whose integrity already failed has no evaluation time (null): nothing to show.
    ...(sourceLabel && signature.validationTime
      ? [
          {
            key: 'vt',
            label: t('validationTime'),
            span: 'filled' as const,
            children: (
              <span>
                <VnTime value={signature.validationTime} /> — {sourceLabel}
              </span>
            ),
          },
        ]
      : []),
  ];

  const integrity: DescriptionsProps['items'] = [
    {
      key: 'formatOk',
      label: t('formatOk'),
      children: <Check value={signature.integrity.formatOk} t={t} />,
    },
    {
      key: 'digest',
      label: t('digestMatches'),
      children: <Check value={signature.integrity.digestMatches} t={t} />,
    },
    {
      key: 'sig',
      label: t('signatureValid'),
      children: <Check value={signature.integrity.signatureValid} t={t} />,
    },
    {
      key: 'whole',
      label: t('coversWholeDocument'),
      children: <Check value={signature.integrity.coversWholeDocument} t={t} />,
    },
    {
      key: 'appended',
      label: t('appendedBytes'),
      children: (
        <Check
          value={signature.integrity.appendedBytes > 0}
          good={false}
          t={t}
          text={
            signature.integrity.appendedBytes > 0
              ? t('appendedBytesValue', { count: signature.integrity.appendedBytes })
              : t('no')
          }
        />
      ),
    },
  ];

  const certificate: DescriptionsProps['items'] = [
    {
      key: 'status',
      label: t('certificateStatus'),
      children: status ? (
        <Check value={status === 'valid'} t={t} text={t(STATUS_LABELS[status])} />
      ) : (
        t('statusNone')
      ),
    },
    { key: 'rev', label: t('revocationSource'), children: revocation },
    ...(signature.certificate.revokedAt
      ? [
          {
            key: 'revokedAt',
            label: t('revokedAt'),
            children: <VnTime value={signature.certificate.revokedAt} />,
          },
        ]
      : []),
    ...(signature.certificate.detail
      ? [
          {
            key: 'detail',
            label: t('certificateDetail'),
            span: 'filled' as const,
            children: signature.certificate.detail,
          },
        ]
      : []),
  ];

  const chain = signature.certificate.chain;
  return (
    <Card className="cqdt-signature-card" aria-labelledby={headingId} role="region">
      <Typography.Title level={3} id={headingId}>
        <span>
          {t('signatureHeading', {
            index: signature.index,
            name: signer?.commonName || t('unknownSigner'),
          })}
        </span>
        <VerdictTag indication={signature.indication} t={t} />
      </Typography.Title>
      {signature.certificationPermissions ? (
        <Typography.Paragraph className="cqdt-muted">
          {t('certificationPermissions', { level: signature.certificationPermissions })}
        </Typography.Paragraph>
      ) : null}
      <Facts items={overview} />

      <Typography.Title level={4}>{t('signerSection')}</Typography.Title>
      {signer ? (
        <Facts items={certificateItems(signer, t)} />
      ) : (
        <Typography.Paragraph>{t('unknownSigner')}</Typography.Paragraph>
      )}

      <Typography.Title level={4}>{t('integrity')}</Typography.Title>
      <Facts items={integrity} />

      <Typography.Title level={4}>{t('certificateSection')}</Typography.Title>
      <Facts items={certificate} />
      {chain.length > 0 ? (
        <Collapse
          size="small"
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'chain',
              label: t('chain', { count: chain.length }),
              children: chain.map((c, index) => (
                <div key={`${c.fingerprintSha256}-${index}`} style={{ marginTop: index ? 16 : 0 }}>
                  <Typography.Text strong>
                    {t('chainItem', { index: index + 1 })}: {c.commonName || c.subject}
                  </Typography.Text>
                  <Facts items={certificateItems(c, t)} />
                </div>
              )),
            },
          ]}
        />
      ) : null}
      <Warnings items={signature.warnings} title={t('warnings')} />
    </Card>
  );
}

/**
 * The report of POST /signatures/verify: the overall verdict, the file, then one card per
 * signature. Headings start at h2 (the page owns the h1).
 */
export function VerificationReportView({
  report,
  actions,
}: {
  report: VerificationReport;
  actions?: ReactNode;
}) {
  const t = useTranslate(signingMessages);
  const { lang } = useLanguage();
  const verdict = VERDICTS[report.indication] ?? VERDICTS.INDETERMINATE;
  const unsigned = report.signatures.length === 0;
  const screens = Grid.useBreakpoint();
  const layout = screens.sm === false ? 'vertical' : 'horizontal';
  const kindLabel = { pdf: t('kindPdf'), xml: t('kindXml'), cms: t('kindCms') }[report.kind];

  return (
    <LayoutContext.Provider value={layout}>
      <section aria-labelledby="verification-report-title" className="cqdt-report-section">
        <Typography.Title level={2} id="verification-report-title" style={{ fontSize: 20 }}>
          {t('reportTitle')}
        </Typography.Title>
        {unsigned ? (
          // No signature at all is a fact about the file, not an undecided verdict: a neutral
          // banner rather than an amber "Chưa xác định — 0 chữ ký" (issue 8, item 23).
          <Alert
            type="info"
            showIcon
            icon={<FileUnknownOutlined aria-hidden />}
            role="note"
            data-testid="verification-verdict"
            title={<strong style={{ fontSize: 18 }}>{t('noSignaturesTitle')}</strong>}
            description={t('noSignaturesText')}
          />
        ) : (
          <Alert
            type={verdict.alert}
            showIcon
            icon={verdict.icon}
            // The live region of VerificationOutcome announces the verdict once; no second alert.
            role="note"
            data-testid="verification-verdict"
            title={
              <strong style={{ fontSize: 18 }}>
                {t(verdict.label)}
                {' — '}
                {t('signatureCount', { count: report.signatures.length })}
              </strong>
            }
            description={report.conclusion}
          />
        )}
        <Warnings items={report.warnings} title={t('documentWarnings')} />
        <Facts
          style={{ marginTop: 16 }}
          items={[
            { key: 'name', label: t('fileName'), children: report.fileName },
            { key: 'kind', label: t('fileKind'), children: kindLabel ?? report.kind },
            { key: 'size', label: t('fileSize'), children: formatBytes(report.fileSize, lang) },
            { key: 'at', label: t('verifiedAt'), children: <VnTime value={report.verifiedAt} /> },
            {
              key: 'sha',
              label: t('fileSha256'),
              span: 'filled',
              children: <Hash value={report.fileSha256} />,
            },
          ]}
        />
        {actions ? <div className="cqdt-report-actions">{actions}</div> : null}
        <div style={{ marginTop: 16 }}>
          {unsigned
            ? null
            : report.signatures.map((signature) => (
                <SignatureCard
                  key={signature.index}
                  signature={signature}
                  kind={report.kind}
                  t={t}
                />
              ))}
        </div>
      </section>
    </LayoutContext.Provider>
  );
}
