// The e-mail accounts stored in the system: the default one and those of agencies, with the
// server each sends through and the mailbox it reads; add, edit, remove (confirmed), and send a
// test e-mail through one. Passwords never come back from the server: the table says only that
// one is stored.
import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { App as AntdApp, Button, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';

import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  isMailOff,
  listAccounts,
  listAgencyOptions,
  type MailAccount,
  removeAccount,
} from '../api';
import { mailAdminMessages } from '../i18n';
import { AccountFormDrawer } from './account-form';
import { MailLoadError } from './mail-load-error';
import { TestMailModal } from './test-mail-modal';

export function AccountsTab() {
  const t = useTranslate(mailAdminMessages);
  const { lang } = useLanguage();
  const { message, modal } = AntdApp.useApp();
  const list = useAsync((signal) => listAccounts(signal), [lang]);
  const off = isMailOff(list.error);
  const agencies = useAsync((signal) => listAgencyOptions(signal), [], !off);
  const [editing, setEditing] = useState<MailAccount | null | undefined>(undefined);
  const [testing, setTesting] = useState<number | null>(null);
  const [error, setError] = useState<unknown>();
  const accounts = useMemo(() => list.data?.items ?? [], [list.data]);
  const taken = useMemo(() => new Set(accounts.map((a) => a.agencyId)), [accounts]);
  const nameOf = (a: MailAccount) => a.agencyName || t('defaultAgency');

  const remove = (a: MailAccount) => {
    modal.confirm({
      title: t('removeConfirmTitle', { name: nameOf(a) }),
      content: t('removeConfirmText'),
      okText: t('remove'),
      cancelText: t('cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        setError(undefined);
        try {
          await removeAccount(a.agencyId);
          void message.success(t('removed'));
          list.reload();
        } catch (reason) {
          setError(reason);
        }
      },
    });
  };

  const server = (host: string, port: number, tls: string) => (
    <span className="cqdt-mail-break">
      {host}:{port}
      <br />
      <span className="cqdt-muted">{t(`tls_${tls}` as 'tls_tls')}</span>
    </span>
  );

  const columns: TableColumnsType<MailAccount> = [
    { title: t('colAgency'), key: 'agency', render: (_, a) => nameOf(a) },
    {
      title: t('colFrom'),
      key: 'from',
      render: (_, a) => (
        <span className="cqdt-mail-break">
          {a.fromName}
          <br />
          <span className="cqdt-muted">{a.fromAddress}</span>
        </span>
      ),
    },
    {
      title: t('colSmtp'),
      key: 'smtp',
      render: (_, a) => (
        <>
          {server(a.smtpHost, a.smtpPort, a.smtpTls)}
          {a.smtpHasPassword ? (
            <>
              <br />
              <Tag color="success" style={{ marginTop: 4 }}>
                {t('passwordStored')}
              </Tag>
            </>
          ) : null}
        </>
      ),
    },
    {
      title: t('colImap'),
      key: 'imap',
      render: (_, a) =>
        a.imapHost ? (
          <>
            {server(a.imapHost, a.imapPort, a.imapTls)}
            <br />
            <span className="cqdt-muted cqdt-mail-break">
              {a.imapFolder} → {a.imapDoneFolder}
            </span>
          </>
        ) : (
          <span className="cqdt-muted">{t('noImap')}</span>
        ),
    },
    {
      title: t('colEnabled'),
      key: 'enabled',
      render: (_, a) =>
        a.enabled ? <Tag color="success">{t('enabled')}</Tag> : <Tag>{t('disabled')}</Tag>,
    },
    {
      title: t('colUpdated'),
      key: 'updated',
      render: (_, a) => (
        <>
          {formatVnTime(a.updatedAt)}
          {a.updatedBy ? (
            <>
              <br />
              <span className="cqdt-muted">{t('updatedBy', { name: a.updatedBy })}</span>
            </>
          ) : null}
        </>
      ),
    },
    {
      title: t('colActions'),
      key: 'actions',
      render: (_, a) => (
        <Space wrap size="small">
          <Button
            size="small"
            aria-label={t('editOf', { name: nameOf(a) })}
            onClick={() => setEditing(a)}
          >
            {t('edit')}
          </Button>
          <Button
            size="small"
            aria-label={t('testMailOf', { name: nameOf(a) })}
            onClick={() => setTesting(a.agencyId)}
          >
            {t('testMail')}
          </Button>
          <Button
            size="small"
            danger
            aria-label={t('removeOf', { name: nameOf(a) })}
            onClick={() => remove(a)}
          >
            {t('remove')}
          </Button>
        </Space>
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
      <p className="cqdt-muted">{t('accountsNote')}</p>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing(null)}>
          {t('addAccount')}
        </Button>
        <Button icon={<SendOutlined aria-hidden />} onClick={() => setTesting(0)}>
          {t('testMail')}
        </Button>
      </Space>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      {agencies.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={agencies.error} title={t('loadFailed')} />
        </div>
      ) : null}
      <Table<MailAccount>
        aria-label={t('accountsTable')}
        rowKey="agencyId"
        size="small"
        loading={list.loading && !list.data}
        columns={columns}
        dataSource={accounts}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <EmptyState text={t('accountsEmpty')} /> }}
      />
      {editing !== undefined ? (
        <AccountFormDrawer
          account={editing}
          agencies={agencies.data?.items ?? []}
          taken={taken}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            list.reload();
          }}
        />
      ) : null}
      {testing !== null ? (
        <TestMailModal
          accounts={accounts.map((a) => ({ agencyId: a.agencyId, name: nameOf(a) }))}
          agencyId={testing}
          onClose={() => setTesting(null)}
        />
      ) : null}
    </>
  );
}
