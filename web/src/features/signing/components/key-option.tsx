import { Tag } from 'antd';

import type { SigningKey } from '../api/types';
import type { SigningTranslate } from '../i18n';
import { formatVnDate } from '../../../shared/lib/vn-time';

/** One line of text for a key (the select's value display and its search). */
export function keyText(key: SigningKey, t: SigningTranslate): string {
  const parts = [
    key.kind === 'seal' ? t('keySeal') : t('keyPersonal'),
    key.certificate?.commonName || key.id,
    key.certificate
      ? t('keyExpires', { date: formatVnDate(key.certificate.notAfter) })
      : t('keyNoCertificate'),
  ];
  if (key.demo) {
    parts.push(t('keyDemo'));
  }
  return parts.join(' · ');
}

/** The rich form shown in the open list: kind, owner, certificate CN and expiry, DEMO. */
export function KeyOption({ signingKey, t }: { signingKey: SigningKey; t: SigningTranslate }) {
  const certificate = signingKey.certificate;
  return (
    <div className="cqdt-key-option">
      <Tag color={signingKey.kind === 'seal' ? 'red' : 'blue'}>
        {signingKey.kind === 'seal' ? t('keySeal') : t('keyPersonal')}
      </Tag>
      <strong>{certificate?.commonName || signingKey.id}</strong>
      {signingKey.demo ? <Tag title={t('keyDemoTitle')}>{t('keyDemo')}</Tag> : null}
      <span className="cqdt-muted">
        {t('keyOwner', { owner: signingKey.owner })} ·{' '}
        {certificate
          ? t('keyExpires', { date: formatVnDate(certificate.notAfter) })
          : t('keyNoCertificate')}
      </span>
    </div>
  );
}
