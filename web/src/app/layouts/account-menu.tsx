import {
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  MailOutlined,
  QuestionCircleOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App as AntdApp, Button, Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { mailMenuMessages } from '../../features/mail/menu-i18n';
import { MAIL_PREFERENCES_PATH } from '../../features/mail/paths';
import { errorMessage } from '../../shared/api/error-message';
import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { appMessages } from '../app-messages';
import { CHANGE_PASSWORD_PATH } from '../routes/paths';

import { guidePathFor } from './guide-link';

/** Where the staff "change my password" page lives (the identity feature owns the route). */

/**
 * The signed-in person's menu in the staff header: change password, the notices they receive by
 * e-mail, the user guide's page for their role (a static page outside the app), log out on every
 * device (after a confirmation: it ends the sessions on other computers and phones too), log out.
 * On a desktop the trigger shows the person's name and agency; on a phone (`compact`) it is an
 * icon button and the name sits in the navigation drawer.
 */
export function AccountMenu({ compact = false }: { compact?: boolean }) {
  const { user, logout, logoutEverywhere } = useAuth();
  const t = useTranslate(appMessages);
  const tc = useTranslate(commonMessages);
  const tMail = useTranslate(mailMenuMessages);
  const { message, modal } = AntdApp.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);

  if (!user) {
    return null;
  }

  const runLogout = async (everywhere: boolean) => {
    try {
      // Signed out: RequireStaff sends the page to /login.
      await (everywhere ? logoutEverywhere() : logout());
    } catch (error) {
      void message.error(errorMessage(error, tc));
    }
  };

  const menu: MenuProps = {
    items: [
      { key: 'change-password', icon: <KeyOutlined aria-hidden />, label: t('changePassword') },
      {
        key: 'mail-preferences',
        icon: <MailOutlined aria-hidden />,
        label: tMail('preferences'),
      },
      {
        key: 'guide',
        icon: <QuestionCircleOutlined aria-hidden />,
        label: t('userGuide'),
      },
      { type: 'divider' },
      { key: 'logout-all', icon: <LogoutOutlined aria-hidden />, label: t('logoutEverywhere') },
      { key: 'logout', icon: <LogoutOutlined aria-hidden />, label: t('logout') },
    ],
    onClick: ({ key }) => {
      setOpen(false);
      if (key === 'change-password') {
        navigate(CHANGE_PASSWORD_PATH);
      } else if (key === 'mail-preferences') {
        navigate(MAIL_PREFERENCES_PATH);
      } else if (key === 'guide') {
        // A static page outside the app: the browser loads it (the router has no such route).
        window.location.assign(guidePathFor(user.roles));
      } else if (key === 'logout') {
        void runLogout(false);
      } else if (key === 'logout-all') {
        modal.confirm({
          title: t('logoutEverywhereConfirm'),
          content: t('logoutEverywhereExplain'),
          okText: t('logoutEverywhere'),
          okButtonProps: { danger: true },
          cancelText: tc('cancel'),
          onOk: () => runLogout(true),
        });
      }
    },
  };

  return (
    <Dropdown
      menu={menu}
      trigger={['click']}
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
    >
      {compact ? (
        <Button
          type="text"
          aria-haspopup="menu"
          aria-expanded={open}
          icon={<UserOutlined aria-hidden />}
          aria-label={`${t('account')}: ${user.fullName}`}
        />
      ) : (
        <Button
          type="text"
          className="cqdt-account-button"
          aria-haspopup="menu"
          aria-expanded={open}
          data-testid="header-user"
        >
          <UserOutlined aria-hidden />
          {/* The name starts with what the button is for; the visible text follows (WCAG 2.5.3). */}
          <span className="cqdt-visually-hidden">{`${t('account')}: `}</span>
          <span className="cqdt-staff-header__user">
            <span className="cqdt-staff-header__user-name">{user.fullName}</span>
            {user.agencyName ? (
              <span className="cqdt-staff-header__user-agency">{user.agencyName}</span>
            ) : null}
          </span>
          <DownOutlined aria-hidden className="cqdt-account-button__caret" />
        </Button>
      )}
    </Dropdown>
  );
}
