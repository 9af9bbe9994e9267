// A message's attachments: the name (sanitised, with the name the message gave when it differs),
// whether the register takes it ("không vào sổ được" otherwise), the verdict on its digital
// signatures, size, types, SHA-256, the remarks on it, and a download link (the server sends it as
// an attachment, never to be shown in the page).
import { Alert, Card, Tag, Typography } from 'antd';

import { useLanguage } from '../../../../shared/i18n/use-language';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { type IntakeDetail, type IntakeFile, intakeFileUrl } from '../api';
import { type MailIntakeTranslate, mailIntakeMessages } from '../i18n';
import { formatSize, signatureColour } from '../lib/labels';

function Signature({ file, t }: { file: IntakeFile; t: MailIntakeTranslate }) {
  const s = file.signature;
  if (!s.indication) {
    return null;
  }
  return (
    <div>
      <Tag color={signatureColour(s.indication)}>{t(`sig_${s.indication}`)}</Tag>
      {s.signer ? (
        <span className="cqdt-mail-intake-break">{t('sigSigner', { name: s.signer })}</span>
      ) : null}
      {s.detail ? <div className="cqdt-muted">{s.detail}</div> : null}
    </div>
  );
}

function FileItem({
  item,
  file,
  t,
}: {
  item: IntakeDetail;
  file: IntakeFile;
  t: MailIntakeTranslate;
}) {
  const { lang } = useLanguage();
  return (
    <li>
      <div className="cqdt-mail-intake-break">
        <strong>{file.name}</strong>{' '}
        {file.registrable ? (
          <Tag color="success">{t('fileRegistrable')}</Tag>
        ) : (
          <Tag color="warning">{t('fileNotRegistrable')}</Tag>
        )}
      </div>
      {file.originalName && file.originalName !== file.name ? (
        <div className="cqdt-muted cqdt-mail-intake-break">
          {t('fileOriginalName', { name: file.originalName })}
        </div>
      ) : null}
      <Signature file={file} t={t} />
      <div className="cqdt-muted cqdt-mail-intake-break">
        {t('fileSize', { size: formatSize(file.size, lang) })} ·{' '}
        {t('fileTypes', {
          declared: file.contentType || t('noValue'),
          detected: file.detectedType || t('fileTypeUnknown'),
        })}
      </div>
      <div className="cqdt-mail-intake-break">
        <span className="cqdt-muted">{t('fileSha')}</span>{' '}
        <span className="cqdt-mail-intake-mono">{file.sha256}</span>
      </div>
      {file.warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ margin: '8px 0' }}
          title={file.warnings.length === 1 ? file.warnings[0]?.message : t('fileWarnings')}
          description={
            file.warnings.length > 1 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {file.warnings.map((w, index) => (
                  <li key={`${w.code}-${index}`}>{w.message}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
      <a
        href={intakeFileUrl(item.id, file.position)}
        download={file.name}
        aria-label={t('downloadName', { name: file.name })}
      >
        {t('download')}
      </a>
    </li>
  );
}

export function IntakeFiles({ item }: { item: IntakeDetail }) {
  const t = useTranslate(mailIntakeMessages);
  return (
    <Card style={{ marginTop: 16 }}>
      <section aria-labelledby="mail-intake-files">
        <Typography.Title id="mail-intake-files" level={2} style={{ fontSize: 18, marginTop: 0 }}>
          {t('filesTitle')}
        </Typography.Title>
        {item.files.length === 0 ? (
          <EmptyState text={t('filesEmpty')} />
        ) : (
          <ul className="cqdt-mail-intake-files">
            {item.files.map((f) => (
              <FileItem key={f.position} item={item} file={f} t={t} />
            ))}
          </ul>
        )}
      </section>
    </Card>
  );
}
