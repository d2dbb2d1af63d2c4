import { Alert, Box, Group, Paper, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { Milestone } from '../../api/types';
import { MilestoneBadge } from '../../components/badges';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryState } from '../../components/states';
import { formatDate, todayIso } from '../../format';
import { m } from '../../messages';

const DAY = 86_400_000;
const toDay = (d: string): number => Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / DAY;
const BAR_COLORS: Record<string, string> = { todo: 'var(--mantine-color-gray-5)', in_progress: 'var(--mantine-color-blue-6)', done: 'var(--mantine-color-teal-7)', blocked: 'var(--mantine-color-orange-7)' };

/** Retro-planning as a Gantt chart: one row per milestone, grouped by phase, plain CSS bars. */
function Gantt({ milestones }: { milestones: Milestone[] }) {
  if (!milestones.length) return null;
  const start = Math.min(...milestones.map((x) => toDay(x.startDate)));
  const end = Math.max(...milestones.map((x) => toDay(x.dueDate))) + 1;
  const span = Math.max(1, end - start);
  const today = toDay(todayIso());
  const pct = (d: number) => `${(100 * (d - start)) / span}%`;
  const phases = [...new Set(milestones.map((x) => x.phase))];
  return (
    <Paper withBorder p="sm" mb="lg">
      <Title order={2} size="h5" mb="xs">
        {m.milestones.timeline}
      </Title>
      <Group justify="space-between" mb={4}>
        <Text size="xs">{formatDate(new Date(start * DAY).toISOString().slice(0, 10))}</Text>
        <Text size="xs">{formatDate(new Date((end - 1) * DAY).toISOString().slice(0, 10))}</Text>
      </Group>
      <Stack gap="xs">
        {phases.map((phase) => (
          <div key={phase}>
            <Text size="sm" fw={600}>
              {phase}
            </Text>
            {milestones
              .filter((x) => x.phase === phase)
              .map((x) => (
                <Group key={x.id} gap="xs" wrap="nowrap" align="center">
                  <Text size="xs" w={220} truncate="end" title={x.title}>
                    {x.title}
                  </Text>
                  <Box pos="relative" h={14} style={{ flex: 1, background: 'var(--mantine-color-gray-1)', borderRadius: 3 }}>
                    {today >= start && today <= end && <Box pos="absolute" top={-2} bottom={-2} w={2} bg="red.7" style={{ left: pct(today) }} aria-hidden />}
                    <Tooltip label={`${x.title} : ${formatDate(x.startDate)} → ${formatDate(x.dueDate)} (${m.milestones.statuses[x.status]}${x.late ? `, ${m.milestones.late.toLowerCase()}` : ''})`}>
                      <Box
                        pos="absolute"
                        top={2}
                        h={10}
                        role="img"
                        aria-label={`${x.title} : ${formatDate(x.startDate)} → ${formatDate(x.dueDate)}`}
                        style={{
                          left: pct(toDay(x.startDate)),
                          width: `max(4px, ${(100 * (toDay(x.dueDate) + 1 - toDay(x.startDate))) / span}%)`,
                          background: x.late ? 'var(--mantine-color-red-7)' : BAR_COLORS[x.status],
                          borderRadius: 3,
                        }}
                      />
                    </Tooltip>
                  </Box>
                </Group>
              ))}
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

export default function MilestonesTab({ projectId }: { projectId: string }) {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ['milestones', projectId], queryFn: () => call(api.GET('/api/projects/{id}/milestones', { params: { path: { id: projectId } } })) });
  const update = useMutation({
    mutationFn: ({ id, status }: { id: string; status: Milestone['status'] }) => call(api.PATCH('/api/milestones/{id}', { params: { path: { id } }, body: { status } })),
    onSuccess: () => {
      notifySuccess(m.milestones.updated);
      void qc.invalidateQueries({ queryKey: ['milestones', projectId] });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    },
    onError: notifyError,
  });
  const items = query.data?.items ?? [];
  const late = items.filter((x) => x.late).length;
  return (
    <QueryState query={query} isEmpty={items.length === 0}>
      <Alert color={late ? 'red' : 'teal'} mb="md" role="status">
        {m.milestones.lateSummary(late)}
      </Alert>
      <Gantt milestones={items} />
      <Table.ScrollContainer minWidth={700}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{m.milestones.title}</Table.Th>
              <Table.Th>{m.milestones.phase}</Table.Th>
              <Table.Th>{m.milestones.due}</Table.Th>
              <Table.Th>{m.milestones.status}</Table.Th>
              <Table.Th w={180}>{m.common.save}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((x) => (
              <Table.Tr key={x.id} bg={x.late ? 'red.0' : undefined} data-testid="milestone-row">
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {x.title}
                  </Text>
                </Table.Td>
                <Table.Td>{x.phase}</Table.Td>
                <Table.Td>
                  <Text size="sm" c={x.late ? 'red.9' : undefined} fw={x.late ? 700 : undefined}>
                    {formatDate(x.dueDate)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <MilestoneBadge status={x.status} />
                    {x.late && <MilestoneBadge status={x.status} late />}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={m.milestones.changeStatus(x.title)}
                    value={x.status}
                    allowDeselect={false}
                    disabled={update.isPending}
                    data={Object.entries(m.milestones.statuses).map(([value, label]) => ({ value, label }))}
                    onChange={(v) => v && v !== x.status && update.mutate({ id: x.id, status: v as Milestone['status'] })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </QueryState>
  );
}
