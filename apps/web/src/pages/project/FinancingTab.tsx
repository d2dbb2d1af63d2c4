import { Badge, Button, Card, Group, List, Progress, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth';
import { notifyError } from '../../components/notify';
import { QueryState } from '../../components/states';
import { formatDate, formatDateTime } from '../../format';
import { m } from '../../messages';
import { PlanSection } from './FinancingPlan';

const FINISHED = new Set(['succeeded', 'failed']);

function Criteria({ label, items, color }: { label: string; items: string[]; color: string }) {
  if (!items.length) return null;
  return (
    <div>
      <Text size="xs" fw={600} c={color}>
        {label}
      </Text>
      <List size="xs" spacing={0}>
        {items.map((c) => (
          <List.Item key={c}>{c}</List.Item>
        ))}
      </List>
    </div>
  );
}

export default function FinancingTab({ projectId }: { projectId: string }) {
  const { membership } = useAuth();
  const qc = useQueryClient();
  const canCompute = membership?.role === 'advisor' || membership?.role === 'admin' || membership?.role === 'coach';
  const matches = useQuery({
    queryKey: ['financing-matches', projectId],
    queryFn: () => call(api.GET('/api/projects/{id}/financing-matches', { params: { path: { id: projectId } } })),
  });
  // The recomputation runs in the worker: its job run is followed until it ends.
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => call(api.GET('/api/jobs/{id}', { params: { path: { id: jobId ?? '' } } })),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data && FINISHED.has(q.state.data.status) ? false : 1000),
  });
  const jobDone = job.data !== undefined && FINISHED.has(job.data.status);
  const waiting = jobId !== null && !jobDone;
  useEffect(() => {
    if (jobDone) void qc.invalidateQueries({ queryKey: ['financing-matches', projectId] });
  }, [jobDone, qc, projectId]);
  const compute = useMutation({
    mutationFn: () => call(api.POST('/api/projects/{id}/financing-matches', { params: { path: { id: projectId } } })),
    onSuccess: (r) => setJobId(r.id),
    onError: notifyError,
  });
  const items = matches.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {m.financing.title}
        </Title>
        {canCompute && (
          <Button variant="light" onClick={() => compute.mutate()} loading={compute.isPending || waiting}>
            {waiting ? m.financing.computing : m.financing.compute}
          </Button>
        )}
      </Group>
      {waiting && job.data && <Progress value={job.data.progress} animated aria-label={m.financing.computing} />}
      {job.data?.error && (
        <Text c="red.9" size="sm">
          {job.data.error}
        </Text>
      )}
      {matches.data?.computedAt && (
        <Text size="xs" c="dimmed">
          {formatDateTime(matches.data.computedAt)}
        </Text>
      )}
      <QueryState query={matches} isEmpty={items.length === 0} empty={m.financing.none}>
        <Stack gap="sm">
          {items.map((x) => (
            <Card key={x.scheme.id} withBorder data-testid="financing-match">
              <Group justify="space-between" align="flex-start">
                <div>
                  <Text fw={600}>{x.scheme.name}</Text>
                  <Text size="sm" c="dimmed">
                    {x.scheme.funder}
                  </Text>
                </div>
                <Group gap={4}>
                  <Badge color={x.eligible ? 'teal' : 'gray'}>{x.eligible ? m.financing.eligible : m.financing.notEligible}</Badge>
                  {x.nextDeadline && (
                    <Badge variant="outline" color="grape">
                      {m.financing.deadline} : {formatDate(x.nextDeadline.date)}
                    </Badge>
                  )}
                </Group>
              </Group>
              <Group align="flex-start" grow mt="xs">
                <Criteria label={m.financing.met} items={x.met} color="teal.9" />
                <Criteria label={m.financing.unmet} items={x.unmet} color="red.9" />
                <Criteria label={m.financing.unknown} items={x.unknown} color="grape.9" />
              </Group>
            </Card>
          ))}
        </Stack>
      </QueryState>
      <PlanSection projectId={projectId} canEdit={canCompute} />
    </Stack>
  );
}
