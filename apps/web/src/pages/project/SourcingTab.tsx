import { Badge, Button, Card, Group, List, NumberInput, Progress, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { Candidate, Project, SourcingRequest } from '../../api/types';
import { useAuth } from '../../auth';
import { Section } from '../../components/Layout';
import { formErrorHandler, notifyError, notifySuccess } from '../../components/notify';
import { LoadMore, QueryState, usePaged } from '../../components/states';
import { formatDateTime, formatNumber } from '../../format';
import { m } from '../../messages';

const running = (r: SourcingRequest): boolean => r.status === 'queued' || r.status === 'running';
const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function LaunchForm({ project, onLaunched }: { project: Project; onLaunched: (r: SourcingRequest) => void }) {
  const form = useForm({ initialValues: { label: '', direction: 'upstream', nafCodes: project.company.nafCode ?? '', keywords: '', radiusKm: 100 } });
  const launch = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(
        api.POST('/api/projects/{id}/sourcing-requests', {
          params: { path: { id: project.id } },
          body: { label: v.label.trim(), direction: v.direction as 'upstream', nafCodes: list(v.nafCodes), keywords: list(v.keywords), radiusKm: v.radiusKm },
        }),
      ),
    onSuccess: (r) => {
      notifySuccess(m.sourcing.launched);
      onLaunched(r);
    },
    onError: formErrorHandler(form),
  });
  return (
    <Section id="launch-sourcing" title={m.sourcing.launch}>
      <form onSubmit={form.onSubmit((v) => launch.mutate(v))} noValidate>
        <Group align="flex-end" wrap="wrap">
          <TextInput label={m.sourcing.label} required {...form.getInputProps('label')} />
          <Select label={m.sourcing.direction} allowDeselect={false} data={Object.entries(m.sourcing.directions).map(([value, label]) => ({ value, label }))} {...form.getInputProps('direction')} />
          <TextInput label={m.sourcing.naf} {...form.getInputProps('nafCodes')} />
          <TextInput label={m.sourcing.keywords} {...form.getInputProps('keywords')} />
          <NumberInput label={m.sourcing.radius} min={1} max={1000} w={120} {...form.getInputProps('radiusKm')} />
          <Button type="submit" loading={launch.isPending}>
            {m.sourcing.launch}
          </Button>
        </Group>
      </form>
    </Section>
  );
}

function Candidates({ request, canEdit }: { request: SourcingRequest; canEdit: boolean }) {
  const qc = useQueryClient();
  const key = ['candidates', request.id];
  const query = usePaged(key, (cursor) => call(api.GET('/api/sourcing-requests/{id}/candidates', { params: { path: { id: request.id }, query: { cursor } } })));
  const update = useMutation({
    mutationFn: ({ id, status }: { id: string; status: Candidate['status'] }) => call(api.PATCH('/api/sourcing-candidates/{id}', { params: { path: { id } }, body: { status } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
    onError: notifyError,
  });
  return (
    <QueryState query={query} isEmpty={query.items.length === 0} empty={m.sourcing.noCandidates}>
      <Table.ScrollContainer minWidth={800}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{m.projects.company}</Table.Th>
              <Table.Th>{m.sourcing.score}</Table.Th>
              <Table.Th>{m.sourcing.distance}</Table.Th>
              <Table.Th>{m.sourcing.reasons}</Table.Th>
              <Table.Th w={170}>{m.sourcing.status}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.items.map((c) => (
              <Table.Tr key={c.id} data-testid="candidate-row">
                <Table.Td>{c.rank}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {c.supplier.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {c.supplier.communeName ?? ''} · {c.supplier.nafCode ?? ''}
                  </Text>
                </Table.Td>
                <Table.Td>{formatNumber(c.score)}</Table.Td>
                <Table.Td>{c.distanceKm === null ? m.common.none : `${formatNumber(c.distanceKm)} km`}</Table.Td>
                <Table.Td>
                  <List size="xs">
                    {c.reasons.map((r) => (
                      <List.Item key={r}>{r}</List.Item>
                    ))}
                  </List>
                </Table.Td>
                <Table.Td>
                  {canEdit ? (
                    <Select
                      size="xs"
                      aria-label={m.sourcing.changeStatus(c.supplier.name)}
                      value={c.status}
                      allowDeselect={false}
                      data={Object.entries(m.sourcing.statuses).map(([value, label]) => ({ value, label }))}
                      onChange={(v) => v && v !== c.status && update.mutate({ id: c.id, status: v as Candidate['status'] })}
                    />
                  ) : (
                    <Badge variant="light">{m.sourcing.statuses[c.status]}</Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore query={query} />
    </QueryState>
  );
}

/** One request: its progress while the worker ranks (polled), then its candidates. */
function RequestCard({ initial, canEdit, open, onOpen }: { initial: SourcingRequest; canEdit: boolean; open: boolean; onOpen: () => void }) {
  const poll = useQuery({
    queryKey: ['sourcing-request', initial.id],
    queryFn: () => call(api.GET('/api/sourcing-requests/{id}', { params: { path: { id: initial.id } } })),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && running(q.state.data) ? 1000 : false),
  });
  const r = poll.data;
  return (
    <Card withBorder data-testid="sourcing-request">
      <Group justify="space-between">
        <div>
          <Text fw={600}>{r.label}</Text>
          <Text size="xs" c="dimmed">
            {m.sourcing.directions[r.direction]} · {r.nafCodes.join(', ')} · {formatDateTime(r.createdAt)}
          </Text>
        </div>
        <Group gap="xs">
          <Badge color={r.status === 'failed' ? 'red' : r.status === 'succeeded' ? 'teal' : 'blue'}>{m.sourcing.requestStatuses[r.status]}</Badge>
          {r.status === 'succeeded' && (
            <Button size="xs" variant={open ? 'filled' : 'light'} onClick={onOpen}>
              {m.sourcing.candidates} ({r.candidateCount})
            </Button>
          )}
        </Group>
      </Group>
      {running(r) && <Progress mt="sm" value={r.progress} animated aria-label={`${m.sourcing.progress} ${r.label}`} />}
      {r.error && (
        <Text c="red.9" size="sm">
          {r.error}
        </Text>
      )}
      {open && r.status === 'succeeded' && (
        <Stack mt="md">
          <Candidates request={r} canEdit={canEdit} />
        </Stack>
      )}
    </Card>
  );
}

export default function SourcingTab({ project }: { project: Project }) {
  const { membership } = useAuth();
  const canEdit = membership?.role === 'advisor' || membership?.role === 'admin' || membership?.role === 'coach';
  const [openId, setOpenId] = useState<string | null>(null);
  const query = usePaged(['sourcing-requests', project.id], (cursor) => call(api.GET('/api/projects/{id}/sourcing-requests', { params: { path: { id: project.id }, query: { cursor } } })));
  return (
    <>
      {canEdit && (
        <LaunchForm
          project={project}
          onLaunched={(r) => {
            setOpenId(r.id);
            void query.refetch();
          }}
        />
      )}
      <Title order={2} size="h4" mb="sm">
        {m.sourcing.requests}
      </Title>
      <QueryState query={query} isEmpty={query.items.length === 0} empty={m.sourcing.none}>
        <Stack>
          {query.items.map((r) => (
            <RequestCard key={r.id} initial={r} canEdit={canEdit} open={openId === r.id} onOpen={() => setOpenId(openId === r.id ? null : r.id)} />
          ))}
        </Stack>
        <LoadMore query={query} />
      </QueryState>
    </>
  );
}
