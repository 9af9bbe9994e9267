import { Alert, Button, Result } from 'antd';
import { Link } from 'react-router';

import { ApiError } from '../../../../shared/api/client';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { outgoingMessages } from '../i18n';
import { OUTGOING_PATH } from '../paths';

/** A document that could not be loaded: not found (or not visible: the same 404), or an error. */
export function LoadProblem({ error, onReload }: { error: unknown; onReload: () => void }) {
  const t = useTranslate(outgoingMessages);
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Result
        status="404"
        title={<h1 style={{ fontSize: 24 }}>{t('notFoundTitle')}</h1>}
        subTitle={t('notFoundText')}
        extra={<Link to={OUTGOING_PATH}>{t('backToList')}</Link>}
      />
    );
  }
  return (
    <>
      <h1 style={{ fontSize: 24 }}>{t('loadFailed')}</h1>
      <ErrorAlert error={error} />
      <Button style={{ marginTop: 16 }} onClick={onReload}>
        {t('reload')}
      </Button>
    </>
  );
}

/** 412: someone acted on the document first; nothing changed; reload and try again. */
export function StaleAlert({ onReload }: { onReload: () => void }) {
  const t = useTranslate(outgoingMessages);
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      title={t('staleTitle')}
      description={t('staleText')}
      action={
        <Button size="small" onClick={onReload}>
          {t('reload')}
        </Button>
      }
    />
  );
}

export const isStale = (error: unknown) => error instanceof ApiError && error.status === 412;
