import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';

import type { Role } from '../../shared/auth/types';
import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { PageLoader } from '../../shared/ui/page-loader';
import { CHANGE_PASSWORD_PATH } from './paths';

const ForbiddenPage = lazy(() => import('./forbidden-page'));

/** Staff workspace: signed-in staff only; others go to the login page (or the citizen portal). */
export function RequireStaff({ children }: { children: ReactNode }) {
  const { status, user, signOutReason } = useAuth();
  const location = useLocation();
  const t = useTranslate(commonMessages);
  if (status === 'loading') {
    return <PageLoader label={t('loading')} />;
  }
  if (!user) {
    // After "Đăng xuất" the next person starts from the home page; when a session expired, the
    // same person comes back to where they were.
    const next = `${location.pathname}${location.search}`;
    const target =
      next === '/' || signOutReason === 'logout'
        ? '/login'
        : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  if (user.realm !== 'staff') {
    return <Navigate to="/portal" replace />;
  }
  // A password an administrator chose: the server refuses everything else until the person has
  // chosen their own, so the workspace shows only the change-password page, then comes back.
  if (user.passwordChangeRequired && location.pathname !== CHANGE_PASSWORD_PATH) {
    const next = `${location.pathname}${location.search}`;
    const target =
      next === '/'
        ? CHANGE_PASSWORD_PATH
        : `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  return <>{children}</>;
}

/** Portal pages for a signed-in citizen; others go to the citizen sign-in page. */
export function RequireCitizen({ children }: { children: ReactNode }) {
  const { status, user } = useAuth();
  const t = useTranslate(commonMessages);
  if (status === 'loading') {
    return <PageLoader label={t('loading')} />;
  }
  if (user?.realm !== 'citizen') {
    return <Navigate to="/portal/sign-in" replace />;
  }
  return <>{children}</>;
}

/** Screens for some roles only. The server checks too; this only spares a useless screen. */
export function RequireRole({ roles }: { roles: Role[] }) {
  const { hasRole } = useAuth();
  const t = useTranslate(commonMessages);
  if (!hasRole(...roles)) {
    return (
      <Suspense fallback={<PageLoader label={t('loading')} />}>
        <ForbiddenPage />
      </Suspense>
    );
  }
  return <Outlet />;
}
