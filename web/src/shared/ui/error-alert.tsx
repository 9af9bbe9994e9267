import { Alert } from 'antd';

import { ApiError, type FieldError } from '../api/client';
import { errorMessage } from '../api/error-message';
import { commonMessages } from '../i18n/common-messages';
import { useTranslate } from '../i18n/use-translate';

/** An alert for a failed request: the server's message, leftover field errors, the request id. */
export function ErrorAlert({
  error,
  extraErrors = [],
  title,
}: {
  error: unknown;
  extraErrors?: FieldError[];
  title?: string;
}) {
  const t = useTranslate(commonMessages);
  if (!error) {
    return null;
  }
  const message = errorMessage(error, t);
  const requestId = error instanceof ApiError ? error.problem.requestId : undefined;
  const hasDetails = extraErrors.length > 0 || !!requestId;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? message}
      description={
        title || hasDetails ? (
          <>
            {title ? <div>{message}</div> : null}
            {extraErrors.length > 0 ? (
              <ul className="cqdt-error-list">
                {extraErrors.map((fieldError, index) => (
                  <li key={`${fieldError.field}-${index}`}>
                    {fieldError.field ? <code>{fieldError.field}</code> : null} {fieldError.message}
                  </li>
                ))}
              </ul>
            ) : null}
            {requestId ? (
              <div className="cqdt-muted">{t('requestId', { id: requestId })}</div>
            ) : null}
          </>
        ) : undefined
      }
    />
  );
}
