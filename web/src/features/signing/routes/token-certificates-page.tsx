import { CheckOutlined, DeleteOutlined } from '@ant-design/icons';
import { App as AntdApp, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';

import { errorMessage } from '../../../shared/api/error-message';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  type CertificateBinding,
  confirmCertificate,
  listAllCertificates,
  removeCertificate,
} from '../api/external';
import { formatVnDate, formatVnTime } from '../../../shared/lib/vn-time';
import { tokenMessages } from '../token-i18n';

/** Admin: the officials' USB token certificates, confirmed one by one before they can sign. */
export default function TokenCertificatesPage() {
  const t = useTranslate(tokenMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('adminTitle'), tc('appName'));
  const { message } = AntdApp.useApp();
  const list = useAsync((signal) => listAllCertificates(signal), []);

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(done);
      list.reload();
    } catch (error) {
      void message.error(errorMessage(error, tc));
    }
  };

  const columns: TableColumnsType<CertificateBinding> = [
    { title: t('colUser'), dataIndex: 'username', key: 'username' },
    { title: t('colSubject'), dataIndex: 'subject', key: 'subject' },
    { title: t('colIssuer'), dataIndex: 'issuer', key: 'issuer', responsive: ['lg'] },
    {
      title: t('colSerial'),
      dataIndex: 'serial',
      key: 'serial',
      responsive: ['xl'],
      render: (serial: string) => <Typography.Text code>{serial}</Typography.Text>,
    },
    {
      title: t('colValidUntil'),
      dataIndex: 'notAfter',
      key: 'notAfter',
      render: (iso: string) => formatVnDate(iso),
    },
    {
      title: t('colStatus'),
      dataIndex: 'status',
      key: 'status',
      render: (status: CertificateBinding['status']) =>
        status === 'confirmed' ? (
          <Tag color="success">{t('statusConfirmed')}</Tag>
        ) : (
          <Tag color="warning">{t('statusPending')}</Tag>
        ),
    },
    {
      title: `${t('colRegistered')} ${t('timeZone')}`,
      dataIndex: 'registeredAt',
      key: 'registeredAt',
      responsive: ['lg'],
      render: (iso: string) => formatVnTime(iso),
    },
    {
      title: t('colActions'),
      key: 'actions',
      render: (_: unknown, b: CertificateBinding) => (
        <Space wrap>
          {b.status === 'pending' ? (
            <Button
              type="primary"
              size="small"
              icon={<CheckOutlined aria-hidden />}
              onClick={() =>
                void act(() => confirmCertificate(b.id), t('confirmed', { user: b.username }))
              }
            >
              {t('confirm')}
            </Button>
          ) : null}
          <Popconfirm
            title={t('removeConfirm', { user: b.username })}
            okText={t('remove')}
            cancelText={t('cancel')}
            onConfirm={() => void act(() => removeCertificate(b.id), t('removed'))}
          >
            <Button danger size="small" icon={<DeleteOutlined aria-hidden />}>
              {t('remove')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('adminTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 760 }}>{t('adminLead')}</Typography.Paragraph>
      {list.error ? <ErrorAlert error={list.error} title={t('loadFailed')} /> : null}
      <Card>
        <Table<CertificateBinding>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          pagination={false}
          locale={{ emptyText: t('adminEmpty') }}
        />
      </Card>
    </>
  );
}
