// What the first page a browser opens needs, started before React and antd are evaluated
// (main.tsx calls preloadFirstPage, then imports the app). Without it the page is a waterfall:
// the entry's JavaScript, then the layout's chunk (once React renders the route), then the page's
// chunk (once the layout renders its outlet), then the page's data (once the page mounts). Here
// the route's chunks and its first GETs start together, while the entry's JavaScript is still
// being fetched and evaluated; the router's lazy() imports and the page's identical GETs take
// them (shared/api/client.ts, startEarlyGet).
//
// Keep this module light: it runs before everything else, so it imports only the API client.
import type { ComponentType } from 'react';

import { setRequestLanguage, startEarlyGet } from '../shared/api/client';
import { procedurePath } from '../shared/api/procedures';
import { readStoredLang } from '../shared/i18n/stored-lang';

/** A route's module: its import, and its component once that import has resolved. */
export interface RouteModule {
  load: () => Promise<{ default: ComponentType }>;
  loaded: ComponentType | undefined;
}

function routeModule(load: () => Promise<{ default: ComponentType }>): RouteModule {
  const route: RouteModule = {
    load: () =>
      load().then((module) => {
        route.loaded = module.default;
        return module;
      }),
    loaded: undefined,
  };
  return route;
}

// The route modules a first page may need: router.tsx renders these same modules (lazyRoute),
// at once when they are already here, without a loading state in between.
export const portalLayout = routeModule(() => import('./layouts/portal-layout'));
export const portalHomePage = routeModule(
  () => import('../features/portal/routes/portal-home-page'),
);
export const portalProceduresPage = routeModule(
  () => import('../features/portal/routes/procedures-page'),
);
export const portalProcedurePage = routeModule(
  () => import('../features/portal/routes/procedure-page'),
);
export const trackingPage = routeModule(() => import('../features/portal/routes/tracking-page'));
export const loginPage = routeModule(() => import('../features/identity/routes/login-page'));

/** The portal home page's one GET besides the session: the life events (portal-home-page.tsx). */
export const HOME_EVENTS_QUERY = { limit: 1 } as const;

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Starts the chunks and GETs of the page at `pathname`; anything else loads as before. */
export function preloadFirstPage(pathname: string): void {
  // Every page asks who is signed in (auth-provider.tsx), in the stored language.
  setRequestLanguage(readStoredLang());
  startEarlyGet('/auth/session');
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/portal') {
    void portalLayout.load();
    void portalHomePage.load();
    startEarlyGet('/procedures', HOME_EVENTS_QUERY);
  } else if (path === '/portal/thu-tuc') {
    void portalLayout.load();
    void portalProceduresPage.load();
  } else if (path.startsWith('/portal/thu-tuc/')) {
    const code = decoded(path.slice('/portal/thu-tuc/'.length));
    void portalLayout.load();
    void portalProcedurePage.load();
    if (code && !code.includes('/')) {
      startEarlyGet(procedurePath(code));
    }
  } else if (path === '/tra-cuu-ho-so') {
    void portalLayout.load();
    void trackingPage.load();
  } else if (path === '/login') {
    void loginPage.load();
  }
}
