import { useEffect, useRef } from 'react';
import { Navigate, Route, Routes, useLocation, useSearchParams } from 'react-router';
import { SessionProvider, useSessionQuery } from './auth/session.js';
import { Loading, QueryError } from './components/forms.js';
import { AppShell } from './layout/app-shell.js';
import { AlertPage } from './pages/alerts/alert-page.js';
import { AlertsPage } from './pages/alerts/alerts-page.js';
import { BrandPage } from './pages/brands/brand-page.js';
import { BrandsPage } from './pages/brands/brands-page.js';
import { CasePage } from './pages/cases/case-page.js';
import { CaseSettingsPage } from './pages/cases/case-settings-page.js';
import { CasesPage } from './pages/cases/cases-page.js';
import { CustomerPage } from './pages/customers/customer-page.js';
import { CustomersPage } from './pages/customers/customers-page.js';
import { JourneyPage } from './pages/journeys/journey-page.js';
import { JourneysPage } from './pages/journeys/journeys-page.js';
import { CommentsPage } from './pages/comments/comments-page.js';
import { ThemesPage } from './pages/comments/themes-page.js';
import { DrillDownPage } from './pages/analytics/drill-down-page.js';
import { DriversPage } from './pages/analytics/drivers-page.js';
import { ExperientialProfilePage } from './pages/analytics/experiential-profile-page.js';
import { JourneyMapPage } from './pages/analytics/journey-map-page.js';
import { TrendsPage } from './pages/analytics/trends-page.js';
import { EquityPage } from './pages/equity/equity-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { NotificationsPage } from './pages/notifications/notifications-page.js';
import { ClosedLoopReportPage } from './pages/closed-loop/closed-loop-report-page.js';
import { HomePage } from './pages/my-work/home-page.js';
import { MyTouchpointsPage } from './pages/my-work/my-touchpoints-page.js';
import { ApiKeysPage } from './pages/settings/api-keys-page.js';
import { UsersPage } from './pages/settings/users-page.js';
import { RuleEditorPage } from './pages/rules/rule-editor-page.js';
import { RulesPage } from './pages/rules/rules-page.js';
import { WebhookPage } from './pages/settings/webhooks-detail-page.js';
import { WebhooksPage } from './pages/settings/webhooks-page.js';
import { AuditLogPage } from './pages/settings/audit-log-page.js';
import { ImportsPage } from './pages/imports/imports-page.js';
import { SsoSettingsPage } from './pages/settings/sso-settings-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import {
  DistributionPage,
  NewSurveyPage,
  ResponsePage,
  ResponsesPage,
  SurveyBuilderPage,
  SurveysPage,
} from './pages/surveys/lazy-pages.js';
import { TeamPage } from './pages/teams/team-page.js';
import { TeamsPage } from './pages/teams/teams-page.js';
import { NewTouchpointPage } from './pages/touchpoints/new-touchpoint-page.js';
import { TouchpointPage } from './pages/touchpoints/touchpoint-page.js';

/** After a client-side navigation, focus the page's main region so screen readers follow. */
function FocusOnNavigate() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [pathname]);
  return null;
}

/** After sign-in: on to the page that asked for it (same-site paths only, never another origin). */
function AfterSignIn() {
  const [params] = useSearchParams();
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  return <Navigate to={target} replace />;
}

function SignedInRoutes() {
  return (
    <AppShell>
      <FocusOnNavigate />
      <Routes>
        <Route path="/" element={<HomePage />} />
        <Route path="/my-touchpoints" element={<MyTouchpointsPage />} />
        <Route path="/reports/closed-loop" element={<ClosedLoopReportPage />} />
        <Route path="/sign-in" element={<AfterSignIn />} />
        <Route path="/alerts" element={<AlertsPage />} />
        <Route path="/alerts/:id" element={<AlertPage />} />
        <Route path="/cases" element={<CasesPage />} />
        <Route path="/cases/:id" element={<CasePage />} />
        <Route path="/settings/cases" element={<CaseSettingsPage />} />
        <Route path="/settings/sso" element={<SsoSettingsPage />} />
        <Route path="/analytics/trends" element={<TrendsPage />} />
        <Route path="/analytics/journey-map" element={<JourneyMapPage />} />
        <Route path="/analytics/drivers" element={<DriversPage />} />
        <Route path="/analytics/experiential-profile" element={<ExperientialProfilePage />} />
        <Route path="/analytics/responses" element={<DrillDownPage />} />
        <Route path="/equity" element={<EquityPage />} />
        <Route path="/comments" element={<CommentsPage />} />
        <Route path="/themes" element={<ThemesPage />} />
        <Route path="/brands" element={<BrandsPage />} />
        <Route path="/brands/:id" element={<BrandPage />} />
        <Route path="/journeys" element={<JourneysPage />} />
        <Route path="/journeys/:id" element={<JourneyPage />} />
        <Route path="/journeys/:journeyId/touchpoints/new" element={<NewTouchpointPage />} />
        <Route path="/touchpoints/:id" element={<TouchpointPage />} />
        <Route path="/teams" element={<TeamsPage />} />
        <Route path="/teams/:id" element={<TeamPage />} />
        <Route path="/surveys" element={<SurveysPage />} />
        <Route path="/surveys/new" element={<NewSurveyPage />} />
        <Route path="/surveys/:id" element={<SurveyBuilderPage />} />
        <Route path="/surveys/:id/distribution" element={<DistributionPage />} />
        <Route path="/responses" element={<ResponsesPage />} />
        <Route path="/responses/:id" element={<ResponsePage />} />
        <Route path="/customers" element={<CustomersPage />} />
        <Route path="/customers/:id" element={<CustomerPage />} />
        <Route path="/users" element={<UsersPage />} />
        <Route path="/api-keys" element={<ApiKeysPage />} />
        <Route path="/webhooks" element={<WebhooksPage />} />
        <Route path="/audit-log" element={<AuditLogPage />} />
        <Route path="/imports" element={<ImportsPage />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="/webhooks/:id" element={<WebhookPage />} />
        <Route path="/rules" element={<RulesPage />} />
        <Route path="/rules/new" element={<RuleEditorPage />} />
        <Route path="/rules/:id" element={<RuleEditorPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppShell>
  );
}

function RedirectToSignIn() {
  const { pathname, search } = useLocation();
  const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  return <Navigate to={`/sign-in${next}`} replace />;
}

/** Signed out: the sign-in page only; signed in: the dashboard. */
export function App() {
  const session = useSessionQuery();
  if (session.isPending) return <Loading what="Starting Touchstone" />;
  if (session.isError) return <QueryError error={session.error} />;
  if (session.data === null) {
    return (
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="*" element={<RedirectToSignIn />} />
      </Routes>
    );
  }
  return (
    <SessionProvider session={session.data}>
      <SignedInRoutes />
    </SessionProvider>
  );
}
