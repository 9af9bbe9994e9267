import { defineMessages } from '../../shared/i18n/messages';

/** The one-stop cards of the staff home (home-cards.tsx). */
export const homeCardMessages = defineMessages({
  vi: {
    total: '{count, plural, other {# hồ sơ}}',
    listLabel: '{title}: {count, plural, other {# hồ sơ}}',
    seeAll: 'Xem tất cả ({count})',
    loadFailed: 'Không tải được danh sách hồ sơ.',
    applicant: 'Người nộp: {name}',
    due: 'Hẹn trả {date}',
    overdue: 'Quá hạn {date}',
    lateFlag: 'Quá hạn',
  },
  en: {
    total: '{count, plural, one {# dossier} other {# dossiers}}',
    listLabel: '{title}: {count, plural, one {# dossier} other {# dossiers}}',
    seeAll: 'See all ({count})',
    loadFailed: 'The dossiers could not be loaded.',
    applicant: 'Applicant: {name}',
    due: 'Due {date}',
    overdue: 'Overdue {date}',
    lateFlag: 'Overdue',
  },
});
