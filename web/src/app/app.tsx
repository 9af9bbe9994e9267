import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { type ReactNode, useMemo } from 'react';
import { RouterProvider } from 'react-router';

import { AuthProvider } from '../shared/auth/auth-provider';
import { commonMessages } from '../shared/i18n/common-messages';
import { LanguageProvider } from '../shared/i18n/language-provider';
import { useLanguage } from '../shared/i18n/use-language';
import { useTranslate } from '../shared/i18n/use-translate';
import { useKeyboardScrollableTables } from '../shared/lib/use-keyboard-scrollable-tables';
import { usePrefersReducedMotion } from '../shared/lib/use-prefers-reduced-motion';
import { EmptyState } from '../shared/ui/empty-state';
import { router } from './router';
import { theme } from './theme';

function AntdProvider({ children }: { children: ReactNode }) {
  const { lang } = useLanguage();
  const t = useTranslate(commonMessages);
  const reduceMotion = usePrefersReducedMotion();
  const themeConfig = useMemo(
    () => (reduceMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme),
    [reduceMotion],
  );
  return (
    <ConfigProvider
      locale={lang === 'vi' ? viVN : enUS}
      theme={themeConfig}
      // Never antd's bare "Trống" / "No data" (nor its picture's English title): a table says what
      // would be listed (each table should pass its own `locale.emptyText`; this is the fallback),
      // a search list that nothing matches.
      renderEmpty={(componentName) =>
        componentName === 'Table' ? (
          <EmptyState text={t('emptyTable')} />
        ) : (
          <div className="cqdt-empty-option">{t('emptyOptions')}</div>
        )
      }
    >
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
