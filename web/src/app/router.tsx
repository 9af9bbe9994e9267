import { type ComponentType, lazy, Suspense, useState } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';

import { commonMessages } from '../shared/i18n/common-messages';
import { useTranslate } from '../shared/i18n/use-translate';
import { PageLoader } from '../shared/ui/page-loader';
import {
  loginPage,
  portalHomePage,
  portalLayout,
  portalProcedurePage,
  portalProceduresPage,
  type RouteModule,
  trackingPage,
} from './first-page';
import {
  CITIZEN_MAIL_PREFERENCES_PATH,
  MAIL_PREFERENCES_PATH,
  mailAdminPath,
} from '../features/mail/paths';
import { CHANGE_PASSWORD_PATH } from './routes/paths';
import { RequireCitizen, RequireRole, RequireStaff } from './routes/guards';

/**
 * A lazy route whose module first-page.ts may have loaded before React started: then it renders
 * at once, in the first commit, instead of suspending once to show the loader. Each instance keeps
 * the way it started, so a later render never swaps the component under its state.
 */
function lazyRoute(route: RouteModule): ComponentType {
  const Lazy = lazy(route.load);
  return function LazyRoute() {
    const [Loaded] = useState(() => route.loaded);
    return Loaded ? <Loaded /> : <Lazy />;
  };
}

// Every screen is its own chunk: the first page (login) loads only what it needs; the portal's
// first pages start theirs before the app runs (first-page.ts).
const StaffLayout = lazy(() => import('./layouts/staff-layout'));
const PortalLayout = lazyRoute(portalLayout);
const HomePage = lazy(() => import('./routes/home-page'));
const NotFoundPage = lazy(() => import('./routes/not-found-page'));
const LoginPage = lazyRoute(loginPage);
const CitizenSignInPage = lazy(() => import('../features/identity/routes/citizen-sign-in-page'));
const CitizenSignUpPage = lazy(() => import('../features/identity/routes/citizen-sign-up-page'));
const UsersPage = lazy(() => import('../features/identity/routes/users-page'));
const ChangePasswordPage = lazy(() => import('../features/identity/routes/change-password-page'));
const AgenciesPage = lazy(() => import('../features/org/routes/agencies-page'));
const AuditPage = lazy(() => import('../features/audit/routes/audit-page'));
const PortalHomePage = lazyRoute(portalHomePage);
const VerifyPage = lazy(() => import('../features/signing/routes/verify-page'));
const TrackingPage = lazyRoute(trackingPage);
const PortalProceduresPage = lazyRoute(portalProceduresPage);
const PortalProcedurePage = lazyRoute(portalProcedurePage);
const PortalIndex766Page = lazy(() => import('../features/portal/routes/index766-page'));
const Index766AnalysisPage = lazy(() => import('../features/portal/routes/index766-analysis-page'));
const RatingPage = lazy(() => import('../features/feedback/routes/rating-page'));
const PetitionPage = lazy(() => import('../features/feedback/routes/petition-page'));
const PetitionFollowPage = lazy(() => import('../features/feedback/routes/follow-page'));
const PetitionsPublishedPage = lazy(() => import('../features/feedback/routes/published-page'));
const StaffPetitionsPage = lazy(() => import('../features/feedback/routes/petitions-page'));
const StaffPetitionPage = lazy(() => import('../features/feedback/routes/petition-detail-page'));
const StaffRatingsPage = lazy(() => import('../features/feedback/routes/ratings-page'));
const PortalSubmitPage = lazy(() => import('../features/portal/routes/submit-page'));
const PortalMyDossiersPage = lazy(() => import('../features/portal/routes/my-dossiers-page'));
const PortalMyDossierPage = lazy(() => import('./routes/portal-my-dossier-page'));
const PortalStorePage = lazy(() => import('../features/portal/routes/store-page'));
const SignPage = lazy(() => import('../features/signing/routes/sign-page'));
const TrustPage = lazy(() => import('../features/signing/routes/trust-page'));
const OutgoingListPage = lazy(
  () => import('../features/documents/outgoing/routes/outgoing-list-page'),
);
// The outgoing pages with the exchange's parts (recipients outside the system, the transport).
const NewDraftPage = lazy(() => import('./routes/outgoing-new-draft-page'));
const EditDraftPage = lazy(() => import('./routes/outgoing-edit-draft-page'));
const OutgoingDocumentPage = lazy(() => import('./routes/outgoing-document-page'));
const IncomingListPage = lazy(
  () => import('../features/documents/incoming/routes/incoming-list-page'),
);
const RegisterIncomingPage = lazy(
  () => import('../features/documents/incoming/routes/register-incoming-page'),
);
const IncomingDocumentPage = lazy(
  () => import('../features/documents/incoming/routes/incoming-document-page'),
);
const QueuePage = lazy(() => import('../features/documents/work/routes/queue-page'));
const OverviewPage = lazy(() => import('../features/documents/overview/overview-page'));
const DelegationPage = lazy(() => import('../features/documents/delegation/delegation-page'));
// Both sources of documents to receive: this instance's agencies, and the exchange (issue 14).
const ReceptionListPage = lazy(() => import('./routes/documents-reception-page'));
const ReceptionPage = lazy(() => import('../features/documents/reception/routes/reception-page'));
const ExchangeReceptionPage = lazy(() => import('../features/exchange/routes/reception-page'));
// Documents received by e-mail (issue 15): one message, registered or discarded by a clerk.
const MailIntakePage = lazy(() => import('../features/mail/intake/routes/intake-page'));
const ExchangeAdminPage = lazy(() => import('../features/exchange/routes/admin-page'));
const PlanPage = lazy(() => import('../features/records/plan-page'));
const MyRecordsPage = lazy(() => import('../features/records/my-records-page'));
const AgencyRecordsPage = lazy(() => import('../features/records/agency-records-page'));
const RecordPage = lazy(() => import('../features/records/record-page'));
const AppraisalPage = lazy(() => import('../features/records/appraisal-page'));
const ArchiveTransfersPage = lazy(() => import('../features/records/archive-transfers-page'));
const TokenCertificatesPage = lazy(
  () => import('../features/signing/routes/token-certificates-page'),
);
const SearchPage = lazy(() => import('../features/search/search-page'));
const ImportPage = lazy(() => import('../features/documents/import/import-page'));
const ReportsPage = lazy(() => import('../features/documents/reports/reports-page'));
const ProceduresPage = lazy(() => import('../features/onestop/procedures-page'));
const ProcedurePage = lazy(() => import('../features/onestop/procedure-page'));
const ProcessEditorPage = lazy(() => import('../features/onestop/process-editor-page'));
const ReceivePage = lazy(() => import('../features/onestop/receive-page'));
const DossiersPage = lazy(() => import('../features/onestop/dossiers-page'));
const DossierPage = lazy(() => import('../features/onestop/dossier-page'));
const CounterPage = lazy(() => import('../features/onestop/counter-page'));
const KioskPage = lazy(() => import('../features/onestop/kiosk-page'));
const DisplayPage = lazy(() => import('../features/onestop/display-page'));
const OnestopStatisticsPage = lazy(() => import('../features/onestop/statistics-page'));
const FeesPage = lazy(() => import('../features/onestop/fees-page'));
// Official e-mail (issue 15): accounts, the outbox, templates; each person's choice of notices.
const MailAdminPage = lazy(() => import('./routes/mail-admin-page'));
const MailPreferencesPage = lazy(() => import('../features/mail/routes/preferences-page'));
const ExtractionJobsPage = lazy(
  () => import('../features/documents/extraction/extraction-jobs-page'),
);

function Loading() {
  const t = useTranslate(commonMessages);
  return <PageLoader label={t('loading')} />;
}

function page(Component: ComponentType) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

export const router = createBrowserRouter([
  {
    path: '/',
    element: <RequireStaff>{page(StaffLayout)}</RequireStaff>,
    children: [
      { index: true, element: page(HomePage) },
      { path: 'ky-so', element: page(SignPage) },
      { path: 'van-ban/di', element: page(OutgoingListPage) },
      { path: 'van-ban/di/moi', element: page(NewDraftPage) },
      { path: 'van-ban/di/:id', element: page(OutgoingDocumentPage) },
      { path: 'van-ban/di/:id/sua', element: page(EditDraftPage) },
      { path: CHANGE_PASSWORD_PATH.slice(1), element: page(ChangePasswordPage) },
      { path: MAIL_PREFERENCES_PATH.slice(1), element: page(MailPreferencesPage) },
      // Incoming documents (issue 10): the register, registering one (clerks), one document.
      { path: 'van-ban/den', element: page(IncomingListPage) },
      {
        path: 'van-ban/den/vao-so',
        element: <RequireRole roles={['clerk']} />,
        children: [{ index: true, element: page(RegisterIncomingPage) }],
      },
      { path: 'van-ban/den/:id', element: page(IncomingDocumentPage) },
      // Work queues (issue 10): one queue whole; the leader's overview and delegations.
      { path: 'viec/:queue', element: page(QueuePage) },
      {
        path: 'van-ban',
        element: <RequireRole roles={['leader']} />,
        children: [
          { path: 'tong-quan', element: page(OverviewPage) },
          { path: 'uy-quyen', element: page(DelegationPage) },
        ],
      },
      // Documents other agencies sent (issue 10, delivery): clerks act, leaders read.
      {
        path: 'van-ban/tiep-nhan',
        element: <RequireRole roles={['clerk', 'leader']} />,
        children: [
          { index: true, element: page(ReceptionListPage) },
          { path: 'lien-thong/:id', element: page(ExchangeReceptionPage) },
          { path: 'thu-dien-tu/:id', element: page(MailIntakePage) },
          { path: ':id', element: page(ReceptionPage) },
        ],
      },
      // Work records and the file plan (issue 11 item 1): staff of an agency; appraisal: leaders.
      {
        path: 'ho-so',
        element: <RequireRole roles={['clerk', 'leader', 'officer']} />,
        children: [
          { index: true, element: <Navigate to="cua-toi" replace /> },
          { path: 'danh-muc', element: page(PlanPage) },
          { path: 'cua-toi', element: page(MyRecordsPage) },
          { path: 'co-quan', element: page(AgencyRecordsPage) },
          {
            path: 'tham-dinh',
            element: <RequireRole roles={['leader']} />,
            children: [{ index: true, element: page(AppraisalPage) }],
          },
          {
            path: 'nop-luu',
            element: <RequireRole roles={['clerk', 'leader']} />,
            children: [{ index: true, element: page(ArchiveTransfersPage) }],
          },
          { path: ':id', element: page(RecordPage) },
        ],
      },
      // Document search (issue 11, item 3): the header's search box leads here.
      { path: 'tim-kiem', element: page(SearchPage) },
      // The one-stop desk's procedure catalogue (issue 12): every staff member reads it;
      // administrators edit the internal process.
      { path: 'mot-cua/thu-tuc', element: page(ProceduresPage) },
      { path: 'mot-cua/thu-tuc/:code', element: page(ProcedurePage) },
      {
        path: 'mot-cua/thu-tuc/:code/quy-trinh',
        element: <RequireRole roles={['admin']} />,
        children: [{ index: true, element: page(ProcessEditorPage) }],
      },
      // Dossiers (issue 12, item 2): the counter receives; officers and leaders process.
      {
        path: 'mot-cua/tiep-nhan',
        element: <RequireRole roles={['counter_officer']} />,
        children: [{ index: true, element: page(ReceivePage) }],
      },
      {
        path: 'mot-cua/ho-so',
        element: <RequireRole roles={['counter_officer', 'officer', 'leader']} />,
        children: [
          { index: true, element: page(DossiersPage) },
          { path: ':code', element: page(DossierPage) },
        ],
      },
      {
        path: 'mot-cua/thong-ke',
        element: <RequireRole roles={['counter_officer', 'leader', 'admin']} />,
        children: [{ index: true, element: page(OnestopStatisticsPage) }],
      },
      // The Decision 766 analysis (issue 13, item 9): the statistics' readers; admins any unit.
      {
        path: 'chi-so-766',
        element: <RequireRole roles={['counter_officer', 'leader', 'admin']} />,
        children: [{ index: true, element: page(Index766AnalysisPage) }],
      },
      // Fee reconciliation (issue 13, item 4): the desk of the receiving agency.
      {
        path: 'mot-cua/doi-chieu-phi',
        element: <RequireRole roles={['counter_officer', 'leader']} />,
        children: [{ index: true, element: page(FeesPage) }],
      },
      // Ratings and feedback (issue 13, item 7): the agency's PAKN queue; its ratings.
      {
        path: 'phan-anh-kien-nghi',
        element: <RequireRole roles={['counter_officer', 'officer', 'leader']} />,
        children: [
          { index: true, element: page(StaffPetitionsPage) },
          { path: ':code', element: page(StaffPetitionPage) },
        ],
      },
      {
        path: 'mot-cua/danh-gia',
        element: <RequireRole roles={['counter_officer', 'officer', 'leader']} />,
        children: [{ index: true, element: page(StaffRatingsPage) }],
      },
      {
        path: 'mot-cua/quay',
        element: <RequireRole roles={['counter_officer', 'leader', 'admin']} />,
        children: [{ index: true, element: page(CounterPage) }],
      },
      // Reports and statistics (issue 11, item 5): leaders and clerks.
      {
        path: 'bao-cao',
        element: <RequireRole roles={['clerk', 'leader']} />,
        children: [{ index: true, element: page(ReportsPage) }],
      },
      {
        path: 'admin',
        element: <RequireRole roles={['admin']} />,
        children: [
          { path: 'agencies', element: page(AgenciesPage) },
          { path: 'users', element: page(UsersPage) },
          { path: 'audit', element: page(AuditPage) },
          { path: 'trust', element: page(TrustPage) },
          { path: 'chung-thu-so', element: page(TokenCertificatesPage) },
          // The outbox of issue 12 is now a section of the e-mail page; old links still land.
          {
            path: 'thong-bao',
            element: <Navigate to={mailAdminPath('hop-thu-di')} replace />,
          },
          // Official e-mail (issue 15): accounts, the outbox with its failures, templates.
          { path: 'thu-dien-tu/:tab?', element: page(MailAdminPage) },
          // The document exchange hub (issue 14): partners, packages, dead letters, queues.
          { path: 'lien-thong/:tab?', element: page(ExchangeAdminPage) },
        ],
      },
      // The import of past documents (issue 11, item 6): system administrators.
      {
        path: 'quan-tri/nhap-van-ban',
        element: <RequireRole roles={['admin']} />,
        children: [{ index: true, element: page(ImportPage) }],
      },
      // The extraction and OCR job queue (issue 11, item 4): system administrators.
      {
        path: 'quan-tri/doc-noi-dung-tep',
        element: <RequireRole roles={['admin']} />,
        children: [{ index: true, element: page(ExtractionJobsPage) }],
      },
    ],
  },
  { path: '/login', element: page(LoginPage) },
  // The one-stop desk's hall (issue 12, item 5): the kiosk and the display, without an account.
  { path: '/xep-hang/:agencyCode', element: page(KioskPage) },
  { path: '/bang-goi-so/:agencyCode', element: page(DisplayPage) },
  {
    path: '/portal',
    element: page(PortalLayout),
    children: [
      { index: true, element: page(PortalHomePage) },
      // Public: the procedure catalogue as citizens browse it (issue 13, item 1).
      { path: 'thu-tuc', element: page(PortalProceduresPage) },
      { path: 'thu-tuc/:code', element: page(PortalProcedurePage) },
      // Public: the Decision 766 service-quality index, the province's local estimate.
      { path: 'chi-so-766', element: page(PortalIndex766Page) },
      // Public: ratings of finished dossiers and feedback (issue 13, item 7).
      { path: 'danh-gia', element: page(RatingPage) },
      { path: 'phan-anh-kien-nghi', element: page(PetitionPage) },
      { path: 'phan-anh-kien-nghi/theo-doi', element: page(PetitionFollowPage) },
      { path: 'phan-anh-kien-nghi/da-tra-loi', element: page(PetitionsPublishedPage) },
      { path: 'sign-up', element: page(CitizenSignUpPage) },
      { path: 'sign-in', element: page(CitizenSignInPage) },
      {
        path: 'doi-mat-khau',
        element: <RequireCitizen>{page(ChangePasswordPage)}</RequireCitizen>,
      },
      // Online submission (issue 13, item 3): the signed-in citizen's e-forms, dossiers, store.
      {
        path: 'nop-ho-so/:code',
        element: <RequireCitizen>{page(PortalSubmitPage)}</RequireCitizen>,
      },
      {
        path: 'ho-so-cua-toi',
        element: <RequireCitizen>{page(PortalMyDossiersPage)}</RequireCitizen>,
      },
      {
        path: 'ho-so-cua-toi/:code',
        element: <RequireCitizen>{page(PortalMyDossierPage)}</RequireCitizen>,
      },
      { path: 'kho-du-lieu', element: <RequireCitizen>{page(PortalStorePage)}</RequireCitizen> },
      // The citizen's choice of notices by e-mail (issue 15).
      {
        path: CITIZEN_MAIL_PREFERENCES_PATH.slice('/portal/'.length),
        element: <RequireCitizen>{page(MailPreferencesPage)}</RequireCitizen>,
      },
    ],
  },
  {
    // Public: anyone tracks a dossier by its code and 4 check digits; the receipt's QR code
    // leads here with ?ma=<code>.
    path: '/tra-cuu-ho-so',
    element: page(PortalLayout),
    children: [{ index: true, element: page(TrackingPage) }],
  },
  {
    // Public: anyone verifies a signed file, without an account.
    path: '/kiem-tra-chu-ky',
    element: page(PortalLayout),
    children: [{ index: true, element: page(VerifyPage) }],
  },
  { path: '*', element: page(NotFoundPage) },
]);
