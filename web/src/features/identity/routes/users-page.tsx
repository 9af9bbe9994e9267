import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';

import { errorMessage } from '../../../shared/api/error-message';
import { roleMessages } from '../../../shared/auth/role-messages';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import type { Id, User } from '../api/types';
import { listAgencyOptions, listUsers, updateUser } from '../api/users';
import { ResetPasswordModal } from '../components/reset-password-modal';
import { UserFormDrawer } from '../components/user-form-drawer';
import { identityMessages } from '../i18n';

export default function UsersPage() {
  const t = useTranslate(identityMessages);
  const tc = useTranslate(commonMessages);
  const tr = useTranslate(roleMessages);
  const { message } = App.useApp();
  useDocumentTitle(t('usersTitle'), tc('appName'));

  const [query, setQuery] = useState('');
  const [agencyFilter, setAgencyFilter] = useState<Id | undefined>(undefined);
  const [editing, setEditing] = useState<User | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);

  const users = useAsync(
    (signal) => listUsers({ q: query, agencyId: agencyFilter }, signal),
    [query, agencyFilter],
  );
  const agencies = useAsync((signal) => listAgencyOptions(signal), []);
  const agencyItems = useMemo(() => agencies.data?.items ?? [], [agencies.data]);

  const toggleDisabled = async (user: User) => {
    try {
      await updateUser(user.id, { disabled: !user.disabled });
      void message.success(user.disabled ? t('userEnabled') : t('userDisabled'));
      users.reload();
    } catch (error) {
      void message.error(errorMessage(error, tc));
    }
  };

  const columns: TableColumnsType<User> = [
    { title: t('username'), dataIndex: 'username', key: 'username', width: 160 },
    { title: t('fullName'), dataIndex: 'fullName', key: 'fullName' },
    { title: t('agency'), dataIndex: 'agencyName', key: 'agencyName' },
    { title: t('position'), dataIndex: 'position', key: 'position', responsive: ['lg'] },
    {
      title: t('roles'),
      dataIndex: 'roles',
      key: 'roles',
      render: (roles: User['roles']) => (
        <Space size={[4, 4]} wrap>
          {roles.map((role) => (
            <Tag key={role} color={role === 'admin' ? 'purple' : 'blue'}>
              {tr(role)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('status'),
      dataIndex: 'disabled',
      key: 'disabled',
      width: 140,
      render: (disabled: boolean, user) => (
        <Space size={4} wrap>
          {disabled ? <Tag>{t('disabled')}</Tag> : <Tag color="success">{t('active')}</Tag>}
          {user.passwordChangeRequired ? (
            <Tag color="warning">{t('mustChangePassword')}</Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: tc('actions'),
      key: 'actions',
      width: 340,
      render: (_value, user) => (
        <Space size={0} wrap>
          <Button
            type="link"
            onClick={() => {
              setEditing(user);
              setDrawerOpen(true);
            }}
            aria-label={`${tc('edit')} ${user.username}`}
          >
            {tc('edit')}
          </Button>
          <Button
            type="link"
            icon={<KeyOutlined aria-hidden />}
            onClick={() => setResetting(user)}
            aria-label={`${t('resetPassword')} ${user.username}`}
          >
            {t('resetPassword')}
          </Button>
          <Popconfirm
            title={
              user.disabled
                ? t('enableConfirm', { username: user.username })
                : t('disableConfirm', { username: user.username })
            }
            okText={tc('yes')}
            cancelText={tc('no')}
            onConfirm={() => toggleDisabled(user)}
          >
            <Button
              type="link"
              danger={!user.disabled}
              aria-label={`${user.disabled ? t('enable') : t('disable')} ${user.username}`}
            >
              {user.disabled ? t('enable') : t('disable')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('usersTitle')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined aria-hidden />}
          onClick={() => {
            setEditing(null);
            setDrawerOpen(true);
          }}
        >
          {t('addUser')}
        </Button>
      </div>
      <div role="search" className="cqdt-filter-bar">
        <Input.Search
          allowClear
          aria-label={t('usersSearch')}
          placeholder={t('usersSearch')}
          onSearch={(value) => setQuery(value.trim())}
          style={{ maxWidth: 360 }}
        />
        <Select
          allowClear
          aria-label={t('usersFilterAgency')}
          placeholder={t('allAgencies')}
          value={agencyFilter}
          onChange={(value: Id | undefined) => setAgencyFilter(value)}
          loading={agencies.loading}
          showSearch={{ optionFilterProp: 'label' }}
          options={agencyItems.map((agency) => ({ value: agency.id, label: agency.name }))}
          style={{ minWidth: 280 }}
        />
      </div>
      {users.error ? <ErrorAlert error={users.error} /> : null}
      {agencies.error ? (
        <ErrorAlert error={agencies.error} title={t('loadAgenciesFailed')} />
      ) : null}
      <Table<User>
        rowKey="id"
        loading={users.loading}
        columns={columns}
        dataSource={users.data?.items ?? []}
        scroll={{ x: 960 }}
        pagination={{
          pageSize: 20,
          showSizeChanger: true,
          showTotal: (total) => t('usersCount', { count: total }),
        }}
        aria-label={t('usersTable')}
        locale={{ emptyText: <EmptyState text={t('usersEmpty')} /> }}
      />
      <UserFormDrawer
        open={drawerOpen}
        user={editing}
        agencies={agencyItems}
        onClose={() => setDrawerOpen(false)}
        onSaved={() => {
          setDrawerOpen(false);
          users.reload();
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
