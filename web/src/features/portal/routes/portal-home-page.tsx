import { Button, Card, Col, Row, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';

import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { listProcedures } from '../../../shared/api/procedures';
import { portalMessages } from '../i18n';
import { lifeEventPath, PETITION_PATH, PORTAL_PROCEDURES_PATH, TRACKING_PATH } from '../paths';
import { ProcedureSearch } from '../procedure-search';
import '../portal.css';

export default function PortalHomePage() {
  const t = useTranslate(portalMessages);
  const tc = useTranslate(commonMessages);
  const { user } = useAuth();
  const navigate = useNavigate();
  const { lang } = useLanguage();
  useDocumentTitle(t('title'), tc('appName'));
  const citizen = user?.realm === 'citizen' ? user : null;
  // The life events with their counts (the list's facet; one procedure is enough to read it).
  const events = useAsync((signal) => listProcedures({ limit: 1 }, signal), [lang]);

  const services: { title: string; text: string; to: string }[] = [
    { title: t('serviceProcedures'), text: t('serviceProceduresText'), to: PORTAL_PROCEDURES_PATH },
    // Online submission starts from a procedure's page ("Nộp trực tuyến").
    { title: t('serviceSubmit'), text: t('serviceSubmitText'), to: PORTAL_PROCEDURES_PATH },
    { title: t('serviceTrack'), text: t('serviceTrackText'), to: TRACKING_PATH },
    { title: t('serviceFeedback'), text: t('serviceFeedbackText'), to: PETITION_PATH },
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
      <ProcedureSearch
        id="portal-home-q"
        label={t('searchLabel')}
        placeholder={t('searchPlaceholder')}
        button={t('searchButton')}
        onSearch={(q) =>
          navigate(
            q ? `${PORTAL_PROCEDURES_PATH}?q=${encodeURIComponent(q)}` : PORTAL_PROCEDURES_PATH,
          )
        }
      />
      {events.data && events.data.lifeEvents.length > 0 ? (
        <section aria-labelledby="portal-home-events" className="cqdt-portal-section">
          <Typography.Title level={2} id="portal-home-events" style={{ fontSize: 20 }}>
            {t('eventsTitle')}
          </Typography.Title>
          <ul className="cqdt-portal-event-links">
            {events.data.lifeEvents.map((e) => (
              <li key={e.code}>
                <Link to={lifeEventPath(e.code)}>{e.label}</Link>
                <span className="cqdt-portal-note"> {t('eventCount', { count: e.count })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="portal-services">
        <Typography.Title level={2} id="portal-services" style={{ fontSize: 20 }}>
          {t('servicesTitle')}
        </Typography.Title>
        <Row gutter={[16, 16]}>
          {services.map((service) => (
            <Col key={service.title} xs={24} md={12} lg={6}>
              <Card>
                <Typography.Title level={3} style={{ fontSize: 16, marginTop: 0 }}>
                  <Link to={service.to}>{service.title}</Link>
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
