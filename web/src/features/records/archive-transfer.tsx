// Nộp lưu from the agency's records list (issue 11 item 2): the clerk selects closed records, the
// button asks for confirmation, the server makes the sealed package, and the result offers its
// download.
import { CloudUploadOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Typography } from 'antd';
import { useState } from 'react';

import { ErrorAlert } from '../../shared/ui/error-alert';
import {
  transferPackageUrl,
  transferRecords,
  type ArchiveTransfer,
  type RecordSummary,
} from './api';
import { type ArchiveTranslate } from './archive-i18n';

/** The "Nộp lưu" button over the selected closed records, its confirmation and its result. */
export function ArchiveTransferButton({
  selected,
  t,
  onDone,
}: {
  selected: RecordSummary[];
  t: ArchiveTranslate;
  onDone: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<ArchiveTransfer | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const transfer = await transferRecords(selected.map((r) => r.id));
      setConfirming(false);
      setDone(transfer);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        type="primary"
        icon={<CloudUploadOutlined aria-hidden />}
        disabled={selected.length === 0}
        onClick={() => {
          setError(null);
          setConfirming(true);
        }}
        data-testid="archive-transfer-button"
      >
        {selected.length > 0
          ? t('transferButtonCount', { count: selected.length })
          : t('transferButton')}
      </Button>
      {confirming ? (
        <Modal
          open
          title={t('confirmTitle', { count: selected.length })}
          onCancel={() => setConfirming(false)}
          okText={t('confirmOk')}
          cancelText={t('cancel')}
          okButtonProps={{ loading: busy }}
          onOk={() => void submit()}
          destroyOnHidden
          width={620}
        >
          {error ? <ErrorAlert error={error} title={t('transferFailed')} /> : null}
          <Typography.Paragraph>{t('confirmText')}</Typography.Paragraph>
          <ul data-testid="archive-transfer-list">
            {selected.map((r) => (
              <li key={r.id}>
                <strong>{r.fileCode}</strong> — {r.title}
              </li>
            ))}
          </ul>
        </Modal>
      ) : null}
      {done ? (
        <Modal
          open
          title={t('doneTitle', { count: done.recordCount, id: done.id })}
          onCancel={() => setDone(null)}
          footer={<Button onClick={() => setDone(null)}>{t('close')}</Button>}
          width={620}
        >
          <div data-testid="archive-transfer-done">
            <Alert
              type="success"
              showIcon
              title={t('doneText', { files: done.fileCount, sha: done.packageSha256 })}
              style={{ marginBottom: 16, wordBreak: 'break-all' }}
            />
            <a href={transferPackageUrl(done.id)} download={done.fileName}>
              <DownloadOutlined aria-hidden /> {t('download', { name: done.fileName })}
            </a>
          </div>
        </Modal>
      ) : null}
    </>
  );
}
