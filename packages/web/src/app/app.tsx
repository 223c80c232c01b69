import type { Permission } from '@congso/core';
import { Alert, MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { LoginPage } from '../identity/login-page';
import { PasswordPage } from '../identity/password-page';
import { isApiError } from './api';
import { HomePage } from './home-page';
import { NotFoundPage } from './not-found-page';
import { hasPermission, meQueryKey, useMe } from './session';
import { PageLoader, Shell } from './shell';
import { cssVariablesResolver, localizedTheme } from './theme';

// The admin area is loaded on demand.
const AgenciesPage = lazy(() => import('../identity/agencies-page'));
const OfficersPage = lazy(() => import('../identity/officers-page'));
const OutboxPage = lazy(() => import('../notifications/outbox-page'));
const SearchAdminPage = lazy(() => import('../catalog/search-admin-page'));
const FeeSchedulePage = lazy(() => import('../fees/fee-schedule-page'));
const PaymentReportsPage = lazy(() => import('../payments/reports-page'));
const TransfersPage = lazy(() => import('../payments/transfers-page'));
const CertificatesPage = lazy(() => import('../signing/certificates-page'));
const ExchangePage = lazy(() => import('../exchange/exchange-page'));
const PortalSyncPage = lazy(() => import('../exchange/portal-sync-page'));
const WebhooksPage = lazy(() => import('../webhooks/webhooks-page'));
const GatewayPage = lazy(() => import('../gateway/gateway-page'));
const AdminIndexPage = lazy(() => import('./admin-pages'));
// The citizen portal is public and loaded on demand too, apart from the admin pages.
const ProceduresPage = lazy(() => import('../portal/procedures-page'));
const ProcedurePage = lazy(() => import('../portal/procedure-page'));
const FilingPage = lazy(() => import('../portal/filing-page'));
const MyDossiersPage = lazy(() => import('../portal/my-dossiers-page'));
const DataAccessPage = lazy(() => import('../gateway/data-access-page'));
const DataStorePage = lazy(() => import('../digitisation/data-store-page'));
const DossierPage = lazy(() => import('../portal/dossier-page'));
const LookupPage = lazy(() => import('../portal/lookup-page'));
const VerifyPage = lazy(() => import('../signing/verify-page'));
// The one-stop desk (officers), loaded on demand; its pages check the officer's roles themselves.
const DeskQueuePage = lazy(() => import('../desk/queue-page'));
const DeskIntakePage = lazy(() => import('../desk/intake-page'));
const DeskDossierPage = lazy(() => import('../desk/dossier-page'));
// The documents office (officers), loaded on demand; its pages check the officer's permissions themselves.
const OfficeIncomingPage = lazy(() => import('../office/list-page').then((m) => ({ default: m.IncomingListPage })));
const OfficeOutgoingPage = lazy(() => import('../office/list-page').then((m) => ({ default: m.OutgoingListPage })));
const OfficeIncomingDocumentPage = lazy(() =>
  import('../office/document-page').then((m) => ({ default: m.IncomingDocumentPage })),
);
const OfficeOutgoingDocumentPage = lazy(() =>
  import('../office/document-page').then((m) => ({ default: m.OutgoingDocumentPage })),
);
const OfficeRegisterIncomingPage = lazy(() => import('../office/register-incoming-page'));
const OfficeDraftOutgoingPage = lazy(() => import('../office/draft-outgoing-page'));
const OfficeInboxPage = lazy(() => import('../office/inbox-page'));
const OfficeRegistersPage = lazy(() => import('../office/registers-page'));
const OfficeWorkFilesPage = lazy(() => import('../office/work-files-page'));
const OfficeWorkFilePage = lazy(() => import('../office/work-file-page'));
const OfficeSearchPage = lazy(() => import('../office/search-page'));
// Periodic reports (officers who read or review them), loaded on demand.
const ReportsPage = lazy(() => import('../reporting/reports-page'));
const ReportPage = lazy(() => import('../reporting/report-page'));
const ReportingRatesPage = lazy(() => import('../reporting/rates-page'));
const ReportingPeriodsPage = lazy(() => import('../reporting/periods-page'));
const ProgrammePage = lazy(() => import('../reporting/programme-page'));
const ReportingCataloguePage = lazy(() => import('../reporting/catalogue-page'));
const TemplateHistoryPage = lazy(() => import('../reporting/template-history-page'));
// The operations center (leaders, administrators, the center's screens), loaded on demand.
const IocDashboardPage = lazy(() => import('../ioc/dashboard-page'));
const AlertRulesPage = lazy(() => import('../ioc/rules-page'));
const SecurityPage = lazy(() => import('../ioc/security-page'));

function createQueryClient(): QueryClient {
  let client: QueryClient;
  // A 401 on any call means the session ended: forget the user so guards send them to sign in.
  const onError = (error: unknown) => {
    if (isApiError(error) && error.status === 401 && error.code === 'UNAUTHENTICATED') {
      client.setQueryData(meQueryKey, null);
    }
  };
  client = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => (isApiError(error) && error.status > 0 && error.status < 500 ? false : count < 2),
      },
    },
  });
  return client;
}

const queryClient = createQueryClient();

/** Lets the page render only for a signed-in person holding `permission`. */
function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!hasPermission(me.data, permission)) {
    return (
      <Alert color="orange" role="alert" data-testid="forbidden">
        {t('app.common.forbidden')}
      </Alert>
    );
  }
  return <>{children}</>;
}

function RequireSignedIn({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return <>{children}</>;
}

export function App() {
  const { t } = useTranslation();
  const closeLabel = t('app.common.close');
  const first = t('app.common.pageFirst');
  const previous = t('app.common.pagePrevious');
  const next = t('app.common.pageNext');
  const last = t('app.common.pageLast');
  const theme = useMemo(
    () => localizedTheme(closeLabel, { first, previous, next, last }),
    [closeLabel, first, previous, next, last],
  );
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      forceColorScheme="light"
      defaultColorScheme="light"
    >
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route element={<Shell />}>
              <Route index element={<HomePage />} />
              <Route path="login" element={<LoginPage />} />
              <Route path="thu-tuc" element={<ProceduresPage />} />
              <Route path="thu-tuc/:code" element={<ProcedurePage />} />
              <Route
                path="thu-tuc/:code/nop-ho-so"
                element={
                  <RequireSignedIn>
                    <FilingPage />
                  </RequireSignedIn>
                }
              />
              <Route
                path="ho-so-cua-toi"
                element={
                  <RequireSignedIn>
                    <MyDossiersPage />
                  </RequireSignedIn>
                }
              />
              <Route
                path="kho-du-lieu"
                element={
                  <RequireSignedIn>
                    <DataStorePage />
                  </RequireSignedIn>
                }
              />
              <Route
                path="ho-so-cua-toi/truy-cap-du-lieu"
                element={
                  <RequireSignedIn>
                    <DataAccessPage />
                  </RequireSignedIn>
                }
              />
              <Route
                path="ho-so-cua-toi/:id"
                element={
                  <RequireSignedIn>
                    <DossierPage />
                  </RequireSignedIn>
                }
              />
              <Route path="tra-cuu" element={<LookupPage />} />
              <Route path="kiem-tra-chu-ky" element={<VerifyPage />} />
              <Route path="mot-cua" element={<DeskQueuePage />} />
              <Route path="mot-cua/tiep-nhan" element={<DeskIntakePage />} />
              <Route path="mot-cua/ho-so/:id" element={<DeskDossierPage />} />
              <Route path="bao-cao">
                <Route index element={<ReportsPage />} />
                <Route path="ty-le" element={<ReportingRatesPage />} />
                <Route path="ky-bao-cao" element={<ReportingPeriodsPage />} />
                <Route path="chuong-trinh" element={<ProgrammePage />} />
                <Route path="danh-muc" element={<ReportingCataloguePage />} />
                <Route path="danh-muc/mau/:code" element={<TemplateHistoryPage />} />
                <Route path="danh-muc/mau/:code/:revision" element={<TemplateHistoryPage />} />
                <Route path=":id" element={<ReportPage />} />
              </Route>
              <Route path="van-ban">
                <Route index element={<Navigate to="/van-ban/den" replace />} />
                <Route path="den" element={<OfficeIncomingPage />} />
                <Route path="den/moi" element={<OfficeRegisterIncomingPage />} />
                <Route path="den/:id" element={<OfficeIncomingDocumentPage />} />
                <Route path="nhan" element={<OfficeInboxPage />} />
                <Route path="di" element={<OfficeOutgoingPage />} />
                <Route path="di/moi" element={<OfficeDraftOutgoingPage />} />
                <Route path="di/:id" element={<OfficeOutgoingDocumentPage />} />
                <Route path="so" element={<OfficeRegistersPage />} />
                <Route path="ho-so" element={<OfficeWorkFilesPage />} />
                <Route path="ho-so/:id" element={<OfficeWorkFilePage />} />
                <Route path="tim-kiem" element={<OfficeSearchPage />} />
              </Route>
              <Route
                path="dieu-hanh"
                element={
                  <RequirePermission permission="ioc.read">
                    <IocDashboardPage />
                  </RequirePermission>
                }
              />
              <Route
                path="dieu-hanh/an-ninh"
                element={
                  <RequirePermission permission="security.read">
                    <SecurityPage />
                  </RequirePermission>
                }
              />
              <Route
                path="account/password"
                element={
                  <RequireSignedIn>
                    <PasswordPage />
                  </RequireSignedIn>
                }
              />
              <Route path="admin">
                <Route
                  index
                  element={
                    <RequireSignedIn>
                      <AdminIndexPage />
                    </RequireSignedIn>
                  }
                />
                <Route
                  path="agencies"
                  element={
                    <RequirePermission permission="agency.read">
                      <AgenciesPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="officers"
                  element={
                    <RequirePermission permission="officer.read">
                      <OfficersPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="outbox"
                  element={
                    <RequirePermission permission="audit.read">
                      <OutboxPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="chung-thu"
                  element={
                    <RequirePermission permission="certificate.read">
                      <CertificatesPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="tim-kiem"
                  element={
                    <RequirePermission permission="catalog.manage">
                      <SearchAdminPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="lien-thong"
                  element={
                    <RequirePermission permission="exchange.manage">
                      <ExchangePage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="dong-bo-dvcqg"
                  element={
                    <RequirePermission permission="exchange.manage">
                      <PortalSyncPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="canh-bao"
                  element={
                    <RequirePermission permission="alert.manage">
                      <AlertRulesPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="webhook"
                  element={
                    <RequirePermission permission="exchange.manage">
                      <WebhooksPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="chia-se-du-lieu"
                  element={
                    <RequirePermission permission="gateway.manage">
                      <GatewayPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="phi-le-phi"
                  element={
                    <RequirePermission permission="catalog.manage">
                      <FeeSchedulePage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="doi-soat-thanh-toan"
                  element={
                    <RequirePermission permission="payment.report">
                      <PaymentReportsPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="doi-soat-chuyen-khoan"
                  element={
                    <RequirePermission permission="payment.report">
                      <TransfersPage />
                    </RequirePermission>
                  }
                />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
