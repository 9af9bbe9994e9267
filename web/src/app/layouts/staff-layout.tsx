import {
  ApartmentOutlined,
  InboxOutlined,
  AuditOutlined,
  BarChartOutlined,
  DashboardOutlined,
  FolderOpenOutlined,
  HomeOutlined,
  ImportOutlined,
  MenuOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  SignatureOutlined,
  SolutionOutlined,
  FileAddOutlined,
  NumberOutlined,
  FundOutlined,
  MailOutlined,
  ContainerOutlined,
  TeamOutlined,
  UsbOutlined,
  UserSwitchOutlined,
  ScanOutlined,
  TransactionOutlined,
  CommentOutlined,
  LikeOutlined,
  RiseOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { App as AntdApp, Badge, Button, Drawer, Grid, Layout, Menu } from 'antd';
import type { MenuProps } from 'antd';
import { useMemo, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';

import { incomingMessages } from '../../features/documents/incoming/i18n';
import { INCOMING_LIST_PATH } from '../../features/documents/incoming/paths';
import { outgoingMessages } from '../../features/documents/outgoing/i18n';
import { delegationMessages } from '../../features/documents/delegation/i18n';
import { DELEGATION_PATH } from '../../features/documents/delegation/paths';
import { overviewMessages } from '../../features/documents/overview/i18n';
import { OVERVIEW_PATH } from '../../features/documents/overview/paths';
import {
  DocumentCountsContext,
  useLoadDocumentCounts,
} from '../../features/documents/work/use-document-counts';
import { receptionMessages } from '../../features/documents/reception/i18n';
import { importMessages } from '../../features/documents/import/i18n';
import { IMPORT_PATH } from '../../features/documents/import/paths';
import { RECEPTION_PATH } from '../../features/documents/reception/paths';
import { exchangeAdminMessages } from '../../features/exchange/admin-i18n';
import { EXCHANGE_ADMIN_PATH } from '../../features/exchange/paths';
import { useExchangeWaiting } from '../../features/exchange/use-waiting';
import { useMailIntakeWaiting } from '../../features/mail/intake/use-waiting';
import { STAFF_PETITIONS_PATH, STAFF_RATINGS_PATH } from '../../features/feedback/paths';
import { staffFeedbackMessages } from '../../features/feedback/staff-i18n';
import { MAIL_ADMIN_PATH } from '../../features/mail/paths';
import { mailMenuMessages } from '../../features/mail/menu-i18n';
import { NotificationBell } from '../../features/notify/components/notification-bell';
import { archiveMessages } from '../../features/records/archive-i18n';
import { onestopMessages } from '../../features/onestop/i18n';
import { dossierMessages } from '../../features/onestop/dossier-i18n';
import { feesMessages } from '../../features/onestop/fees-i18n';
import {
  COUNTER_PATH,
  DOSSIERS_PATH,
  FEES_PATH,
  ONESTOP_STATISTICS_PATH,
  PROCEDURES_PATH,
  RECEIVE_PATH,
} from '../../features/onestop/paths';
import { queueMessages } from '../../features/onestop/queue-i18n';
import { statisticsMessages } from '../../features/onestop/statistics-i18n';
import { index766AnalysisMessages } from '../../features/portal/index766-analysis-i18n';
import { INDEX766_ANALYSIS_PATH } from '../../features/portal/paths';
import { recordsMessages } from '../../features/records/i18n';
import {
  AGENCY_RECORDS_PATH,
  APPRAISAL_PATH,
  MY_RECORDS_PATH,
  PLAN_PATH,
  RECORDS_PATH,
  TRANSFERS_PATH,
} from '../../features/records/paths';
import { reportsMessages } from '../../features/documents/reports/i18n';
import { REPORTS_PATH } from '../../features/documents/reports/paths';
import { HeaderSearch } from '../../features/search/header-search';
import { extractionMessages } from '../../features/documents/extraction/i18n';
import { EXTRACTION_JOBS_PATH } from '../../features/documents/extraction/paths';
import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { LanguageSwitch } from '../../shared/ui/language-switch';
import { MAIN_CONTENT_ID, SkipLink } from '../../shared/ui/skip-link';
import { appMessages } from '../app-messages';
import { AccountMenu } from './account-menu';

const SIDER_WIDTH = 232;
const RECORDS_MENU = 'records';

function Brand({ name }: { name: string }) {
  return (
    <Link to="/" className="cqdt-brand" aria-label={name}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      <span>{name}</span>
    </Link>
  );
}

function StaffLayoutFrame() {
  const { user, hasRole } = useAuth();
  const t = useTranslate(appMessages);
  const tc = useTranslate(commonMessages);
  const location = useLocation();
  const ti = useTranslate(incomingMessages);
  const counts = useLoadDocumentCounts(location.pathname);
  const screens = Grid.useBreakpoint();
  const isPhone = screens.lg === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const tOut = useTranslate(outgoingMessages);
  const tOverview = useTranslate(overviewMessages);
  const tDelegation = useTranslate(delegationMessages);
  const tRec = useTranslate(receptionMessages);
  const tRecords = useTranslate(recordsMessages);
  const tImport = useTranslate(importMessages);
  const tReports = useTranslate(reportsMessages);
  const tArchive = useTranslate(archiveMessages);
  const tExtraction = useTranslate(extractionMessages);
  const tOnestop = useTranslate(onestopMessages);
  const tDossier = useTranslate(dossierMessages);
  const tQueue = useTranslate(queueMessages);
  const tStats = useTranslate(statisticsMessages);
  const tAnalysis = useTranslate(index766AnalysisMessages);
  const tFees = useTranslate(feesMessages);
  const tMail = useTranslate(mailMenuMessages);
  const tFeedback = useTranslate(staffFeedbackMessages);
  const tExchange = useTranslate(exchangeAdminMessages);
  // Packages from outside the system wait in the same reception (issue 14): one badge for both.
  const exchangeWaiting = useExchangeWaiting(location.pathname);
  const mailWaiting = useMailIntakeWaiting(location.pathname).waiting;
  // The "Hồ sơ công việc" sub-menu is open on its pages, and as the person leaves it otherwise.
  const onRecords = location.pathname.startsWith(`${RECORDS_PATH}/`);
  const [openKeys, setOpenKeys] = useState<string[]>(() => (onRecords ? [RECORDS_MENU] : []));
  const [wasOnRecords, setWasOnRecords] = useState(onRecords);
  if (onRecords !== wasOnRecords) {
    setWasOnRecords(onRecords);
    if (onRecords && !openKeys.includes(RECORDS_MENU)) {
      setOpenKeys([...openKeys, RECORDS_MENU]);
    }
  }
  // Documents from other agencies in the system, packages from outside, and e-mails.
  const receptionCount =
    counts.reception === undefined && exchangeWaiting === undefined && mailWaiting === undefined
      ? undefined
      : (counts.reception ?? 0) + (exchangeWaiting ?? 0) + (mailWaiting ?? 0);

  const menuItems = useMemo<NonNullable<MenuProps['items']>>(() => {
    const items: NonNullable<MenuProps['items']> = [
      { key: '/', icon: <HomeOutlined aria-hidden />, label: <Link to="/">{t('menuHome')}</Link> },
      {
        key: '/ky-so',
        icon: <SignatureOutlined aria-hidden />,
        label: <Link to="/ky-so">{t('menuSign')}</Link>,
      },
      {
        key: '/van-ban/di',
        icon: <SendOutlined aria-hidden />,
        label: (
          <Link to="/van-ban/di">
            {counts.outgoing ? tOut('menuWithCount', { count: counts.outgoing }) : tOut('menu')}
          </Link>
        ),
      },
    ];
    if (hasRole('clerk', 'leader', 'officer')) {
      // What waits for the person, as a number and in words (the badge alone is not read out).
      const waiting = counts.incoming ?? 0;
      items.push({
        key: INCOMING_LIST_PATH,
        icon: <InboxOutlined aria-hidden />,
        label: (
          <Link
            to={INCOMING_LIST_PATH}
            aria-label={
              waiting > 0 ? ti('menuIncomingWaiting', { count: waiting }) : ti('menuIncoming')
            }
          >
            {ti('menuIncoming')}{' '}
            {waiting > 0 ? (
              <Badge count={waiting} overflowCount={99} color="#a8071a" aria-hidden />
            ) : null}
          </Link>
        ),
      });
    }
    if (hasRole('leader')) {
      items.push(
        {
          key: OVERVIEW_PATH,
          icon: <DashboardOutlined aria-hidden />,
          label: <Link to={OVERVIEW_PATH}>{tOverview('menu')}</Link>,
        },
        {
          key: DELEGATION_PATH,
          icon: <UserSwitchOutlined aria-hidden />,
          label: <Link to={DELEGATION_PATH}>{tDelegation('menu')}</Link>,
        },
      );
    }
    if (hasRole('clerk', 'leader')) {
      // Documents other agencies sent (in the system, through the exchange or by e-mail),
      // waiting to be registered, and recall requests.
      const waiting = receptionCount ?? 0;
      items.push({
        key: RECEPTION_PATH,
        icon: <ImportOutlined aria-hidden />,
        label: (
          <Link
            to={RECEPTION_PATH}
            aria-label={waiting > 0 ? tRec('menuWaiting', { count: waiting }) : tRec('menu')}
          >
            {tRec('menu')}{' '}
            {waiting > 0 ? (
              <Badge count={waiting} overflowCount={99} color="#a8071a" aria-hidden />
            ) : null}
          </Link>
        ),
      });
    }
    if (hasRole('clerk', 'leader', 'officer')) {
      // Work records (issue 11 item 1): the file plan, the person's and the agency's records,
      // and for leaders the records past their retention.
      const children: NonNullable<MenuProps['items']> = [
        { key: PLAN_PATH, label: <Link to={PLAN_PATH}>{tRecords('menuPlan')}</Link> },
        { key: MY_RECORDS_PATH, label: <Link to={MY_RECORDS_PATH}>{tRecords('menuMine')}</Link> },
        {
          key: AGENCY_RECORDS_PATH,
          label: <Link to={AGENCY_RECORDS_PATH}>{tRecords('menuAgency')}</Link>,
        },
      ];
      if (hasRole('leader')) {
        children.push({
          key: APPRAISAL_PATH,
          label: <Link to={APPRAISAL_PATH}>{tRecords('menuAppraisal')}</Link>,
        });
      }
      if (hasRole('clerk', 'leader')) {
        children.push({
          key: TRANSFERS_PATH,
          label: <Link to={TRANSFERS_PATH}>{tArchive('menuTransfers')}</Link>,
        });
      }
      items.push({
        key: RECORDS_MENU,
        icon: <FolderOpenOutlined aria-hidden />,
        label: tRecords('menu'),
        children,
      });
    }
    // The one-stop desk's dossiers (issue 12): the counter receives, officers and leaders process.
    if (hasRole('counter_officer')) {
      items.push({
        key: RECEIVE_PATH,
        icon: <FileAddOutlined aria-hidden />,
        label: <Link to={RECEIVE_PATH}>{tDossier('menuReceive')}</Link>,
      });
    }
    if (hasRole('counter_officer', 'officer', 'leader')) {
      items.push({
        key: DOSSIERS_PATH,
        icon: <ContainerOutlined aria-hidden />,
        label: <Link to={DOSSIERS_PATH}>{tDossier('menuDossiers')}</Link>,
      });
    }
    if (hasRole('counter_officer', 'leader')) {
      items.push({
        key: ONESTOP_STATISTICS_PATH,
        icon: <FundOutlined aria-hidden />,
        label: <Link to={ONESTOP_STATISTICS_PATH}>{tStats('menu')}</Link>,
      });
    }
    // What costs the unit points in the Decision 766 index (issue 13, item 9).
    if (hasRole('counter_officer', 'leader', 'admin')) {
      items.push({
        key: INDEX766_ANALYSIS_PATH,
        icon: <RiseOutlined aria-hidden />,
        label: <Link to={INDEX766_ANALYSIS_PATH}>{tAnalysis('menu')}</Link>,
      });
    }
    if (hasRole('counter_officer', 'leader')) {
      items.push({
        key: COUNTER_PATH,
        icon: <NumberOutlined aria-hidden />,
        label: <Link to={COUNTER_PATH}>{tQueue('menu')}</Link>,
      });
      items.push({
        key: FEES_PATH,
        icon: <TransactionOutlined aria-hidden />,
        label: <Link to={FEES_PATH}>{tFees('menu')}</Link>,
      });
    }
    // Ratings and feedback (issue 13, item 7): the agency's PAKN and its ratings.
    if (hasRole('counter_officer', 'officer', 'leader')) {
      items.push({
        key: STAFF_PETITIONS_PATH,
        icon: <CommentOutlined aria-hidden />,
        label: <Link to={STAFF_PETITIONS_PATH}>{tFeedback('menuPetitions')}</Link>,
      });
      items.push({
        key: STAFF_RATINGS_PATH,
        icon: <LikeOutlined aria-hidden />,
        label: <Link to={STAFF_RATINGS_PATH}>{tFeedback('menuRatings')}</Link>,
      });
    }
    // The procedure catalogue (issue 12): every staff member.
    items.push({
      key: PROCEDURES_PATH,
      icon: <SolutionOutlined aria-hidden />,
      label: <Link to={PROCEDURES_PATH}>{tOnestop('menu')}</Link>,
    });
    if (hasRole('clerk', 'leader')) {
      // Reports and statistics (issue 11, item 5).
      items.push({
        key: REPORTS_PATH,
        icon: <BarChartOutlined aria-hidden />,
        label: <Link to={REPORTS_PATH}>{tReports('menu')}</Link>,
      });
    }
    if (hasRole('admin')) {
      items.push({
        type: 'group',
        key: 'admin',
        label: t('menuAdmin'),
        children: [
          {
            key: '/admin/agencies',
            icon: <ApartmentOutlined aria-hidden />,
            label: <Link to="/admin/agencies">{t('menuAgencies')}</Link>,
          },
          {
            key: '/admin/users',
            icon: <TeamOutlined aria-hidden />,
            label: <Link to="/admin/users">{t('menuUsers')}</Link>,
          },
          {
            key: '/admin/audit',
            icon: <AuditOutlined aria-hidden />,
            label: <Link to="/admin/audit">{t('menuAudit')}</Link>,
          },
          {
            key: '/admin/trust',
            icon: <SafetyCertificateOutlined aria-hidden />,
            label: <Link to="/admin/trust">{t('menuTrust')}</Link>,
          },
          {
            key: '/admin/chung-thu-so',
            icon: <UsbOutlined aria-hidden />,
            label: <Link to="/admin/chung-thu-so">{t('menuTokenCertificates')}</Link>,
          },
          {
            key: MAIL_ADMIN_PATH,
            icon: <MailOutlined aria-hidden />,
            label: <Link to={MAIL_ADMIN_PATH}>{tMail('admin')}</Link>,
          },
          {
            key: EXCHANGE_ADMIN_PATH,
            icon: <SwapOutlined aria-hidden />,
            label: <Link to={EXCHANGE_ADMIN_PATH}>{tExchange('menu')}</Link>,
          },
          {
            key: IMPORT_PATH,
            icon: <ImportOutlined aria-hidden />,
            label: <Link to={IMPORT_PATH}>{tImport('menu')}</Link>,
          },
          {
            key: EXTRACTION_JOBS_PATH,
            icon: <ScanOutlined aria-hidden />,
            label: <Link to={EXTRACTION_JOBS_PATH}>{tExtraction('menu')}</Link>,
          },
        ],
      });
    }
    return items;
  }, [
    hasRole,
    t,
    ti,
    tOut,
    tOverview,
    tDelegation,
    tRec,
    tRecords,
    tReports,
    counts.incoming,
    counts.outgoing,
    receptionCount,
    tImport,
    tArchive,
    tExtraction,
    tOnestop,
    tDossier,
    tQueue,
    tStats,
    tAnalysis,
    tFees,
    tMail,
    tFeedback,
    tExchange,
  ]);

  const selectedKey =
    [
      '/admin/agencies',
      '/admin/users',
      '/admin/audit',
      '/admin/trust',
      '/admin/chung-thu-so',
      MAIL_ADMIN_PATH,
      EXCHANGE_ADMIN_PATH,
      '/ky-so',
      '/van-ban/di',
      INCOMING_LIST_PATH,
      OVERVIEW_PATH,
      DELEGATION_PATH,
      RECEPTION_PATH,
      PLAN_PATH,
      MY_RECORDS_PATH,
      AGENCY_RECORDS_PATH,
      APPRAISAL_PATH,
      IMPORT_PATH,
      TRANSFERS_PATH,
      EXTRACTION_JOBS_PATH,
      PROCEDURES_PATH,
      RECEIVE_PATH,
      DOSSIERS_PATH,
      COUNTER_PATH,
      ONESTOP_STATISTICS_PATH,
      INDEX766_ANALYSIS_PATH,
      FEES_PATH,
      STAFF_PETITIONS_PATH,
      STAFF_RATINGS_PATH,
    ].find((key) => location.pathname.startsWith(key)) ??
    (location.pathname === '/' ? '/' : onRecords ? MY_RECORDS_PATH : '');

  const navigation = (
    <nav aria-label={t('mainNav')}>
      <Menu
        mode="inline"
        selectedKeys={selectedKey ? [selectedKey] : []}
        openKeys={openKeys}
        onOpenChange={setOpenKeys}
        items={menuItems}
        onClick={() => setDrawerOpen(false)}
        style={{ borderInlineEnd: 'none' }}
      />
    </nav>
  );

  const userBlock = user ? (
    <div className="cqdt-staff-header__user cqdt-staff-header__user--drawer">
      <span className="cqdt-staff-header__user-name">{user.fullName}</span>
      {user.agencyName ? (
        <span className="cqdt-staff-header__user-agency">{user.agencyName}</span>
      ) : null}
    </div>
  ) : null;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <SkipLink label={tc('skipToContent')} />
      {isPhone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={SIDER_WIDTH + 48}
          title={tc('appName')}
          styles={{ body: { padding: 0 } }}
        >
          <div style={{ padding: '12px 16px' }}>
            {userBlock}
            <div style={{ marginTop: 12 }}>
              <LanguageSwitch size="small" />
            </div>
          </div>
          {navigation}
        </Drawer>
      ) : (
        <Layout.Sider
          width={SIDER_WIDTH}
          theme="light"
          style={{ borderInlineEnd: '1px solid #f0f0f0' }}
        >
          <div className="cqdt-sider-brand">
            <Brand name={tc('appName')} />
          </div>
          {navigation}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="cqdt-staff-header">
          {isPhone ? (
            <>
              <Button
                type="text"
                icon={<MenuOutlined aria-hidden />}
                aria-label={t('openMenu')}
                aria-expanded={drawerOpen}
                onClick={() => setDrawerOpen(true)}
              />
              <Brand name={tc('appShortName')} />
              <span className="cqdt-staff-header__spacer" />
              {user?.passwordChangeRequired ? null : <HeaderSearch compact />}
              <NotificationBell />
              <AccountMenu compact />
            </>
          ) : (
            <>
              {user?.passwordChangeRequired ? null : <HeaderSearch />}
              <span className="cqdt-staff-header__spacer" />
              <NotificationBell />
              <LanguageSwitch size="small" />
              <AccountMenu />
            </>
          )}
        </Layout.Header>
        <Layout.Content id={MAIN_CONTENT_ID} tabIndex={-1} className="cqdt-staff-content">
          <DocumentCountsContext.Provider value={counts}>
            <Outlet />
          </DocumentCountsContext.Provider>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export default function StaffLayout() {
  return (
    <AntdApp>
      <StaffLayoutFrame />
    </AntdApp>
  );
}
