import { Alert, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api, ApiError, call, type Schemas } from '../api/client';
import type { Workshop } from '../api/types';
import { useAuth } from '../auth';
import { PageTitle, Section } from '../components/Layout';
import { formErrorHandler, notifyError, notifySuccess } from '../components/notify';
import { QueryState } from '../components/states';
import { formatDateTime, formatNumber } from '../format';
import { m } from '../messages';

type Evaluation = Schemas['EvaluationView'];

/** One screen to score a project: every criterion with its bounds and weight. */
function EvaluationForm({ workshop, evaluations }: { workshop: Workshop; evaluations: Evaluation[] }) {
  const qc = useQueryClient();
  const [projectId, setProjectId] = useState<string | null>(workshop.projects[0]?.projectId ?? null);
  const existing = evaluations.find((e) => e.projectId === projectId);
  const blank = () => Object.fromEntries(workshop.criteria.map((c) => [c.key, '']));
  const form = useForm<{ scores: Record<string, number | string>; comment: string }>({ initialValues: { scores: blank(), comment: '' } });
  useEffect(() => {
    const scores = (existing?.scores ?? {}) as Record<string, number>;
    form.setValues({ scores: Object.fromEntries(workshop.criteria.map((c) => [c.key, scores[c.key] ?? ''])), comment: existing?.comment ?? '' });
    form.resetDirty();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId, existing?.id]);
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(
        api.PUT('/api/workshops/{id}/evaluations/{projectId}', {
          params: { path: { id: workshop.id, projectId: projectId ?? '' } },
          body: { scores: Object.fromEntries(Object.entries(v.scores).map(([k, s]) => [k, Number(s)])) as never, ...(v.comment.trim() ? { comment: v.comment.trim() } : {}) },
        }),
      ),
    onSuccess: () => {
      notifySuccess(m.workshops.submitted);
      void qc.invalidateQueries({ queryKey: ['evaluations', workshop.id] });
    },
    onError: (e) => {
      if (e instanceof ApiError) form.setErrors(Object.fromEntries(e.errors.map((x) => [x.field.startsWith('scores.') ? x.field : x.field, x.message])));
      notifyError(e);
    },
  });
  const evaluated = new Set(evaluations.map((e) => e.projectId));
  return (
    <Section id="evaluate" title={m.workshops.evaluate}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <Select
            label={m.workshops.project}
            value={projectId}
            allowDeselect={false}
            onChange={setProjectId}
            data={workshop.projects.map((p) => ({ value: p.projectId, label: `${p.title} — ${p.companyName}${evaluated.has(p.projectId) ? ' ✓' : ''}` }))}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {workshop.criteria.map((c) => (
              <NumberInput
                key={c.key}
                label={m.workshops.score(c.label, c.maxScore)}
                description={`${m.workshops.weight} : ${formatNumber(c.weight)}`}
                min={0}
                max={c.maxScore}
                clampBehavior="none"
                required
                {...form.getInputProps(`scores.${c.key}`)}
              />
            ))}
          </SimpleGrid>
          <Textarea label={m.workshops.comment} autosize minRows={2} {...form.getInputProps('comment')} />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!projectId}>
              {m.workshops.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function Results({ workshopId }: { workshopId: string }) {
  const results = useQuery({ queryKey: ['results', workshopId], queryFn: () => call(api.GET('/api/workshops/{id}/results', { params: { path: { id: workshopId } } })) });
  return (
    <QueryState query={results} isEmpty={(results.data ?? []).length === 0}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{m.workshops.rank}</Table.Th>
            <Table.Th>{m.dashboard.project}</Table.Th>
            <Table.Th>{m.workshops.weightedScore}</Table.Th>
            <Table.Th>{m.workshops.calibratedRank}</Table.Th>
            <Table.Th>{m.workshops.calibratedScore}</Table.Th>
            <Table.Th>{m.workshops.evaluations}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(results.data ?? []).map((r) => (
            <Table.Tr key={r.projectId} data-testid="result-row">
              <Table.Td>{r.rank ?? m.common.none}</Table.Td>
              <Table.Td>{r.title}</Table.Td>
              <Table.Td>{formatNumber(r.weightedScore)}</Table.Td>
              <Table.Td>{r.calibratedRank ?? m.common.none}</Table.Td>
              <Table.Td>{formatNumber(r.calibratedScore)}</Table.Td>
              <Table.Td>{r.evaluationCount}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </QueryState>
  );
}

/** Prizes of a closed workshop: the list, and for staff the form to record one. */
function Awards({ workshop, staff }: { workshop: Workshop; staff: boolean }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: { projectId: workshop.projects[0]?.projectId ?? '', prize: '', awardedBy: '' } });
  const award = useMutation({
    mutationFn: (v: typeof form.values) => call(api.POST('/api/workshops/{id}/awards', { params: { path: { id: workshop.id } }, body: { projectId: v.projectId, prize: v.prize.trim(), awardedBy: v.awardedBy.trim() } })),
    onSuccess: () => {
      notifySuccess(m.common.saved);
      form.reset();
      void qc.invalidateQueries({ queryKey: ['workshop', workshop.id] });
    },
    onError: formErrorHandler(form),
  });
  return (
    <>
      <Title order={2} size="h4" mt="lg" mb="sm">
        {m.workshops.awards}
      </Title>
      {workshop.awards.length === 0 ? (
        <Text c="dimmed">{m.common.empty}</Text>
      ) : (
        <Table mb="md">
          <Table.Tbody>
            {workshop.awards.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.prize}</Table.Td>
                <Table.Td>{a.projectTitle}</Table.Td>
                <Table.Td>{a.awardedBy}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {staff && (
        <form onSubmit={form.onSubmit((v) => award.mutate(v))} noValidate>
          <Group align="flex-start" wrap="wrap" mt="sm">
            <Select label={m.dashboard.project} allowDeselect={false} data={workshop.projects.map((p) => ({ value: p.projectId, label: p.title }))} {...form.getInputProps('projectId')} />
            <TextInput label={m.workshops.prize} required {...form.getInputProps('prize')} />
            <TextInput label={m.workshops.awardedBy} required {...form.getInputProps('awardedBy')} />
            <Button type="submit" mt={25} loading={award.isPending}>
              {m.workshops.award}
            </Button>
          </Group>
        </form>
      )}
    </>
  );
}

export default function WorkshopPage() {
  const { id = '' } = useParams();
  const { membership } = useAuth();
  const qc = useQueryClient();
  const role = membership?.role;
  const staff = role === 'admin' || role === 'advisor';
  const workshop = useQuery({ queryKey: ['workshop', id], queryFn: () => call(api.GET('/api/workshops/{id}', { params: { path: { id } } })) });
  const evaluations = useQuery({
    queryKey: ['evaluations', id],
    queryFn: () => call(api.GET('/api/workshops/{id}/evaluations', { params: { path: { id } } })),
    enabled: role === 'partner' || staff,
    refetchInterval: staff ? 5000 : false,
  });
  const close = useMutation({
    mutationFn: () => call(api.POST('/api/workshops/{id}/close', { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(m.workshops.closed);
      void qc.invalidateQueries({ queryKey: ['workshop', id] });
      void qc.invalidateQueries({ queryKey: ['results', id] });
    },
    onError: notifyError,
  });
  const w = workshop.data;
  return (
    <QueryState query={workshop}>
      {w && (
        <>
          <PageTitle right={<Badge size="lg" color={w.status === 'open' ? 'blue' : 'gray'}>{m.workshops.statuses[w.status]}</Badge>}>{w.title}</PageTitle>
          <Text c="dimmed" mb="md">
            {formatDateTime(w.startsAt)} · {w.location}
          </Text>
          <Card withBorder mb="lg">
            <Title order={2} size="h5" mb="xs">
              {m.workshops.criteria}
            </Title>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{m.workshops.criteria}</Table.Th>
                  <Table.Th>{m.workshops.weight}</Table.Th>
                  <Table.Th>{m.workshops.max}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {w.criteria.map((c) => (
                  <Table.Tr key={c.key}>
                    <Table.Td>{c.label}</Table.Td>
                    <Table.Td>{formatNumber(c.weight)}</Table.Td>
                    <Table.Td>{c.maxScore}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          {role === 'partner' && w.status === 'open' && <EvaluationForm workshop={w} evaluations={evaluations.data ?? []} />}
          {staff && (
            <Group mb="md">
              <Text>
                {m.workshops.evaluationsReceived} : {evaluations.data?.length ?? 0} / {w.projects.length * (w.partners?.length ?? 0)}
              </Text>
              {w.status === 'open' && (
                <Button color="red" onClick={() => close.mutate()} loading={close.isPending}>
                  {m.workshops.close}
                </Button>
              )}
            </Group>
          )}
          <Title order={2} size="h4" mt="lg" mb="sm">
            {m.workshops.results}
          </Title>
          {w.status === 'closed' || staff ? <Results workshopId={w.id} /> : <Alert color="blue">{m.workshops.resultsAfterClose}</Alert>}
          {w.status === 'closed' && <Awards workshop={w} staff={staff} />}
        </>
      )}
    </QueryState>
  );
}
