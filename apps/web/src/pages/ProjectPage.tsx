import { Badge, Group, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { useAuth, type Role } from '../auth';
import { PageTitle } from '../components/Layout';
import { Loading, QueryState } from '../components/states';
import { m } from '../messages';

const OverviewTab = lazy(() => import('./project/OverviewTab'));
const MilestonesTab = lazy(() => import('./project/MilestonesTab'));
const SessionsTab = lazy(() => import('./project/SessionsTab'));
const FinancingTab = lazy(() => import('./project/FinancingTab'));
const InvoicesTab = lazy(() => import('./project/InvoicesTab'));
const SourcingTab = lazy(() => import('./project/SourcingTab'));
const ObservatoryTab = lazy(() => import('./project/ObservatoryTab'));
const TimelineTab = lazy(() => import('./project/TimelineTab'));
const CoachesTab = lazy(() => import('./project/CoachesTab'));
const AcademicTab = lazy(() => import('./project/AcademicTab'));

type TabKey = keyof typeof m.projects.tabs;

/** The tabs each role may open (the API decides what it may do inside). */
const TABS: Record<TabKey, Role[]> = {
  overview: ['admin', 'advisor', 'coach', 'holder'],
  milestones: ['admin', 'advisor', 'coach', 'holder'],
  sessions: ['admin', 'advisor', 'coach', 'holder'],
  financing: ['admin', 'advisor', 'coach', 'holder'],
  invoices: ['admin', 'advisor', 'holder'],
  sourcing: ['admin', 'advisor', 'coach', 'holder'],
  observatory: ['admin', 'advisor', 'coach', 'holder'],
  timeline: ['admin', 'advisor', 'coach', 'holder'],
  coaches: ['admin', 'advisor'],
  academic: ['admin', 'advisor', 'coach', 'holder'],
};

export function ProjectView({ id }: { id: string }) {
  const { membership } = useAuth();
  const role = membership?.role;
  const [params, setParams] = useSearchParams();
  const project = useQuery({ queryKey: ['project', id], queryFn: () => call(api.GET('/api/projects/{id}', { params: { path: { id } } })) });
  const tabs = (Object.keys(TABS) as TabKey[]).filter((t) => role && TABS[t].includes(role));
  const active = (tabs.find((t) => t === params.get('onglet')) ?? 'overview');
  const p = project.data;
  return (
    <QueryState query={project}>
      {p && (
        <>
          <PageTitle right={<Badge size="lg" variant="light">{m.projects.statuses[p.status]}</Badge>}>{p.title}</PageTitle>
          <Group mb="md" gap="xs">
            <Text c="dimmed">{p.company.name}</Text>
          </Group>
          <Tabs value={active} onChange={(v) => v && setParams({ onglet: v }, { replace: true })} keepMounted={false}>
            <Tabs.List mb="md">
              {tabs.map((t) => (
                <Tabs.Tab key={t} value={t}>
                  {m.projects.tabs[t]}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Suspense fallback={<Loading />}>
              {tabs.map((t) => (
                <Tabs.Panel key={t} value={t}>
                  {t === 'overview' && <OverviewTab project={p} />}
                  {t === 'milestones' && <MilestonesTab projectId={p.id} />}
                  {t === 'sessions' && <SessionsTab projectId={p.id} />}
                  {t === 'financing' && <FinancingTab projectId={p.id} />}
                  {t === 'invoices' && <InvoicesTab projectId={p.id} />}
                  {t === 'sourcing' && <SourcingTab project={p} />}
                  {t === 'observatory' && <ObservatoryTab projectId={p.id} />}
                  {t === 'timeline' && <TimelineTab projectId={p.id} />}
                  {t === 'coaches' && <CoachesTab project={p} />}
                  {t === 'academic' && <AcademicTab projectId={p.id} />}
                </Tabs.Panel>
              ))}
            </Suspense>
          </Tabs>
        </>
      )}
    </QueryState>
  );
}

export default function ProjectPage() {
  const { id = '' } = useParams();
  return <ProjectView id={id} />;
}
