// Quản trị liên thông văn bản (/admin/lien-thong[/goi-tin|/thu-chet|/hang-doi], issue 14): the
// hub's partners, its packages, the deliveries it could not make, and its queues; one section
// each, each with its own address (a link or a reload lands on the same section). The sections
// are a navigation of links that wraps on a phone (antd's tabs hide what overflows behind a
// button that the tab list may not hold).
import { Typography } from 'antd';
import { Link, useParams } from 'react-router';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { exchangeAdminMessages } from '../admin-i18n';
import { DeliveriesTab } from '../components/admin/deliveries-tab';
import { MessagesTab } from '../components/admin/messages-tab';
import { PartnersTab } from '../components/admin/partners-tab';
import { QueuesTab } from '../components/admin/queues-tab';
import '../exchange.css';
import { ADMIN_TABS, type AdminTab, exchangeAdminPath } from '../paths';

const CONTENT: Record<AdminTab, () => React.JSX.Element> = {
  'doi-tac': PartnersTab,
  'goi-tin': MessagesTab,
  'thu-chet': DeliveriesTab,
  'hang-doi': QueuesTab,
};

export default function ExchangeAdminPage() {
  const t = useTranslate(exchangeAdminMessages);
  const tc = useTranslate(commonMessages);
  const asked = useParams().tab as AdminTab | undefined;
  const tab: AdminTab = asked && ADMIN_TABS.includes(asked) ? asked : 'doi-tac';
  useDocumentTitle(`${t(`tab_${tab}`)} – ${t('title')}`, tc('appName'));
  const Content = CONTENT[tab];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <nav aria-label={t('sectionsLabel')}>
        <ul className="cqdt-subnav">
          {ADMIN_TABS.map((key) => (
            <li key={key}>
              <Link
                to={exchangeAdminPath(key)}
                aria-current={key === tab ? 'page' : undefined}
                className={key === tab ? 'is-current' : undefined}
              >
                {t(`tab_${key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="exchange-admin-section">
        <Typography.Title
          id="exchange-admin-section"
          level={2}
          style={{ fontSize: 18, marginTop: 0 }}
        >
          {t(`tab_${tab}`)}
        </Typography.Title>
        <Content />
      </section>
    </>
  );
}
