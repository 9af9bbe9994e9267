// The rating of a finished dossier on its citizen's own page (/portal/ho-so-cua-toi/:code, issue
// 13 item 7): the signed-in citizen rates it there (GET and POST /portal/my/ratings), with no
// code and check digits to type as on the public rating page.
import { Alert, Descriptions, Typography } from 'antd';
import { useState } from 'react';

import { errorMessage } from '../../shared/api/error-message';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { feedbackOptions, rateOwn, type RatingInput, type RatingView, viewOwnRating } from './api';
import './feedback.css';
import { portalFeedbackMessages } from './portal-i18n';
import { RatingForm } from './rating-form';
import { ratingSummaryItems } from './rating-summary';

export function OwnRating({ code }: { code: string }) {
  const t = useTranslate(portalFeedbackMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const options = useAsync((signal) => feedbackOptions(signal), [lang]);
  const loaded = useAsync((signal) => viewOwnRating(code, signal), [code, lang]);
  const [written, setWritten] = useState<RatingView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const view = written ?? loaded.data ?? null;

  const submit = async (input: RatingInput) => {
    setBusy(true);
    setError(null);
    try {
      setWritten(await rateOwn(code, input));
    } finally {
      setBusy(false);
    }
  };

  const failure = error ?? (loaded.error ? errorMessage(loaded.error, tc) : null);
  if (!view && !failure) {
    return null;
  }
  return (
    <section aria-labelledby="own-rating">
      <Typography.Title level={2} style={{ fontSize: 20 }} id="own-rating">
        {t('ratingTitle')}
      </Typography.Title>
      {failure ? (
        <Alert role="alert" type="warning" showIcon title={failure} style={{ marginBottom: 16 }} />
      ) : null}
      {written ? (
        <Alert
          role="status"
          type="success"
          showIcon
          title={t('thanks')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {view?.rating ? (
        <>
          <Descriptions column={1} bordered size="small">
            {ratingSummaryItems(view, t)}
          </Descriptions>
          <Typography.Paragraph className="cqdt-muted" style={{ margin: '8px 0 16px' }}>
            {t('timeNote')}
          </Typography.Paragraph>
        </>
      ) : null}
      {view?.mayRate && options.data ? (
        <RatingForm
          id="own-rating-form"
          options={options.data}
          rating={view.rating}
          busy={busy}
          onSubmit={submit}
          onUnhandledError={(e) => setError(errorMessage(e, tc))}
        />
      ) : view && !view.mayRate && !view.rating ? (
        <Alert type="info" showIcon title={t('cannotRate')} description={view.whyNot} />
      ) : null}
    </section>
  );
}
