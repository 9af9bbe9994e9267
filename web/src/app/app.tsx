import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import type { ReactNode } from 'react';
import { RouterProvider } from 'react-router';

import { AuthProvider } from '../shared/auth/auth-provider';
import { LanguageProvider } from '../shared/i18n/language-provider';
import { useLanguage } from '../shared/i18n/use-language';
import { router } from './router';
import { theme } from './theme';

function AntdProvider({ children }: { children: ReactNode }) {
  const { lang } = useLanguage();
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={theme}>
      {children}
    </ConfigProvider>
  );
}

export function App() {
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
