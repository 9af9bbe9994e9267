import { Typography } from 'antd';

import { ApiError } from '../api/client';
import { commonMessages } from '../i18n/common-messages';
import { useTranslate } from '../i18n/use-translate';
import { ErrorAlert } from './error-alert';

/**
 * A page's first answer, while it is not there: the error (with its field errors) titled
 * `title`, or "loading" until the first data arrives (later reloads keep the data shown).
 */
export function RequestState({
  error,
  loading,
  hasData,
  title,
}: {
  error: unknown;
  loading: boolean;
  hasData: boolean;
  title: string;
}) {
  const tc = useTranslate(commonMessages);
  return (
    <>
      {error ? (
        <ErrorAlert
          error={error}
          extraErrors={error instanceof ApiError ? error.fieldErrors : []}
          title={title}
        />
      ) : null}
      {!hasData && loading ? (
        <Typography.Paragraph aria-busy="true">{tc('loading')}</Typography.Paragraph>
      ) : null}
    </>
  );
}
