// The rows that say how a dossier was rated: the rating, when, and until when it may change.
// Shared by the public rating page and the citizen's own dossier page (issue 13 item 7).
import { Descriptions } from 'antd';

import { type Translate } from '../../shared/i18n/messages';
import { formatVnTime } from '../../shared/lib/vn-time';
import { type RatingView } from './api';
import { type portalFeedbackMessages } from './portal-i18n';

type T = Translate<(typeof portalFeedbackMessages)['vi']>;

/**
 * `Descriptions.Item`s, not a component: antd reads its items' props directly, so they are
 * returned as elements for the caller's `Descriptions` (nothing when the dossier is not rated).
 */
export function ratingSummaryItems(view: RatingView, t: T) {
  if (!view.rating) {
    return null;
  }
  return [
    <Descriptions.Item key="rating" label={t('yourRating')}>
      {view.rating.overall.label}
      {view.rating.criteria.length > 0
        ? ` (${view.rating.criteria.map((c) => `${c.label}: ${c.level.label}`).join('; ')})`
        : ''}
    </Descriptions.Item>,
    <Descriptions.Item key="ratedAt" label={t('ratedAt')}>
      {formatVnTime(view.rating.ratedAt)}
    </Descriptions.Item>,
    view.mayRate ? (
      <Descriptions.Item key="until" label={t('changeableUntil')}>
        {formatVnTime(view.changeableUntil)}
      </Descriptions.Item>
    ) : null,
  ];
}
