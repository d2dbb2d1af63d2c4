import { AppShell, Burger, Button, Group, NavLink, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, type Role } from '../auth';
import { m } from '../messages';
import { Loading } from './states';

interface NavItem {
  to: string;
  label: string;
  roles: Role[];
  external?: boolean;
}

const NAV: NavItem[] = [
  { to: '/promotions', label: m.nav.cohorts, roles: ['admin', 'advisor'] },
  { to: '/mes-projets', label: m.nav.myProjects, roles: ['coach'] },
  { to: '/mon-projet', label: m.nav.myProject, roles: ['holder'] },
  { to: '/ateliers', label: m.nav.workshops, roles: ['admin', 'advisor', 'partner'] },
  { to: '/experts', label: m.nav.experts, roles: ['admin', 'advisor'] },
  { to: '/formations', label: m.nav.trainings, roles: ['admin', 'advisor'] },
  { to: '/acheteurs', label: m.nav.buyers, roles: ['admin', 'advisor'] },
  { to: '/personnes', label: m.nav.people, roles: ['admin', 'advisor'] },
  { to: '/financements', label: m.nav.tenantSchemes, roles: ['admin', 'advisor'] },
  { to: '/rapports', label: m.nav.reports, roles: ['admin', 'advisor'] },
  { to: '/parametres', label: m.nav.settings, roles: ['admin', 'advisor'] },
  { to: '/admin/cci', label: m.nav.tenants, roles: ['platform_admin'] },
  { to: '/admin/financements', label: m.nav.schemes, roles: ['platform_admin'] },
  { to: '/admin/observatoire', label: m.nav.network, roles: ['platform_admin'] },
  { to: '/admin/files', label: m.nav.queues, roles: ['platform_admin'] },
];

export function Layout() {
  const { status, user, membership, logout } = useAuth();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  if (status === 'loading') return <Loading />;
  if (status === 'anonymous' || !membership) return <Navigate to="/connexion" replace state={{ from: location.pathname }} />;
  const items = NAV.filter((n) => n.roles.includes(membership.role));
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={m.nav.menu} />
            <Text component={Link} to="/" fw={700} size="lg" c="blue.9" td="none">
              {m.appName}
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {membership.tenantName ?? m.tagline}
            </Text>
          </Group>
          <Group>
            <Stack gap={0} visibleFrom="sm" align="flex-end">
              <Text size="sm" fw={500}>
                {user?.name}
              </Text>
              <Text size="xs" c="dimmed">
                {m.roles[membership.role]}
              </Text>
            </Stack>
            <Button variant="default" size="xs" onClick={() => void logout().then(() => navigate('/connexion'))}>
              {m.auth.logout}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={m.nav.label}>
        {items.map((item) => (
          <NavLink key={item.to} component={Link} to={item.to} label={item.label} active={location.pathname.startsWith(item.to)} variant="filled" onClick={close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

export function PageTitle({ children, right }: { children: React.ReactNode; right?: React.ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={1} size="h2">
        {children}
      </Title>
      {right}
    </Group>
  );
}

/** A titled, bordered section of a page (forms): its heading labels it for assistive technologies. */
export function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}
