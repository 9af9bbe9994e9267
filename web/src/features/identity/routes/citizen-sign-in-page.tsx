import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Divider } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { getOidcStatus, type OidcError, oidcErrorOf, oidcStartHref } from '../api/oidc';
import { LoginForm } from '../components/login-form';
import { identityMessages } from '../i18n';

const ERROR_KEYS = {
  unavailable: 'oidcErrorUnavailable',
  state: 'oidcErrorState',
  expired: 'oidcErrorExpired',
  denied: 'oidcErrorDenied',
  token: 'oidcErrorToken',
  claim: 'oidcErrorClaim',
  disabled: 'oidcErrorDisabled',
  rate: 'oidcErrorRate',
} as const satisfies Record<OidcError, string>;

export default function CitizenSignInPage() {
  const t = useTranslate(identityMessages);
  const tc = useTranslate(commonMessages);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  useDocumentTitle(t('citizenSignInTitle'), tc('appName'));
  // Sign-in through the national identity platform, when this instance has a provider; the
  // page works the same without it.
  const oidc = useAsync((signal) => getOidcStatus(signal), []);
  // A refused sign-in at the provider comes back here with its code (?loi=).
  const oidcError = oidcErrorOf(params.get('loi'));
  const status = oidc.data?.enabled ? oidc.data : null;
  return (
    <section className="cqdt-auth-card" aria-labelledby="auth-title">
      <h1 id="auth-title" className="cqdt-auth-card__title">
        {t('citizenSignInTitle')}
      </h1>
      {oidcError ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('oidcFailed')}
          description={t(ERROR_KEYS[oidcError])}
        />
      ) : null}
      {status ? (
        <>
          <Button
            href={oidcStartHref(status, '/portal')}
            size="large"
            block
            icon={<SafetyCertificateOutlined aria-hidden />}
            style={{ whiteSpace: 'normal', height: 'auto', paddingBlock: 8 }}
          >
            {t('oidcButton', { provider: status.providerName })}
          </Button>
          <p className="cqdt-muted" style={{ marginTop: 8 }}>
            {t('oidcHint', { provider: status.providerName })}
          </p>
          <Divider plain>{t('oidcOr')}</Divider>
        </>
      ) : null}
      <p className="cqdt-muted">{t('citizenSignInIntro')}</p>
      <LoginForm realm="citizen" onSuccess={() => navigate('/portal', { replace: true })} />
      <p className="cqdt-auth-card__footer">
        {t('noAccount')} <Link to="/portal/sign-up">{t('signUpLink')}</Link>
      </p>
    </section>
  );
}
