import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';

import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../shared/lib/use-document-title';

export default function ForbiddenPage() {
  const t = useTranslate(commonMessages);
  const navigate = useNavigate();
  useDocumentTitle(t('forbiddenTitle'), t('appName'));
  return (
    <Result
      status="403"
      title={<h1 className="cqdt-result-title">{t('forbiddenTitle')}</h1>}
      subTitle={t('forbiddenText')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('backHome')}
        </Button>
      }
    />
  );
}
