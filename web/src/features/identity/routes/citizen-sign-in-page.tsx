import { Card, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { LoginForm } from '../components/login-form';
import { identityMessages } from '../i18n';

export default function CitizenSignInPage() {
  const t = useTranslate(identityMessages);
  const tc = useTranslate(commonMessages);
  const navigate = useNavigate();
  useDocumentTitle(t('citizenSignInTitle'), tc('appName'));
  return (
    <Card className="cqdt-auth-card">
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('citizenSignInTitle')}
      </Typography.Title>
      <Typography.Paragraph className="cqdt-muted">{t('citizenSignInIntro')}</Typography.Paragraph>
      <LoginForm realm="citizen" onSuccess={() => navigate('/portal', { replace: true })} />
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
        {t('noAccount')} <Link to="/portal/sign-up">{t('signUpLink')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
