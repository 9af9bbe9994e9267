import { defineMessages } from '../i18n/messages';
import type { Role } from './types';

export const roleMessages = defineMessages({
  vi: {
    admin: 'Quản trị',
    clerk: 'Văn thư',
    officer: 'Chuyên viên',
    leader: 'Lãnh đạo',
    counter_officer: 'Cán bộ một cửa',
    citizen: 'Công dân',
    system: 'Hệ thống',
  },
  en: {
    admin: 'Administrator',
    clerk: 'Clerk',
    officer: 'Officer',
    leader: 'Leader',
    counter_officer: 'One-stop counter officer',
    citizen: 'Citizen',
    system: 'System',
  },
});

/**
 * Roles an administrator can give to a staff account, in the order the form lists them. Not
 * `citizen` (citizen accounts) nor `system` (API tokens, for other systems): the server refuses
 * both for a person.
 */
export const STAFF_ROLES: readonly Role[] = [
  'admin',
  'clerk',
  'officer',
  'leader',
  'counter_officer',
];
