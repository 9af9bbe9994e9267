// The documents of an online dossier: for each checklist item, files uploaded now or chosen from
// the citizen's document store (kho dữ liệu, reused without uploading again), or the state's data
// where the catalogue allows it. An upload the server refuses (not a PDF, JPEG or PNG, not what
// its name claims, too large) is said next to its document.
import { DeleteOutlined, FolderOpenOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Checkbox, Modal, Space, Tag, Typography } from 'antd';
import { useId, useState } from 'react';

import { errorMessage } from '../../shared/api/error-message';
import { commonMessages } from '../../shared/i18n/common-messages';
import type { Translate } from '../../shared/i18n/messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { type ChosenFile, type DocumentChoice, listStore, uploadCitizenFile } from './online-api';
import type { onlineMessages } from './online-i18n';

type T = Translate<(typeof onlineMessages)['vi']>;

export interface DocumentRow {
  ordinal: number;
  name: string;
  required: boolean;
  replaceableByData: boolean;
  /** The e-form itself stands for it (the declaration filed online). */
  byForm: boolean;
}

export const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

const isReused = (f: ChosenFile) => f.id.startsWith('s') || f.id.startsWith('d');

function StorePicker({
  row,
  chosen,
  onClose,
  t,
}: {
  row: DocumentRow;
  chosen: ChosenFile[];
  onClose: (picked: ChosenFile[] | null) => void;
  t: T;
}) {
  const store = useAsync((signal) => listStore(signal), []);
  const [picked, setPicked] = useState<string[]>(chosen.filter(isReused).map((f) => f.id));
  const items = store.data?.items ?? [];
  return (
    <Modal
      open
      title={t('pickTitle', { name: row.name })}
      okText={t('pickConfirm')}
      cancelText={t('cancel')}
      onOk={() =>
        onClose(items.filter((f) => picked.includes(f.id)).map((f) => ({ id: f.id, name: f.name })))
      }
      onCancel={() => onClose(null)}
      destroyOnHidden
    >
      {store.error ? <ErrorAlert error={store.error} title={t('loadFailed')} /> : null}
      {store.data && items.length === 0 ? (
        <Typography.Paragraph>{t('pickEmpty')}</Typography.Paragraph>
      ) : null}
      <Checkbox.Group
        value={picked}
        onChange={(v) => setPicked(v as string[])}
        style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
        options={items.map((f) => ({
          value: f.id,
          label: (
            <span>
              {f.name} <Tag>{t(`source_${f.source}`)}</Tag>
              {f.dossier ? (
                <Typography.Text type="secondary">
                  {t('fromDossier', {
                    code: f.dossier.code,
                    document: f.dossier.documentName || f.dossier.procedureName,
                  })}
                </Typography.Text>
              ) : null}
            </span>
          ),
        }))}
      />
    </Modal>
  );
}

function DocumentItem({
  row,
  choice,
  onChange,
  error,
  t,
}: {
  row: DocumentRow;
  choice: DocumentChoice;
  onChange: (c: DocumentChoice) => void;
  error?: string;
  t: T;
}) {
  const tc = useTranslate(commonMessages);
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const [picking, setPicking] = useState(false);

  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) {
      return;
    }
    setBusy(true);
    setFailure('');
    const added: ChosenFile[] = [];
    try {
      for (const file of Array.from(files)) {
        const f = await uploadCitizenFile(file, false);
        added.push({ id: f.id, name: f.name });
      }
    } catch (caught) {
      setFailure(errorMessage(caught, tc));
    } finally {
      setBusy(false);
      onChange({ ...choice, files: [...choice.files, ...added] });
    }
  };

  return (
    <fieldset className="cqdt-eform-document" id={`document-${row.ordinal}`} tabIndex={-1}>
      <legend>
        {row.ordinal}. {row.name}{' '}
        <Tag color={row.required ? 'red' : 'default'}>
          {row.required ? t('requiredTag') : t('optionalTag')}
        </Tag>
      </legend>
      {row.byForm ? (
        <Typography.Paragraph type="secondary">{t('formStandsFor')}</Typography.Paragraph>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {row.replaceableByData ? (
            <Checkbox
              checked={choice.byData}
              onChange={(e) => onChange({ ...choice, byData: e.target.checked })}
            >
              {t('byDataLabel')}
            </Checkbox>
          ) : null}
          {choice.byData ? null : (
            <>
              <Space wrap>
                <span className="cqdt-eform-upload-wrap">
                  <input
                    id={inputId}
                    type="file"
                    multiple
                    accept={ACCEPT}
                    disabled={busy}
                    className="cqdt-visually-hidden-file"
                    onChange={(e) => {
                      void upload(e.target.files);
                      e.target.value = '';
                    }}
                  />
                  <label htmlFor={inputId} className="cqdt-eform-upload">
                    <PaperClipOutlined aria-hidden /> {t('uploadLabel', { name: row.name })}
                  </label>
                </span>
                <Button icon={<FolderOpenOutlined aria-hidden />} onClick={() => setPicking(true)}>
                  {t('pickFromStore')}
                </Button>
                {busy ? <span aria-live="polite">{t('uploading')}</span> : null}
              </Space>
              {choice.files.length > 0 ? (
                <ul className="cqdt-eform-files">
                  {choice.files.map((f) => (
                    <li key={f.id}>
                      <span>{f.name || f.id}</span>{' '}
                      {isReused(f) ? <Tag color="blue">{t('reusedTag')}</Tag> : null}
                      <Button
                        size="small"
                        type="text"
                        icon={<DeleteOutlined aria-hidden />}
                        aria-label={t('removeFile', { name: f.name || f.id })}
                        onClick={() =>
                          onChange({ ...choice, files: choice.files.filter((x) => x.id !== f.id) })
                        }
                      />
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          )}
          {failure ? (
            <Typography.Text type="danger" role="alert">
              {failure}
            </Typography.Text>
          ) : null}
          {error ? (
            <Typography.Text type="danger" role="alert">
              {error}
            </Typography.Text>
          ) : null}
        </Space>
      )}
      {picking ? (
        <StorePicker
          row={row}
          chosen={choice.files}
          t={t}
          onClose={(picked) => {
            setPicking(false);
            if (picked) {
              const kept = choice.files.filter((f) => !isReused(f));
              onChange({ ...choice, files: [...kept, ...picked] });
            }
          }}
        />
      ) : null}
    </fieldset>
  );
}

/** One item per checklist document; `value` holds a choice per ordinal. */
export function DocumentPicker({
  rows,
  value,
  onChange,
  errors,
  t,
}: {
  rows: DocumentRow[];
  value: DocumentChoice[];
  onChange: (v: DocumentChoice[]) => void;
  errors: Record<number, string>;
  t: T;
}) {
  const choiceOf = (ordinal: number): DocumentChoice =>
    value.find((c) => c.ordinal === ordinal) ?? { ordinal, files: [], byData: false };
  return (
    <>
      {rows.map((row) => (
        <DocumentItem
          key={row.ordinal}
          row={row}
          choice={choiceOf(row.ordinal)}
          error={errors[row.ordinal]}
          t={t}
          onChange={(c) =>
            onChange(
              [...value.filter((x) => x.ordinal !== c.ordinal), c].sort(
                (a, b) => a.ordinal - b.ordinal,
              ),
            )
          }
        />
      ))}
    </>
  );
}
