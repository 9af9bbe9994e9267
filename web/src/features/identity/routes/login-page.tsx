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
      <section className="cqdt-auth-card" aria-labelledby="auth-title">
        <h1 id="auth-title" className="cqdt-auth-card__title">
          {t('loginTitle')}
        </h1>
        <p className="cqdt-muted">{t('loginIntro')}</p>
        <LoginForm
          realm="staff"
          onSuccess={(signedIn) =>
            navigate(signedIn.realm === 'staff' ? next : '/portal', { replace: true })
          }
        />
        <p className="cqdt-auth-card__footer">
          <Link to="/portal">{t('citizenPortalLink')}</Link>
        </p>
        <p className="cqdt-auth-card__footer">
          <Link to="/kiem-tra-chu-ky">{t('verifySignatureLink')}</Link>
        </p>
      </section>
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
