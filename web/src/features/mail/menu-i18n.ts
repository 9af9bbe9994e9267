// The e-mail screens' names in the menus of both shells, apart from the pages' own dictionaries
// (the layouts load with every page; the pages load only when opened).
import { defineMessages } from '../../shared/i18n/messages';

export const mailMenuMessages = defineMessages({
  vi: {
    admin: 'Thư điện tử',
    preferences: 'Thông báo qua thư điện tử',
    preferencesShort: 'Thông báo qua thư',
  },
  en: {
    admin: 'E-mail',
    preferences: 'E-mail notifications',
    preferencesShort: 'E-mail notices',
  },
});
