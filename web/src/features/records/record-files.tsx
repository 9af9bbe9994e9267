import { LoadingOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App } from 'antd';
import { useId, useState } from 'react';

import { errorMessage } from '../../shared/api/error-message';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { formatVnTime } from '../../shared/lib/vn-time';
import { EmptyState } from '../../shared/ui/empty-state';
import { attachFile, recordFileUrl, uploadFile, type WorkRecord } from './api';
import { formatSize } from './dates';
import { type RecordsTranslate } from './i18n';

interface Pending {
  key: string;
  name: string;
}

/**
 * The record's other files (not documents of a register): each downloads; while the record is
 * open, more are uploaded (POST /documents/files) and attached (POST /records/{id}/files), one
 * after another.
 */
export function RecordFiles({
  record,
  t,
  onChanged,
}: {
  record: WorkRecord;
  t: RecordsTranslate;
  onChanged: (record: WorkRecord) => void;
}) {
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { message } = App.useApp();
  const inputId = `record-upload-${useId()}`;
  const hintId = `${inputId}-hint`;
  const [pending, setPending] = useState<Pending[]>([]);
  const [failures, setFailures] = useState<string[]>([]);

  const take = async (list: FileList | null) => {
    const chosen = Array.from(list ?? []);
    setFailures([]);
    for (const file of chosen) {
      const key = `${file.name}-${Math.random()}`;
      setPending((items) => [...items, { key, name: file.name }]);
      try {
        const uploaded = await uploadFile(file);
        const updated = await attachFile(record.id, uploaded.id);
        onChanged(updated);
        void message.success(t('uploaded', { name: file.name }));
      } catch (error) {
        setFailures((items) => [
          ...items,
          `${t('uploadFailed', { name: file.name })} ${errorMessage(error, tc)}`,
        ]);
      } finally {
        setPending((items) => items.filter((item) => item.key !== key));
      }
    }
  };

  return (
    <div data-testid="record-files">
      {record.files.length === 0 && pending.length === 0 ? (
        <EmptyState text={t(record.canEdit ? 'filesEmpty' : 'filesEmptyClosed')} />
      ) : null}
      <ul className="cqdt-record-files" aria-live="polite">
        {record.files.map((file) => (
          <li key={file.fileId} data-testid="record-file">
            <PaperClipOutlined aria-hidden />
            <a
              href={recordFileUrl(record.id, file.fileId)}
              download={file.name}
              aria-label={t('download', { name: file.name })}
              className="cqdt-record-wrap"
            >
              {file.name}
            </a>
            <span className="cqdt-muted">
              {t('fileMeta', {
                size: formatSize(file.size, lang),
                name: file.attachedByName,
                time: t('timeVn', { time: formatVnTime(file.attachedAt) }),
              })}
            </span>
          </li>
        ))}
        {pending.map((item) => (
          <li key={item.key}>
            <LoadingOutlined aria-hidden />
            <span>{t('uploading', { name: item.name })}</span>
          </li>
        ))}
      </ul>
      {failures.length > 0 ? (
        <div role="alert" className="cqdt-error-list">
          {failures.map((text, index) => (
            <div key={index} className="cqdt-record-flag cqdt-record-flag--due cqdt-record-wrap">
              {text}
            </div>
          ))}
        </div>
      ) : null}
      {record.canEdit ? (
        <div style={{ marginTop: 12 }}>
          <input
            id={inputId}
            type="file"
            multiple
            className="cqdt-record-upload__input"
            aria-describedby={hintId}
            disabled={pending.length > 0}
            onChange={(event) => {
              void take(event.target.files);
              event.target.value = '';
            }}
          />
          <label htmlFor={inputId} className="cqdt-record-upload__label">
            <UploadOutlined aria-hidden />
            {t('upload')}
          </label>
          <div id={hintId} className="cqdt-muted" style={{ marginTop: 4 }}>
            {t('uploadHint')}
          </div>
        </div>
      ) : null}
    </div>
  );
}
