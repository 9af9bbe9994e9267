// Thư điện tử công vụ (/admin/thu-dien-tu[/hop-thu-di|/mau-thu], issue 15): the accounts mail
// goes out (and documents come in) through, the outbox with its failures, and the templates; one
// section each with its own address (a link or a reload lands on the same section). The sections
// are a navigation of links that wraps on a phone. The outbox's table belongs to the notices
// (the notify feature): the app passes it in.
import { Typography } from 'antd';
import { type ComponentType, useState } from 'react';
import { Link, useParams } from 'react-router';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { AccountsTab } from '../components/accounts-tab';
import { DeliveryCounts } from '../components/delivery-counts';
import { TemplatesTab } from '../components/templates-tab';
import { mailAdminMessages } from '../i18n';
import '../mail.css';
import { MAIL_ADMIN_TABS, type MailAdminTab, mailAdminPath } from '../paths';

/** The outbox's table; `onChanged` after a notice was sent again (the counts reload). */
export type OutboxComponent = ComponentType<{ onChanged: () => void }>;

function OutboxTab({ Outbox }: { Outbox: OutboxComponent }) {
  const [version, setVersion] = useState(0);
  return (
    <>
      <DeliveryCounts version={version} />
      <Outbox onChanged={() => setVersion((v) => v + 1)} />
    </>
  );
}

export default function MailAdminPage({ Outbox }: { Outbox: OutboxComponent }) {
  const t = useTranslate(mailAdminMessages);
  const tc = useTranslate(commonMessages);
  const asked = useParams().tab as MailAdminTab | undefined;
  const tab: MailAdminTab = asked && MAIL_ADMIN_TABS.includes(asked) ? asked : 'tai-khoan';
  useDocumentTitle(`${t(`tab_${tab}`)} – ${t('title')}`, tc('appName'));
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <nav aria-label={t('sectionsLabel')}>
        <ul className="cqdt-mail-sections">
          {MAIL_ADMIN_TABS.map((key) => (
            <li key={key}>
              <Link
                to={mailAdminPath(key)}
                aria-current={key === tab ? 'page' : undefined}
                className={key === tab ? 'is-current' : undefined}
              >
                {t(`tab_${key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="mail-admin-section">
        <Typography.Title id="mail-admin-section" level={2} style={{ fontSize: 18, marginTop: 0 }}>
          {t(`tab_${tab}`)}
        </Typography.Title>
        {tab === 'tai-khoan' ? <AccountsTab /> : null}
        {tab === 'hop-thu-di' ? <OutboxTab Outbox={Outbox} /> : null}
        {tab === 'mau-thu' ? <TemplatesTab /> : null}
      </section>
    </>
  );
}
