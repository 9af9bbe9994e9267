import { CloseOutlined, InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { type DragEvent, useId, useState } from 'react';

import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { signingMessages } from '../i18n';
import { formatBytes } from '../lib/format';
import './file-drop.css';

export interface FileDropProps {
  /** The input's id; a Form.Item passes the field's id so its label points here. */
  id?: string;
  value?: File | null;
  onChange?: (file: File | null) => void;
  /** The accept attribute: ".pdf,.xml,.p7s". Empty: any file. */
  accept?: string;
  /** What to do with a mouse: "Kéo thả tệp vào đây, hoặc nhấn để chọn tệp". */
  text: string;
  /** What to do on a touch screen, where nothing can be dragged (default "Chọn tệp"). */
  touchText?: string;
  hint: string;
  maxBytes?: number;
  /** Called instead of onChange when the file is over maxBytes. */
  onTooLarge?: (file: File) => void;
  disabled?: boolean;
  'aria-invalid'?: boolean | 'true' | 'false';
  'aria-describedby'?: string;
}

/**
 * A file picker that is a real, labelled <input type="file">: Tab reaches it, Space or Enter opens
 * the file dialog, screen readers read the label and the hint; a file can also be dropped on it.
 */
export function FileDrop({
  id,
  value,
  onChange,
  accept,
  text,
  touchText,
  hint,
  maxBytes,
  onTooLarge,
  disabled,
  'aria-invalid': ariaInvalid,
  'aria-describedby': ariaDescribedBy,
}: FileDropProps) {
  const t = useTranslate(signingMessages);
  const { lang } = useLanguage();
  const ownId = useId();
  const inputId = id ?? `file-${ownId}`;
  const hintId = `${inputId}-hint`;
  const [dragging, setDragging] = useState(false);

  const take = (file: File | undefined) => {
    if (!file) {
      return;
    }
    if (maxBytes !== undefined && file.size > maxBytes) {
      onTooLarge?.(file);
      return;
    }
    onChange?.(file);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) {
      take(event.dataTransfer.files[0]);
    }
  };

  const invalid = ariaInvalid === true || ariaInvalid === 'true';
  const classes = [
    'cqdt-file-drop',
    dragging ? 'cqdt-file-drop--dragging' : '',
    invalid ? 'cqdt-file-drop--invalid' : '',
    disabled ? 'cqdt-file-drop--disabled' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div>
      <div
        className={classes}
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
          className="cqdt-file-drop__input"
          accept={accept || undefined}
          disabled={disabled}
          aria-invalid={invalid || undefined}
          aria-describedby={[hintId, ariaDescribedBy].filter(Boolean).join(' ')}
          onChange={(event) => {
            take(event.target.files?.[0]);
            // The same file can be chosen again (after a fix on disk, for example).
            event.target.value = '';
          }}
        />
        <label htmlFor={inputId} className="cqdt-file-drop__zone">
          <InboxOutlined className="cqdt-file-drop__icon" aria-hidden />
          {/* One of the two shows, by the kind of pointer (file-drop.css). */}
          <span className="cqdt-file-drop__text cqdt-file-drop__text--drag">{text}</span>
          <span className="cqdt-file-drop__text cqdt-file-drop__text--touch">
            {touchText ?? t('chooseFile')}
          </span>
          <span id={hintId} className="cqdt-file-drop__hint">
            {hint}
          </span>
        </label>
      </div>
      {value ? (
        <div className="cqdt-file-drop__chosen">
          <PaperClipOutlined aria-hidden />
          <span>{t('chosenFile', { name: value.name, size: formatBytes(value.size, lang) })}</span>
          <Button
            type="text"
            size="small"
            icon={<CloseOutlined aria-hidden />}
            aria-label={t('removeFile', { name: value.name })}
            disabled={disabled}
            onClick={() => onChange?.(null)}
          />
        </div>
      ) : null}
    </div>
  );
}
