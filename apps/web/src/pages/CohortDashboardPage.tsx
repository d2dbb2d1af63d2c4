import { Anchor, Badge, Card, Checkbox, Group, Progress, Select, SimpleGrid, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { InvoiceBadge } from '../components/badges';
import { PageTitle } from '../components/Layout';
import { QueryState } from '../components/states';
import { formatDate, formatHours } from '../format';
import { m } from '../messages';

type Row = Schemas['DashboardRow'];
type SortKey = 'title' | 'late' | 'progress' | 'coaching';

const progressOf = (r: Row): number => (r.milestones.total ? Math.round((100 * r.milestones.done) / r.milestones.total) : 0);

const SORTS: Record<SortKey, (a: Row, b: Row) => number> = {
  title: (a, b) => a.title.localeCompare(b.title, 'fr'),
  late: (a, b) => b.lateCount - a.lateCount || a.title.localeCompare(b.title, 'fr'),
  progress: (a, b) => progressOf(b) - progressOf(a),
  coaching: (a, b) => (b.coachingUsedPercent ?? 0) - (a.coachingUsedPercent ?? 0),
};

export default function CohortDashboardPage() {
  const { id = '' } = useParams();
  const cohort = useQuery({ queryKey: ['cohort', id], queryFn: () => call(api.GET('/api/cohorts/{id}', { params: { path: { id } } })) });
  const dashboard = useQuery({ queryKey: ['dashboard', id], queryFn: () => call(api.GET('/api/cohorts/{id}/dashboard', { params: { path: { id } } })) });
  const [filter, setFilter] = useState('');
  const [onlyLate, setOnlyLate] = useState(false);
  const [sort, setSort] = useState<SortKey>('late');

  const rows = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase('fr');
    return (dashboard.data?.projects ?? [])
      .filter((r) => !q || `${r.title} ${r.companyName}`.toLocaleLowerCase('fr').includes(q))
      .filter((r) => !onlyLate || r.lateCount > 0)
      .sort(SORTS[sort]);
  }, [dashboard.data, filter, onlyLate, sort]);

  return (
    <>
      <PageTitle>{cohort.data ? `${m.dashboard.title} · ${cohort.data.name}` : m.dashboard.title}</PageTitle>
      <QueryState query={dashboard}>
        <Group mb="md" align="flex-end" wrap="wrap">
          <TextInput label={m.common.filter} placeholder={m.dashboard.filterPlaceholder} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
          <Select
            label={m.common.sortBy}
            value={sort}
            allowDeselect={false}
            onChange={(v) => v && setSort(v as SortKey)}
            data={Object.entries(m.dashboard.sort).map(([value, label]) => ({ value, label }))}
          />
          <Checkbox label={m.dashboard.onlyLate} checked={onlyLate} onChange={(e) => setOnlyLate(e.currentTarget.checked)} mb={8} />
        </Group>
        <Table.ScrollContainer minWidth={800}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{m.dashboard.project}</Table.Th>
                <Table.Th w={200}>{m.dashboard.progress}</Table.Th>
                <Table.Th>{m.dashboard.late}</Table.Th>
                <Table.Th>{m.dashboard.nextDue}</Table.Th>
                <Table.Th w={200}>{m.dashboard.coaching}</Table.Th>
                <Table.Th>{m.dashboard.invoice}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.projectId} bg={r.lateCount > 0 ? 'red.0' : undefined} data-testid="dashboard-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/projets/${r.projectId}`} fw={500}>
                      {r.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {r.companyName} · {m.projects.statuses[r.status]}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Progress value={progressOf(r)} color={r.lateCount ? 'red' : 'teal'} aria-label={`${m.dashboard.progress} ${r.title}`} />
                    <Text size="xs">
                      {r.milestones.done} / {r.milestones.total}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.lateCount > 0 ? <Badge color="red">{m.dashboard.lateCount(r.lateCount)}</Badge> : <Text size="sm">{m.dashboard.lateCount(0)}</Text>}</Table.Td>
                  <Table.Td>
                    {r.nextDue ? (
                      <>
                        <Text size="sm" c={r.nextDue.late ? 'red.9' : undefined}>
                          {formatDate(r.nextDue.dueDate)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {r.nextDue.title}
                        </Text>
                      </>
                    ) : (
                      m.common.none
                    )}
                  </Table.Td>
                  <Table.Td>
                    {r.coachingBudgetMinutes ? (
                      <Progress
                        value={Math.min(100, r.coachingUsedPercent ?? 0)}
                        color={r.coachingBudgetAlert === 'exceeded' ? 'red' : r.coachingBudgetAlert === 'warning' ? 'orange' : 'blue'}
                        aria-label={`${m.dashboard.coaching} ${r.title}`}
                      />
                    ) : null}
                    <Text size="xs">
                      {formatHours(r.coachingMinutes)}
                      {r.coachingBudgetMinutes ? ` / ${formatHours(r.coachingBudgetMinutes)}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <InvoiceBadge status={r.invoiceStatus} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {dashboard.data && dashboard.data.coaches.length > 0 && (
          <>
            <Title order={2} size="h4" mt="xl" mb="sm">
              {m.dashboard.coaches}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {dashboard.data.coaches.map((c) => (
                <Card key={c.userId} withBorder>
                  <Text fw={500}>{c.name}</Text>
                  <Text size="sm">
                    {formatHours(c.minutes)}
                    {c.budgetMinutes ? ` / ${formatHours(c.budgetMinutes)}` : ''}
                    <VisuallyHidden> {m.dashboard.coaching}</VisuallyHidden>
                  </Text>
                </Card>
              ))}
            </SimpleGrid>
          </>
        )}
      </QueryState>
    </>
  );
}
