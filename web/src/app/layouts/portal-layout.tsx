import { App as AntdApp, Button } from 'antd';
import { lazy, Suspense } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';

import { PETITION_PATH } from '../../features/feedback/paths';
import { mailMenuMessages } from '../../features/mail/menu-i18n';
import { CITIZEN_MAIL_PREFERENCES_PATH } from '../../features/mail/paths';
import { errorMessage } from '../../shared/api/error-message';
import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { LanguageSwitch } from '../../shared/ui/language-switch';
import { MAIN_CONTENT_ID, SkipLink } from '../../shared/ui/skip-link';
import { appMessages } from '../app-messages';
import { CITIZEN_CHANGE_PASSWORD_PATH } from '../routes/paths';

import { CITIZEN_GUIDE_PATH } from './guide-link';

// Only a signed-in citizen has notifications: most visitors of the portal never load the bell
// (its drawer and its event stream), which keeps the public pages' first paint light.
const NotificationBell = lazy(() =>
  import('../../features/notify/components/notification-bell').then((m) => ({
    default: m.NotificationBell,
  })),
);

function PortalFrame() {
  const t = useTranslate(appMessages);
  const tc = useTranslate(commonMessages);
  const tMail = useTranslate(mailMenuMessages);
  const { user, logout } = useAuth();
  const { message } = AntdApp.useApp();
  const navigate = useNavigate();
  const citizen = user?.realm === 'citizen' ? user : null;

  const onLogout = async () => {
    try {
      await logout();
      navigate('/portal', { replace: true });
    } catch (error) {
      void message.error(errorMessage(error, tc));
    }
  };

  return (
    <div className="cqdt-public-shell">
      <SkipLink label={tc('skipToContent')} />
      <header className="cqdt-public-shell__header">
        <NavLink to="/portal" className="cqdt-brand" end>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('portalNav')}</span>
        </NavLink>
        <nav aria-label={t('portalNav')} className="cqdt-portal-nav">
          <NavLink to="/portal" end>
            {t('portalHome')}
          </NavLink>
          <NavLink to="/portal/thu-tuc">{t('portalProcedures')}</NavLink>
          <NavLink to="/tra-cuu-ho-so">{t('portalTracking')}</NavLink>
          <NavLink to="/portal/chi-so-766">{t('portalIndex766')}</NavLink>
          <NavLink to={PETITION_PATH}>{t('portalFeedback')}</NavLink>
          <NavLink to="/kiem-tra-chu-ky">{t('portalVerify')}</NavLink>
          {/* The guide is static pages beside the app (a plain link loads them). */}
          <a href={CITIZEN_GUIDE_PATH}>{t('userGuide')}</a>
          {citizen ? (
            <>
              <NavLink to="/portal/ho-so-cua-toi">{t('portalMyDossiers')}</NavLink>
              <NavLink to="/portal/kho-du-lieu">{t('portalDocumentStore')}</NavLink>
            </>
          ) : (
            <>
              <NavLink to="/portal/sign-up">{t('portalSignUp')}</NavLink>
              <NavLink to="/portal/sign-in">{t('portalSignIn')}</NavLink>
              <NavLink to="/login">{t('portalStaff')}</NavLink>
            </>
          )}
        </nav>
        <div className="cqdt-portal-actions">
          {citizen ? (
            <>
              <Suspense fallback={null}>
                <NotificationBell />
              </Suspense>
              <span className="cqdt-staff-header__user-name">{citizen.fullName}</span>
              <NavLink to={CITIZEN_MAIL_PREFERENCES_PATH}>{tMail('preferencesShort')}</NavLink>
              {citizen.hasPassword === false ? null : (
                <NavLink to={CITIZEN_CHANGE_PASSWORD_PATH}>{t('changePassword')}</NavLink>
              )}
              <Button onClick={() => void onLogout()}>{t('logout')}</Button>
            </>
          ) : null}
          <LanguageSwitch size="small" />
        </div>
      </header>
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="cqdt-public-shell__main">
        <Outlet />
      </main>
      <footer className="cqdt-public-shell__footer">{t('footer')}</footer>
    </div>
  );
}

export default function PortalLayout() {
  return (
    <AntdApp>
      <PortalFrame />
    </AntdApp>
  );
}
