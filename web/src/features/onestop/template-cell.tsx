// A required document's template (mẫu đơn, tờ khai; issue 12 item 1) on the procedure page: the
// link anyone downloads it by, and for administrators the upload of a new one (PDF, Word or
// OpenDocument; the procedure is published again with it).
import { DownloadOutlined } from '@ant-design/icons';
import { App, Typography } from 'antd';
import { useId, useState } from 'react';

import { errorMessage } from '../../shared/api/error-message';
import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { type RequiredDocument, templateUrl, uploadTemplate } from './api';
import { onestopMessages } from './i18n';
import './onestop.css';

export function TemplateCell({
  code,
  ordinal,
  document: d,
  onUploaded,
}: {
  code: string;
  ordinal: number;
  document: RequiredDocument;
  onUploaded: () => void;
}) {
  const t = useTranslate(onestopMessages);
  const tc = useTranslate(commonMessages);
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const name = d.template || d.name;
  return (
    <>
      {d.hasTemplateFile ? (
        <a href={templateUrl(code, ordinal)} download>
          <DownloadOutlined aria-hidden /> {t('templateDownload', { name })}
        </a>
      ) : d.template ? (
        <Typography.Text type="secondary">
          {t('templateLine', { name: d.template })}
        </Typography.Text>
      ) : null}
      {hasRole('admin') ? (
        <span className="cqdt-template-upload">
          <label htmlFor={inputId}>{t('templateUpload', { name: d.name })}</label>{' '}
          <input
            id={inputId}
            type="file"
            disabled={busy}
            accept=".pdf,.doc,.docx,.odt,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) {
                return;
              }
              setBusy(true);
              uploadTemplate(code, ordinal, file)
                .then(() => {
                  void message.success(t('templateUploaded', { name: d.name }));
                  onUploaded();
                })
                .catch((caught: unknown) => void message.error(errorMessage(caught, tc)))
                .finally(() => setBusy(false));
            }}
          />
        </span>
      ) : null}
    </>
  );
}
