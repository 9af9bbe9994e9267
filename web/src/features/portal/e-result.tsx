// The electronic result of one of the citizen's dossiers (issue 13 item 6): each result file the
// agency returned, to download, and its digital signature checked on request. The check itself is
// the signing feature's (composed in by src/app, `SignatureCheck`): the file is read from the
// citizen's own store URL, so nothing but their own result is sent for checking.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import type { ComponentType } from 'react';

import { ApiError, type Problem } from '../../shared/api/client';
import { useTranslate } from '../../shared/i18n/use-translate';
import { citizenFileUrl } from './online-api';
import { onlineMessages } from './online-i18n';

export interface ResultFile {
  id: string;
  name: string;
}

/** What checks a file's signatures: a button and the report it shows. */
export type SignatureCheckComponent = ComponentType<{
  load: () => Promise<Blob>;
  fileName: string;
  label: string;
}>;

async function readOwnFile(id: string): Promise<Blob> {
  const res = await fetch(citizenFileUrl(id), { credentials: 'same-origin' });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as Problem | null;
    throw new ApiError(
      problem ?? { type: 'about:blank', title: res.statusText, status: res.status },
    );
  }
  return res.blob();
}

/** The result files of a dossier, or nothing when it has none. */
export function EResults({
  files,
  SignatureCheck,
}: {
  files: ResultFile[];
  SignatureCheck?: SignatureCheckComponent;
}) {
  const t = useTranslate(onlineMessages);
  if (files.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="dossier-e-result">
      <Typography.Title level={2} style={{ fontSize: 20 }} id="dossier-e-result">
        {t('eResultTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('eResultIntro')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        {files.map((f) => (
          <Card size="small" key={f.id} data-testid="e-result">
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>{f.name}</Typography.Text>
              <Button icon={<DownloadOutlined />} href={citizenFileUrl(f.id)}>
                {t('eResultDownload')}
              </Button>
              {SignatureCheck ? (
                <SignatureCheck
                  load={() => readOwnFile(f.id)}
                  fileName={f.name}
                  label={t('eResultVerify')}
                />
              ) : null}
            </Space>
          </Card>
        ))}
      </Space>
    </section>
  );
}
