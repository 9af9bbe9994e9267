import { Card, Typography } from 'antd';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';

import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { safeRedirectPath } from '../../../shared/lib/safe-redirect';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { LanguageSwitch } from '../../../shared/ui/language-switch';
import { PageLoader } from '../../../shared/ui/page-loader';
import { PublicShell } from '../../../shared/ui/public-shell';
import { LoginForm } from '../components/login-form';
import { identityMessages } from '../i18n';

export default function LoginPage() {
  const t = useTranslate(identityMessages);
  const tc = useTranslate(commonMessages);
  const { status, user } = useAuth();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeRedirectPath(searchParams.get('next'), '/');
  useDocumentTitle(t('loginTitle'), tc('appName'));

  let content;
  if (status === 'loading') {
    content = <PageLoader label={tc('loading')} />;
  } else if (user?.realm === 'staff') {
    content = <Navigate to={next} replace />;
  } else {
    content = (
      <Card className="cqdt-auth-card">
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('loginTitle')}
        </Typography.Title>
        <Typography.Paragraph className="cqdt-muted">{t('loginIntro')}</Typography.Paragraph>
        <LoginForm
          realm="staff"
          onSuccess={(signedIn) =>
            navigate(signedIn.realm === 'staff' ? next : '/portal', { replace: true })
          }
        />
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          <Link to="/portal">{t('citizenPortalLink')}</Link>
        </Typography.Paragraph>
      </Card>
    );
  }

  return (
    <PublicShell
      appName={tc('appName')}
      skipLabel={tc('skipToContent')}
      headerExtra={<LanguageSwitch size="small" />}
    >
      {content}
    </PublicShell>
  );
}
