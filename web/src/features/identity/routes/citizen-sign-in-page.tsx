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
    <section className="cqdt-auth-card" aria-labelledby="auth-title">
      <h1 id="auth-title" className="cqdt-auth-card__title">
        {t('citizenSignInTitle')}
      </h1>
      <p className="cqdt-muted">{t('citizenSignInIntro')}</p>
      <LoginForm realm="citizen" onSuccess={() => navigate('/portal', { replace: true })} />
      <p className="cqdt-auth-card__footer">
        {t('noAccount')} <Link to="/portal/sign-up">{t('signUpLink')}</Link>
      </p>
    </section>
  );
}
