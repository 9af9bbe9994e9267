import {
  CloseOutlined,
  InboxOutlined,
  LoadingOutlined,
  PaperClipOutlined,
} from '@ant-design/icons';
import { Button } from 'antd';
import { type DragEvent, useId, useState } from 'react';

import { errorMessage } from '../../../../shared/api/error-message';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { uploadDocumentFile } from '../api/incoming';
import type { DocumentFile } from '../api/types';
import { incomingMessages, type IncomingTranslate } from '../i18n';
import './incoming.css';

export const ACCEPTED_FILES = '.pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/*';

/** The signature verdict of an uploaded file, in words (colour only repeats them). */
export function SignatureVerdict({ file, t }: { file: DocumentFile; t: IncomingTranslate }) {
  const report = file.signature;
  if (!report) {
    return <span className="cqdt-muted">{t('fileNoSignature')}</span>;
  }
  const tone =
    report.indication === 'TOTAL_PASSED'
      ? 'ok'
      : report.indication === 'TOTAL_FAILED'
        ? 'overdue'
        : 'soon';
  const signer = report.signatures[0]?.signer?.commonName;
  return (
    <span>
      {t('fileSignature')}{' '}
      <span className={`cqdt-flag cqdt-flag--${tone}`} data-indication={report.indication}>
        {t(`verdict_${report.indication}`)}
      </span>
      {signer ? <span className="cqdt-wrap-anywhere"> – {signer}</span> : null}
    </span>
  );
}

interface Pending {
  key: string;
  name: string;
}

/**
 * Uploads each chosen file at once (POST /documents/files), so the clerk sees its pages and the
 * verdict on its signature before filling in the form; `value` is the uploaded files, in order.
 */
export function FileUploader({
  id,
  value = [],
  onChange,
  'aria-describedby': describedBy,
}: {
  id?: string;
  value?: DocumentFile[];
  onChange?: (files: DocumentFile[]) => void;
  'aria-describedby'?: string;
}) {
  const t = useTranslate(incomingMessages);
  const tc = useTranslate(commonMessages);
  const ownId = useId();
  const inputId = id ?? `incoming-files-${ownId}`;
  const hintId = `${inputId}-hint`;
  const [pending, setPending] = useState<Pending[]>([]);
  const [failures, setFailures] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);

  const take = async (list: FileList | null | undefined) => {
    const chosen = Array.from(list ?? []);
    if (chosen.length === 0) {
      return;
    }
    setFailures([]);
    let current = value;
    for (const file of chosen) {
      const key = `${file.name}-${Math.random()}`;
      setPending((items) => [...items, { key, name: file.name }]);
      try {
        const uploaded = await uploadDocumentFile(file);
        current = [...current, uploaded];
        onChange?.(current);
      } catch (error) {
        setFailures((items) => [
          ...items,
          `${t('fileUploadFailed', { name: file.name })} ${errorMessage(error, tc)}`,
        ]);
      } finally {
        setPending((items) => items.filter((item) => item.key !== key));
      }
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    void take(event.dataTransfer.files);
  };

  return (
    <div>
      <div
        className={`cqdt-incoming-drop${dragging ? ' cqdt-incoming-drop--dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <input
          id={inputId}
          type="file"
          multiple
          className="cqdt-incoming-drop__input"
          accept={ACCEPTED_FILES}
          aria-describedby={[hintId, describedBy].filter(Boolean).join(' ')}
          onChange={(event) => {
            void take(event.target.files);
            event.target.value = '';
          }}
        />
        <label htmlFor={inputId} className="cqdt-incoming-drop__zone">
          <InboxOutlined className="cqdt-incoming-drop__icon" aria-hidden />
          <span className="cqdt-incoming-drop__mouse">{t('fileChoose')}</span>
          <span className="cqdt-incoming-drop__touch">{t('fileChooseTouch')}</span>
          <span id={hintId} className="cqdt-muted">
            {t('stepFilesHint')}
          </span>
        </label>
      </div>
      <ul className="cqdt-incoming-files" aria-live="polite">
        {value.map((file) => (
          <li key={file.id} data-testid="uploaded-file">
            <PaperClipOutlined aria-hidden />
            <span className="cqdt-wrap-anywhere">{file.name}</span>
            {file.pages > 0 ? (
              <span className="cqdt-muted">{t('filePages', { count: file.pages })}</span>
            ) : null}
            <SignatureVerdict file={file} t={t} />
            <Button
              type="text"
              size="small"
              icon={<CloseOutlined aria-hidden />}
              aria-label={t('fileRemove', { name: file.name })}
              onClick={() => onChange?.(value.filter((item) => item.id !== file.id))}
            />
          </li>
        ))}
        {pending.map((item) => (
          <li key={item.key}>
            <LoadingOutlined aria-hidden />
            <span>{t('fileUploading', { name: item.name })}</span>
          </li>
        ))}
      </ul>
      {failures.length > 0 ? (
        <div role="alert" className="cqdt-error-list">
          {failures.map((text, index) => (
            <div key={index} className="cqdt-flag cqdt-flag--overdue cqdt-wrap-anywhere">
              {text}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
