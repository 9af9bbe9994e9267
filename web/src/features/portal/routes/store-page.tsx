// "Kho dữ liệu" (/portal/kho-du-lieu, issue 13 item 3): the citizen's document store — the
// documents of their dossiers, the results returned, and the files they added — each downloadable
// by its owner only, reused in a new dossier without uploading it again (Decision 766).
import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useId, useState } from 'react';

import { errorMessage } from '../../../shared/api/error-message';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { ACCEPT } from '../document-picker';
import { citizenFileUrl, listStore, removeCitizenFile, uploadCitizenFile } from '../online-api';
import { minutes } from '../online-format';
import { onlineMessages } from '../online-i18n';
import '../portal.css';

export default function StorePage() {
  const t = useTranslate(onlineMessages);
  const tc = useTranslate(commonMessages);
  const { message } = App.useApp();
  useDocumentTitle(t('storeTitle'), tc('appName'));
  const inputId = useId();
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const store = useAsync((signal) => listStore(signal), [version]);

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) {
      return;
    }
    setBusy(true);
    setFailure('');
    try {
      for (const file of Array.from(files)) {
        const f = await uploadCitizenFile(file, true);
        void message.success(t('storeAdded', { name: f.name }));
      }
    } catch (caught) {
      setFailure(errorMessage(caught, tc));
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
    }
  };

  const remove = async (id: string) => {
    setFailure('');
    try {
      await removeCitizenFile(id);
      void message.success(t('storeRemoved'));
      setVersion((v) => v + 1);
    } catch (caught) {
      setFailure(errorMessage(caught, tc));
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('storeTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 760 }}>{t('storeLead')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <span className="cqdt-eform-upload-wrap">
          <input
            id={inputId}
            type="file"
            multiple
            accept={ACCEPT}
            disabled={busy}
            className="cqdt-visually-hidden-file"
            onChange={(e) => {
              void add(e.target.files);
              e.target.value = '';
            }}
          />
          <label htmlFor={inputId} className="cqdt-eform-upload">
            <UploadOutlined aria-hidden /> {t('storeAdd')}
          </label>
        </span>
        {busy ? <span aria-live="polite">{t('uploading')}</span> : null}
      </Space>
      <Typography.Paragraph type="secondary">{t('documentsLead')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon role="alert" title={failure} /> : null}
      {store.error ? <ErrorAlert error={store.error} title={t('loadFailed')} /> : null}
      <List
        loading={store.loading}
        dataSource={store.data?.items ?? []}
        locale={{ emptyText: <EmptyState text={t('storeEmpty')} /> }}
        renderItem={(f) => (
          <List.Item key={f.id}>
            <Card size="small" style={{ width: '100%' }} data-file={f.id}>
              <Typography.Text strong style={{ wordBreak: 'break-word' }}>
                {f.name}
              </Typography.Text>
              <div>
                <Tag>{t(`source_${f.source}`)}</Tag>
                <Typography.Text type="secondary">
                  {t('sizeKb', { size: Math.max(1, Math.round(f.size / 1024)) })} ·{' '}
                  {minutes(f.addedAt)}
                </Typography.Text>
              </div>
              {f.dossier ? (
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {t('fromDossier', {
                    code: f.dossier.code,
                    document: f.dossier.documentName || f.dossier.procedureName,
                  })}
                </Typography.Paragraph>
              ) : null}
              <Space wrap style={{ marginTop: 8 }}>
                <Button
                  size="small"
                  icon={<DownloadOutlined aria-hidden />}
                  href={citizenFileUrl(f.id)}
                  aria-label={t('download', { name: f.name })}
                >
                  {t('downloadButton')}
                </Button>
                {f.source === 'store' ? (
                  <Popconfirm
                    title={t('storeRemoveConfirm', { name: f.name })}
                    okText={t('yes')}
                    cancelText={t('cancel')}
                    onConfirm={() => void remove(f.id)}
                  >
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined aria-hidden />}
                      aria-label={t('storeRemove', { name: f.name })}
                    />
                  </Popconfirm>
                ) : null}
              </Space>
            </Card>
          </List.Item>
        )}
      />
      <Typography.Paragraph type="secondary">{t('timeNote')}</Typography.Paragraph>
    </>
  );
}
