import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { PageTitle } from '../components/Layout';
import { LoadMore, QueryState, usePaged } from '../components/states';
import { formatDateTime } from '../format';
import { useAuth } from '../auth';
import { m } from '../messages';
import { fetchCohorts } from './CohortsPage';

const WorkshopForm = lazy(() => import('./WorkshopForm'));

/** Workshops of every cohort the reader sees (partners: those they are invited to). */
export default function WorkshopsPage() {
  const { membership } = useAuth();
  const staff = membership?.role === 'admin' || membership?.role === 'advisor';
  const cohorts = usePaged(['cohorts'], fetchCohorts);
  const workshops = useQueries({
    queries: cohorts.items.map((c) => ({
      queryKey: ['workshops', c.id],
      queryFn: () => call(api.GET('/api/cohorts/{id}/workshops', { params: { path: { id: c.id } } })),
    })),
  });
  const rows = workshops.flatMap((q, i) => (q.data?.items ?? []).map((w) => ({ w, cohort: cohorts.items[i]?.name ?? '' })));
  const pending = cohorts.isPending || workshops.some((q) => q.isPending);
  return (
    <>
      <PageTitle>{m.workshops.title}</PageTitle>
      {staff && cohorts.items.length > 0 && (
        <Suspense>
          <WorkshopForm cohorts={cohorts.items} />
        </Suspense>
      )}
      <QueryState query={{ isPending: pending, error: cohorts.error ?? workshops.find((q) => q.error)?.error ?? null, refetch: () => cohorts.refetch() }} isEmpty={rows.length === 0} empty={m.workshops.none}>
        <Table highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{m.workshops.title}</Table.Th>
              <Table.Th>{m.workshops.when}</Table.Th>
              <Table.Th>{m.workshops.location}</Table.Th>
              <Table.Th>{m.workshops.status}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ w, cohort }) => (
              <Table.Tr key={w.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/ateliers/${w.id}`} fw={500}>
                    {w.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {cohort}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDateTime(w.startsAt)}</Table.Td>
                <Table.Td>{w.location}</Table.Td>
                <Table.Td>
                  <Badge color={w.status === 'open' ? 'blue' : 'gray'}>{m.workshops.statuses[w.status]}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <LoadMore query={cohorts} />
      </QueryState>
    </>
  );
}
