import { Button, Card, Col, Row, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';

import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { portalMessages } from '../i18n';

export default function PortalHomePage() {
  const t = useTranslate(portalMessages);
  const tc = useTranslate(commonMessages);
  const { user } = useAuth();
  const navigate = useNavigate();
  useDocumentTitle(t('title'), tc('appName'));
  const citizen = user?.realm === 'citizen' ? user : null;

  const services: { title: string; text: string; to?: string }[] = [
    { title: t('serviceSubmit'), text: t('serviceSubmitText') },
    { title: t('serviceTrack'), text: t('serviceTrackText'), to: '/tra-cuu-ho-so' },
    { title: t('serviceFeedback'), text: t('serviceFeedbackText') },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {citizen ? t('welcome', { name: citizen.fullName }) : t('title')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16 }}>
        {citizen ? t('welcomeText') : t('lead')}
      </Typography.Paragraph>
      {citizen ? null : (
        <Space wrap style={{ marginBottom: 24 }}>
          <Button type="primary" size="large" onClick={() => navigate('/portal/sign-up')}>
            {t('signUp')}
          </Button>
          <Button size="large" onClick={() => navigate('/portal/sign-in')}>
            {t('signIn')}
          </Button>
        </Space>
      )}
      <section aria-labelledby="portal-services">
        <Typography.Title level={2} id="portal-services" style={{ fontSize: 20 }}>
          {t('servicesTitle')}
        </Typography.Title>
        <Row gutter={[16, 16]}>
          {services.map((service) => (
            <Col key={service.title} xs={24} md={8}>
              <Card>
                <Typography.Title level={3} style={{ fontSize: 16, marginTop: 0 }}>
                  {service.to ? (
                    <Link to={service.to}>{service.title}</Link>
                  ) : (
                    <>
                      {service.title} <Tag>{t('comingSoon')}</Tag>
                    </>
                  )}
                </Typography.Title>
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  {service.text}
                </Typography.Paragraph>
              </Card>
            </Col>
          ))}
        </Row>
      </section>
    </>
  );
}
