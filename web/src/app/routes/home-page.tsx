import { ApartmentOutlined, AuditOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router';

import { roleMessages } from '../../shared/auth/role-messages';
import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { appMessages } from '../app-messages';

export default function HomePage() {
  const { user, hasRole } = useAuth();
  const t = useTranslate(appMessages);
  const tc = useTranslate(commonMessages);
  const tr = useTranslate(roleMessages);
  useDocumentTitle(t('homeTitle'), tc('appName'));
  if (!user) {
    return null;
  }
  const shortcuts = hasRole('admin')
    ? [
        {
          to: '/admin/agencies',
          icon: <ApartmentOutlined aria-hidden />,
          label: t('menuAgencies'),
        },
        { to: '/admin/users', icon: <TeamOutlined aria-hidden />, label: t('menuUsers') },
        { to: '/admin/audit', icon: <AuditOutlined aria-hidden />, label: t('menuAudit') },
      ]
    : [];
  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('homeWelcome', { name: user.fullName })}
        </Typography.Title>
      </div>
      <Typography.Paragraph>{t('homeIntro')}</Typography.Paragraph>
      <Card>
        <Descriptions column={1} size="small">
          {user.agencyName ? (
            <Descriptions.Item label={t('homeAgencyLabel')}>{user.agencyName}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('homeRoles')}>
            {user.roles.map((role) => (
              <Tag key={role}>{tr(role)}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {shortcuts.length > 0 ? (
        <section aria-labelledby="home-shortcuts" style={{ marginTop: 24 }}>
          <Typography.Title level={2} id="home-shortcuts" style={{ fontSize: 18 }}>
            {t('homeShortcuts')}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            {shortcuts.map((item) => (
              <Col key={item.to} xs={24} sm={12} md={8}>
                <Link to={item.to}>
                  <Card hoverable>
                    <span style={{ fontSize: 20, marginInlineEnd: 12 }}>{item.icon}</span>
                    {item.label}
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </section>
      ) : null}
    </>
  );
}
