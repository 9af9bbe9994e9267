import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';

import type { Role } from '../../shared/auth/types';
import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { PageLoader } from '../../shared/ui/page-loader';

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
