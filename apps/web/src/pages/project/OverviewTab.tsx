import { Card, Group, List, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { Project } from '../../api/types';
import { formatDate, formatHours, formatMoney, formatNumber } from '../../format';
import { m } from '../../messages';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text>{children}</Text>
    </div>
  );
}

export default function OverviewTab({ project: p }: { project: Project }) {
  const budget = useQuery({ queryKey: ['budget', p.id], queryFn: () => call(api.GET('/api/projects/{id}/coaching-budget', { params: { path: { id: p.id } } })) });
  const sessions = useQuery({ queryKey: ['sessions', p.id], queryFn: () => call(api.GET('/api/projects/{id}/sessions', { params: { path: { id: p.id } } })) });
  const nextSteps = (sessions.data?.items ?? []).flatMap((s) => s.nextSteps.filter((n) => !n.milestoneId).map((n) => ({ ...n, key: `${s.id}-${n.index}` })));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder>
        <Stack gap="sm">
          <Field label={m.projects.summary}>{p.summary || m.common.none}</Field>
          <Group grow>
            <Field label={m.projects.company}>{p.company.name}</Field>
            <Field label={m.projects.siret}>{p.company.siret}</Field>
          </Group>
          <Group grow>
            <Field label={m.projects.investment}>{formatMoney(p.investmentCents)}</Field>
            <Field label={m.projects.jobs}>{formatNumber(p.jobsPlanned)}</Field>
          </Group>
          <Field label={m.projects.products}>{p.products.map((x) => x.label).join(', ') || m.common.none}</Field>
          <Field label={m.projects.members}>{p.members.map((x) => `${x.name} (${m.roles[x.role]})`).join(', ') || m.common.none}</Field>
        </Stack>
      </Card>
      <Stack>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            {m.projects.budget}
          </Title>
          {budget.data && (
            <>
              {budget.data.budgetMinutes !== null && (
                <Progress value={Math.min(100, budget.data.usedPercent ?? 0)} color={budget.data.alert === 'exceeded' ? 'red' : budget.data.alert === 'warning' ? 'orange' : 'blue'} aria-label={m.projects.budget} />
              )}
              <Text size="sm" mt={4}>
                {formatHours(budget.data.usedMinutes)}
                {budget.data.budgetMinutes !== null ? ` / ${formatHours(budget.data.budgetMinutes)}` : ''}
              </Text>
            </>
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            {m.projects.nextSteps}
          </Title>
          {nextSteps.length ? (
            <List size="sm" spacing={4}>
              {nextSteps.map((n) => (
                <List.Item key={n.key}>
                  {n.title}
                  {n.dueDate ? ` — ${formatDate(n.dueDate)}` : ''}
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm" c="dimmed">
              {m.common.empty}
            </Text>
          )}
        </Card>
      </Stack>
    </SimpleGrid>
  );
}
