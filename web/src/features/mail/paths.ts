// The e-mail screens (issue 15): the administrators' page under /admin with one address per
// section, and each person's choice of notices by e-mail (staff workspace and citizen portal).
export const MAIL_ADMIN_PATH = '/admin/thu-dien-tu';
export type MailAdminTab = 'tai-khoan' | 'hop-thu-di' | 'mau-thu';
export const MAIL_ADMIN_TABS: readonly MailAdminTab[] = ['tai-khoan', 'hop-thu-di', 'mau-thu'];
export const mailAdminPath = (tab: MailAdminTab) =>
  tab === 'tai-khoan' ? MAIL_ADMIN_PATH : `${MAIL_ADMIN_PATH}/${tab}`;

/** Staff: "Thông báo qua thư điện tử", from the account menu. */
export const MAIL_PREFERENCES_PATH = '/thong-bao-thu-dien-tu';
/** Citizens: the same page in the portal, from the account links of its header. */
export const CITIZEN_MAIL_PREFERENCES_PATH = '/portal/thong-bao-thu-dien-tu';
