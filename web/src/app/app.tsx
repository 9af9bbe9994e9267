import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { type ReactNode, useMemo } from 'react';
import { RouterProvider } from 'react-router';

import { AuthProvider } from '../shared/auth/auth-provider';
import { LanguageProvider } from '../shared/i18n/language-provider';
import { useLanguage } from '../shared/i18n/use-language';
import { useKeyboardScrollableTables } from '../shared/lib/use-keyboard-scrollable-tables';
import { usePrefersReducedMotion } from '../shared/lib/use-prefers-reduced-motion';
import { router } from './router';
import { theme } from './theme';

function AntdProvider({ children }: { children: ReactNode }) {
  const { lang } = useLanguage();
  const reduceMotion = usePrefersReducedMotion();
  const themeConfig = useMemo(
    () => (reduceMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme),
    [reduceMotion],
  );
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={themeConfig}>
      {children}
    </ConfigProvider>
  );
}

export function App() {
  useKeyboardScrollableTables();
  return (
    <LanguageProvider>
      <AntdProvider>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </AntdProvider>
    </LanguageProvider>
  );
}
