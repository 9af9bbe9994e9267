import { defineMessages } from '../../shared/i18n/messages';

/**
 * What each audit action is called, by its code. The verbs are the ones of the buttons that
 * cause them (the user list's "Khóa tài khoản" is logged as "Khóa tài khoản"). An action missing
 * here is shown by its code.
 */
export const actionMessages = defineMessages({
  vi: {
    'agency.create': 'Thêm cơ quan',
    'agency.update': 'Sửa cơ quan',
    'unit.create': 'Thêm phòng, ban',
    'user.create': 'Thêm người dùng',
    'user.update': 'Sửa thông tin người dùng',
    'user.disable': 'Khóa tài khoản',
    'user.enable': 'Mở khóa tài khoản',
    'user.reset_password': 'Đặt lại mật khẩu',
    'auth.login': 'Đăng nhập',
    'auth.login_failed': 'Đăng nhập không thành công',
    'auth.logout': 'Đăng xuất',
    'auth.logout_all': 'Đăng xuất khỏi mọi thiết bị',
    'auth.change_password': 'Đổi mật khẩu',
    'citizen.sign_up': 'Công dân đăng ký tài khoản',
    'api_token.issue': 'Cấp mã truy cập',
    'api_token.revoke': 'Thu hồi mã truy cập',
    'trust.add': 'Thêm chứng thư số tin cậy',
    'trust.remove': 'Gỡ chứng thư số tin cậy',
    'trust.crl_add': 'Thêm danh sách chứng thư bị thu hồi',
    'sign.pdf': 'Ký số tệp PDF',
    'sign.xml': 'Ký số tệp XML',
    'sign.cms': 'Ký số tệp (chữ ký rời)',
  },
  en: {
    'agency.create': 'Add agency',
    'agency.update': 'Edit agency',
    'unit.create': 'Add unit',
    'user.create': 'Add user',
    'user.update': 'Edit user',
    'user.disable': 'Disable account',
    'user.enable': 'Enable account',
    'user.reset_password': 'Reset password',
    'auth.login': 'Sign in',
    'auth.login_failed': 'Failed sign-in',
    'auth.logout': 'Sign out',
    'auth.logout_all': 'Sign out of every device',
    'auth.change_password': 'Change password',
    'citizen.sign_up': 'Citizen sign-up',
    'api_token.issue': 'Issue API token',
    'api_token.revoke': 'Revoke API token',
    'trust.add': 'Add trusted certificate',
    'trust.remove': 'Remove trusted certificate',
    'trust.crl_add': 'Add certificate revocation list',
    'sign.pdf': 'Sign a PDF file',
    'sign.xml': 'Sign an XML file',
    'sign.cms': 'Sign a file (detached signature)',
  },
});

export type AuditAction = keyof typeof actionMessages.vi;
export const AUDIT_ACTIONS = Object.keys(actionMessages.vi) as AuditAction[];

/** What each kind of audited record is called. */
export const entityMessages = defineMessages({
  vi: {
    agency: 'Cơ quan',
    unit: 'Phòng, ban',
    user: 'Người dùng',
    session: 'Phiên đăng nhập',
    staff: 'Tài khoản cán bộ',
    citizen: 'Công dân',
    api_token: 'Mã truy cập',
    trust_anchor: 'Chứng thư số tin cậy',
    crl: 'Danh sách chứng thư bị thu hồi',
    signature: 'Chữ ký số',
  },
  en: {
    agency: 'Agency',
    unit: 'Unit',
    user: 'User',
    session: 'Session',
    staff: 'Staff account',
    citizen: 'Citizen',
    api_token: 'API token',
    trust_anchor: 'Trusted certificate',
    crl: 'Certificate revocation list',
    signature: 'Digital signature',
  },
});

export type AuditEntity = keyof typeof entityMessages.vi;
export const AUDIT_ENTITIES = Object.keys(entityMessages.vi) as AuditEntity[];

export function isKnownAction(code: string): code is AuditAction {
  return Object.hasOwn(actionMessages.vi, code);
}

export function isKnownEntity(code: string): code is AuditEntity {
  return Object.hasOwn(entityMessages.vi, code);
}
