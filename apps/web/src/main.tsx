import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { createTheme, defaultVariantColorsResolver, MantineProvider, Modal, parseThemeColor, type CSSVariablesResolver, type VariantColorsResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ApiError } from './api/client';
import { AuthProvider, homeOf, useAuth } from './auth';
import { Layout } from './components/Layout';
import { Loading } from './components/states';
import { m } from './messages';
import LoginPage from './pages/LoginPage';

// Every screen is its own chunk: the first screen loads only what it needs.
const CohortsPage = lazy(() => import('./pages/CohortsPage'));
const CohortDashboardPage = lazy(() => import('./pages/CohortDashboardPage'));
const ProjectPage = lazy(() => import('./pages/ProjectPage'));
const MyProjectsPage = lazy(() => import('./pages/MyProjectsPage'));
const MyProjectPage = lazy(() => import('./pages/MyProjectPage'));
const WorkshopsPage = lazy(() => import('./pages/WorkshopsPage'));
const WorkshopPage = lazy(() => import('./pages/WorkshopPage'));
const PeoplePage = lazy(() => import('./pages/PeoplePage'));
const SettingsPage = lazy(() => import('./pages/SettingsPage'));
const TenantsPage = lazy(() => import('./pages/admin/TenantsPage'));
const SchemesPage = lazy(() => import('./pages/admin/SchemesPage'));
const QueuesPage = lazy(() => import('./pages/admin/QueuesPage'));
const ReportsPage = lazy(() => import('./pages/ReportsPage'));
const NetworkPage = lazy(() => import('./pages/admin/NetworkPage'));
const ExpertsPage = lazy(() => import('./pages/ExpertsPage'));
const TrainingsPage = lazy(() => import('./pages/TrainingsPage'));
const BuyersPage = lazy(() => import('./pages/BuyersPage'));
const BuyerPage = lazy(() => import('./pages/BuyerPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const AcceptInvitationPage = lazy(() => import('./pages/AcceptInvitationPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Home() {
  const { status, membership } = useAuth();
  if (status === 'loading') return <Loading />;
  return <Navigate to={homeOf(membership?.role)} replace />;
}

const router = createBrowserRouter([
  { path: '/connexion', element: <LoginPage /> },
  { path: '/invitations/accept', element: <AcceptInvitationPage /> },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <Home /> },
      { path: '/promotions', element: <CohortsPage /> },
      { path: '/promotions/:id', element: <CohortDashboardPage /> },
      { path: '/projets/:id', element: <ProjectPage /> },
      { path: '/mes-projets', element: <MyProjectsPage /> },
      { path: '/mon-projet', element: <MyProjectPage /> },
      { path: '/ateliers', element: <WorkshopsPage /> },
      { path: '/ateliers/:id', element: <WorkshopPage /> },
      { path: '/personnes', element: <PeoplePage /> },
      { path: '/parametres', element: <SettingsPage /> },
      { path: '/rapports', element: <ReportsPage /> },
      { path: '/experts', element: <ExpertsPage /> },
      { path: '/formations', element: <TrainingsPage /> },
      { path: '/acheteurs', element: <BuyersPage /> },
      { path: '/acheteurs/:id', element: <BuyerPage /> },
      { path: '/admin/observatoire', element: <NetworkPage /> },
      { path: '/admin/cci', element: <TenantsPage /> },
      { path: '/admin/financements', element: <SchemesPage /> },
      { path: '/financements', element: <SchemesPage /> },
      { path: '/admin/files', element: <QueuesPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

// Shade 8 of the primary colour and a darker "dimmed": WCAG AA contrast on white (axe-checked).
// Coloured text and filled backgrounds use shade 9 so that they pass AA on white and on light tints.
const variantColorResolver: VariantColorsResolver = (input) => {
  const base = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return base;
  const dark = `var(--mantine-color-${parsed.color}-9)`;
  switch (input.variant) {
    case 'light':
      return { ...base, background: `var(--mantine-color-${parsed.color}-0)`, hover: `var(--mantine-color-${parsed.color}-1)`, color: dark };
    case 'subtle':
      return { ...base, color: dark };
    case 'outline':
      return { ...base, color: dark, border: `1px solid ${dark}` };
    case 'filled':
      return { ...base, background: dark, hover: `var(--mantine-color-${parsed.color}-8)`, color: 'var(--mantine-color-white)' };
    default:
      return base;
  }
};
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'sm',
  // People who ask their system for less motion get none: transitions (notifications, dialogs) end at once.
  respectReducedMotion: true,
  variantColorResolver,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  // Every dialog's close button is named for screen readers.
  components: { Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': m.common.close } } }) },
});
const cssVariablesResolver: CSSVariablesResolver = () => ({ variables: {}, light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' }, dark: {} });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <Suspense fallback={<Loading />}>
            <RouterProvider router={router} />
          </Suspense>
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
