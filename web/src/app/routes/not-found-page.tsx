import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';

import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { PublicShell } from '../../shared/ui/public-shell';
import { LanguageSwitch } from '../../shared/ui/language-switch';
import { appMessages } from '../app-messages';

export default function NotFoundPage() {
  const t = useTranslate(appMessages);
  const tc = useTranslate(commonMessages);
  const navigate = useNavigate();
  useDocumentTitle(t('notFoundTitle'), tc('appName'));
  return (
    <PublicShell
      appName={tc('appName')}
      skipLabel={tc('skipToContent')}
      headerExtra={<LanguageSwitch size="small" />}
    >
      <Result
        status="404"
        title={<h1 className="cqdt-result-title">{t('notFoundTitle')}</h1>}
        subTitle={t('notFoundText')}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            {tc('backHome')}
          </Button>
        }
      />
    </PublicShell>
  );
}
