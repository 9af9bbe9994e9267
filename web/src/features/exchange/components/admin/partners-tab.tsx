// The hub's partners: member systems of other vendors and peer hubs, with what they serve, their
// signature policy and state; add, edit, and renew a member's secret (confirmed first, then shown
// once).
import { PlusOutlined } from '@ant-design/icons';
import { App as AntdApp, Button, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { exchangeAdminMessages } from '../../admin-i18n';
import { listPartners, rotateSecret } from '../../api/hub';
import type { Partner } from '../../api/types';
import { PartnerFormDrawer } from './partner-form';
import { SecretModal } from './secret-modal';

export function PartnersTab() {
  const t = useTranslate(exchangeAdminMessages);
  const { modal } = AntdApp.useApp();
  const list = useAsync((signal) => listPartners(signal), []);
  const [editing, setEditing] = useState<Partner | null | undefined>(undefined);
  const [shown, setShown] = useState<{ name: string; secret: string } | null>(null);
  const [error, setError] = useState<unknown>();

  const rotate = (p: Partner) => {
    modal.confirm({
      title: t('rotateConfirmTitle', { name: p.name }),
      content: t('rotateConfirmText'),
      okText: t('rotateOk'),
      cancelText: t('cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        setError(undefined);
        try {
          const renewed = await rotateSecret(p.id);
          if (renewed.secret) {
            setShown({ name: renewed.name, secret: renewed.secret });
          }
        } catch (reason) {
          setError(reason);
        }
      },
    });
  };

  const columns: TableColumnsType<Partner> = [
    {
      title: t('colName'),
      key: 'name',
      render: (_, p) => (
        <span>
          {p.name}
          <br />
          <span className="cqdt-muted">{p.code}</span>
        </span>
      ),
    },
    {
      title: t('colKind'),
      key: 'kind',
      render: (_, p) => (
        <Tag color={p.kind === 'peer' ? 'geekblue' : 'purple'}>{t(`kind_${p.kind}`)}</Tag>
      ),
    },
    {
      title: t('colAgencies'),
      key: 'agencies',
      render: (_, p) => (
        <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4, maxWidth: 320 }}>
          {p.agencies.map((a) => (
            <Tag key={a} style={{ marginInlineEnd: 0 }}>
              {a}
            </Tag>
          ))}
        </span>
      ),
    },
    {
      title: t('colPolicy'),
      key: 'policy',
      render: (_, p) => t(`policy_${p.signaturePolicy}`),
    },
    {
      title: t('colEnabled'),
      key: 'enabled',
      render: (_, p) =>
        p.enabled ? <Tag color="success">{t('enabled')}</Tag> : <Tag>{t('disabled')}</Tag>,
    },
    {
      title: t('colCreatedAt'),
      key: 'createdAt',
      render: (_, p) => formatVnTime(p.createdAt),
    },
    {
      title: t('colActions'),
      key: 'actions',
      render: (_, p) => (
        <Space wrap size="small">
          <Button
            size="small"
            aria-label={t('editPartnerOf', { name: p.name })}
            onClick={() => setEditing(p)}
          >
            {t('editPartner')}
          </Button>
          {p.kind === 'member' ? (
            <Button
              size="small"
              aria-label={t('rotateOf', { name: p.name })}
              onClick={() => rotate(p)}
            >
              {t('rotate')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing(null)}>
          {t('addPartner')}
        </Button>
      </div>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      {list.error ? (
        <Space direction="vertical">
          <ErrorAlert error={list.error} title={t('loadFailed')} />
          <Button onClick={list.reload}>{t('reload')}</Button>
        </Space>
      ) : (
        <Table<Partner>
          aria-label={t('partnersTable')}
          rowKey="id"
          size="small"
          loading={list.loading && !list.data}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState text={t('partnersEmpty')} /> }}
        />
      )}
      {editing !== undefined ? (
        <PartnerFormDrawer
          partner={editing}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            list.reload();
            if (saved.secret) {
              setShown({ name: saved.name, secret: saved.secret });
            }
          }}
        />
      ) : null}
      {shown ? (
        <SecretModal name={shown.name} secret={shown.secret} onClose={() => setShown(null)} />
      ) : null}
    </>
  );
}
