import { BellOutlined } from '@ant-design/icons';
import { App as AntdApp, Button, Drawer, Grid } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { errorMessage } from '../../../shared/api/error-message';
import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { formatVnTime, toVnIso } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  markAllNotificationsRead,
  markNotificationsRead,
  type Notification,
} from '../api/notifications';
import { notifyMessages } from '../i18n';
import { useNotifications } from '../use-notifications';

/**
 * A link the app may follow: a path inside it. The server accepts nothing else; checked again
 * here because the page turns it into a link ("//host" would leave the site).
 */
function isAppPath(link: string | null): link is string {
  return !!link && link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\');
}

/**
 * The bell in the header: the unread count on a button whose name says it ("Thông báo (3 chưa
 * đọc)"), and a panel with the latest notices. Following a notice marks it read; "Đánh dấu đã đọc
 * tất cả" marks them all. Works for staff users and citizens alike (each sees their own).
 */
export function NotificationBell() {
  const t = useTranslate(notifyMessages);
  const tc = useTranslate(commonMessages);
  const { message } = AntdApp.useApp();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  const { user } = useAuth();
  const { page, error, refresh, setUnread, arrived } = useNotifications(true);
  const [busy, setBusy] = useState(false);
  const unread = page?.unread ?? 0;

  const markRead = async (ids: number[] | 'all') => {
    setBusy(true);
    try {
      const result =
        ids === 'all' ? await markAllNotificationsRead() : await markNotificationsRead(ids);
      setUnread(result.unread);
      refresh();
    } catch (failure) {
      void message.error(errorMessage(failure, tc));
    } finally {
      setBusy(false);
    }
  };

  const onFollow = (n: Notification) => {
    setOpen(false);
    if (!n.readAt) {
      void markRead([n.id]);
    }
  };

  const openPanel = () => {
    setOpen(true);
    refresh();
  };

  const item = (n: Notification) => {
    const when = (
      <time className="cqdt-notice__time" dateTime={toVnIso(n.createdAt)}>
        {formatVnTime(n.createdAt)}
      </time>
    );
    const text = n.readAt ? (
      <span className="cqdt-notice__text">{n.text}</span>
    ) : (
      <strong className="cqdt-notice__text">
        <span className="cqdt-visually-hidden">{t('unread')}: </span>
        {n.text}
      </strong>
    );
    return (
      <li key={n.id} className={n.readAt ? 'cqdt-notice' : 'cqdt-notice cqdt-notice--unread'}>
        {isAppPath(n.link) ? (
          <Link to={n.link} onClick={() => onFollow(n)} className="cqdt-notice__link">
            {text}
          </Link>
        ) : (
          text
        )}
        <div className="cqdt-notice__meta">
          {when}
          {!n.readAt && !isAppPath(n.link) ? (
            <Button type="link" size="small" disabled={busy} onClick={() => void markRead([n.id])}>
              {t('markRead')}
            </Button>
          ) : null}
        </div>
      </li>
    );
  };

  return (
    <>
      {/* The count is drawn beside the button and hidden from screen readers: the button's own
          name says it, and visible text inside a named button must be part of its name. */}
      <span className="cqdt-bell">
        <Button
          type="text"
          aria-label={t('bellLabel', { count: unread })}
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={openPanel}
          icon={<BellOutlined aria-hidden style={{ fontSize: 18 }} />}
        />
        {unread > 0 ? (
          <span className="cqdt-bell__count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
        {/* A notice that arrives live is read out politely, without moving the focus. */}
        <span className="cqdt-visually-hidden" role="status">
          {arrived ? t('arrived', { text: arrived.text }) : ''}
        </span>
      </span>
      <Drawer
        placement="right"
        open={open}
        onClose={() => setOpen(false)}
        title={t('title')}
        size={screens.sm === false ? 'default' : 380}
        extra={
          <Button size="small" disabled={busy || unread === 0} onClick={() => void markRead('all')}>
            {t('markAllRead')}
          </Button>
        }
      >
        {error && !page ? <ErrorAlert error={error} title={t('loadFailed')} /> : null}
        {page && page.items.length === 0 ? (
          <EmptyState text={t(user?.realm === 'citizen' ? 'emptyCitizen' : 'empty')} />
        ) : null}
        {page && page.items.length > 0 ? (
          <>
            <ul className="cqdt-notices" aria-label={t('listLabel')}>
              {page.items.map(item)}
            </ul>
            {page.total > page.items.length ? (
              <p className="cqdt-notices__note">
                {t('more', { shown: page.items.length, total: page.total })}
              </p>
            ) : null}
            <p className="cqdt-notices__note">{t('timeNote')}</p>
          </>
        ) : null}
      </Drawer>
    </>
  );
}
