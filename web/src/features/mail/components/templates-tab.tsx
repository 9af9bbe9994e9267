// The e-mail templates, one per kind of notice (citizens', officials', the daily digest, the
// test e-mail and the fallback for other notices): who receives it, whether the law requires it,
// whether an administrator changed it; each opens in the editor.
import { Button, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import { listTemplates, type MailTemplate } from '../api';
import { mailAdminMessages } from '../i18n';
import { MailLoadError } from './mail-load-error';
import { TemplateEditor } from './template-editor';

export function TemplatesTab() {
  const t = useTranslate(mailAdminMessages);
  const { lang } = useLanguage();
  const list = useAsync((signal) => listTemplates(signal), [lang]);
  const [editing, setEditing] = useState<MailTemplate | null>(null);

  const columns: TableColumnsType<MailTemplate> = [
    {
      title: t('colTemplate'),
      key: 'name',
      render: (_, m) => (
        <>
          {m.name}
          <br />
          <span className="cqdt-mail-code">{m.kind}</span>
        </>
      ),
    },
    {
      title: t('colAudience'),
      key: 'audience',
      render: (_, m) => (
        <>
          {t(`audience_${m.audience}`)}
          {m.required ? (
            <>
              <br />
              <Tag color="warning" style={{ marginTop: 4 }}>
                {t('required')}
              </Tag>
            </>
          ) : null}
        </>
      ),
    },
    {
      title: t('colTemplateState'),
      key: 'state',
      render: (_, m) =>
        m.customised ? (
          <>
            <Tag color="blue">{t('customised')}</Tag>
            <br />
            <span className="cqdt-muted">
              {formatVnTime(m.updatedAt)}
              {m.updatedBy ? ` ${t('updatedBy', { name: m.updatedBy })}` : ''}
            </span>
          </>
        ) : (
          <Tag>{t('defaultTemplate')}</Tag>
        ),
    },
    {
      title: t('colActions'),
      key: 'actions',
      render: (_, m) => (
        <Button
          size="small"
          aria-label={t('editTemplateOf', { name: m.name })}
          onClick={() => setEditing(m)}
        >
          {t('editTemplate')}
        </Button>
      ),
    },
  ];

  if (list.error) {
    return (
      <MailLoadError
        error={list.error}
        offTitle={t('offTitle')}
        offText={t('offText')}
        title={t('loadFailed')}
        reloadLabel={t('reload')}
        onReload={list.reload}
      />
    );
  }

  return (
    <>
      <Typography.Paragraph>{t('templatesIntro')}</Typography.Paragraph>
      <Table<MailTemplate>
        aria-label={t('templatesTable')}
        rowKey="kind"
        size="small"
        loading={list.loading && !list.data}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <EmptyState text={t('templatesEmpty')} /> }}
      />
      {editing ? (
        <TemplateEditor
          template={editing}
          onClose={() => setEditing(null)}
          onChanged={() => list.reload()}
        />
      ) : null}
    </>
  );
}
