import { Badge, Button, Card, Checkbox, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, callAs, type Schemas } from '../api/client';
import type { Page, Project } from '../api/types';
import { PageTitle, Section } from '../components/Layout';
import { formErrorHandler, notifyError, notifySuccess } from '../components/notify';
import { LoadMore, QueryState, usePaged } from '../components/states';
import { formatDateTime, formatNumber } from '../format';
import { m } from '../messages';
import { fetchCohorts } from './CohortsPage';

type Training = Schemas['TrainingView'];
type Mode = Training['mode'];

/** A date and a time typed in Europe/Paris → an ISO instant with its offset (what the API asks). */
export function parisInstant(date: string, time: string): string {
  const local = `${date}T${time}:00`;
  const guess = new Date(`${local}Z`);
  if (Number.isNaN(guess.getTime())) return local;
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' }).formatToParts(guess).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const offset = name === 'GMT' ? '+00:00' : name.replace('GMT', '');
  return `${local}${offset}`;
}

function useCohortProjects(cohortId: string) {
  const query = useQuery({
    queryKey: ['cohort-projects', cohortId],
    queryFn: () => callAs<Page<Project>>(api.GET('/api/cohorts/{id}/projects', { params: { path: { id: cohortId }, query: { limit: 100 } } })),
  });
  return query.data?.items ?? [];
}

function CreateTraining({ cohortId, projects, onCreated }: { cohortId: string; projects: Project[]; onCreated: () => void }) {
  const form = useForm({
    initialValues: { topic: '', trainerName: '', date: '', time: '09:00', durationMinutes: 180 as number | string, mode: 'onsite' as Mode, location: '', capacity: 12 as number | string, projectIds: [] as string[] },
  });
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(
        api.POST('/api/cohorts/{id}/trainings', {
          params: { path: { id: cohortId } },
          body: {
            topic: v.topic.trim(),
            trainerName: v.trainerName.trim(),
            startsAt: parisInstant(v.date, v.time),
            durationMinutes: Number(v.durationMinutes),
            mode: v.mode,
            location: v.location.trim(),
            capacity: Number(v.capacity),
            projectIds: v.projectIds,
          },
        }),
      ),
    onSuccess: () => {
      notifySuccess(m.trainings.created);
      form.reset();
      onCreated();
    },
    onError: formErrorHandler(form, (f) => (f === 'startsAt' ? 'date' : f.replace(/\.\d+$/, ''))),
  });
  return (
    <Section id="new-training" title={m.trainings.create}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <TextInput label={m.trainings.topic} required {...form.getInputProps('topic')} />
          <TextInput label={m.trainings.trainer} required {...form.getInputProps('trainerName')} />
          <TextInput type="date" label={m.trainings.date} required {...form.getInputProps('date')} />
          <TextInput type="time" label={m.trainings.time} required {...form.getInputProps('time')} />
          <NumberInput label={m.trainings.duration} min={15} max={2880} step={15} required {...form.getInputProps('durationMinutes')} />
          <Select label={m.trainings.mode} allowDeselect={false} data={Object.entries(m.trainings.modes).map(([value, label]) => ({ value, label }))} {...form.getInputProps('mode')} />
          <TextInput label={m.trainings.location} required {...form.getInputProps('location')} />
          <NumberInput label={m.trainings.capacity} min={1} max={500} required {...form.getInputProps('capacity')} />
        </SimpleGrid>
        <MultiSelect mt="sm" label={m.trainings.invitedProjects} searchable data={projects.map((p) => ({ value: p.id, label: p.title }))} {...form.getInputProps('projectIds')} />
        <Group mt="md">
          <Button type="submit" loading={create.isPending}>
            {m.common.create}
          </Button>
        </Group>
      </form>
    </Section>
  );
}

function Invite({ training, projects, onChanged }: { training: Training; projects: Project[]; onChanged: () => void }) {
  const [ids, setIds] = useState<string[]>([]);
  const invited = new Set(training.projects.map((p) => p.projectId));
  const invite = useMutation({
    mutationFn: () => call(api.POST('/api/trainings/{id}/invitations', { params: { path: { id: training.id } }, body: { projectIds: ids } })),
    onSuccess: () => {
      notifySuccess(m.trainings.invited);
      setIds([]);
      onChanged();
    },
    onError: notifyError,
  });
  const options = projects.filter((p) => !invited.has(p.id)).map((p) => ({ value: p.id, label: p.title }));
  if (options.length === 0) return null;
  return (
    <Group align="flex-end">
      <MultiSelect label={m.trainings.invite} searchable data={options} value={ids} onChange={setIds} w={420} />
      <Button variant="light" disabled={ids.length === 0} loading={invite.isPending} onClick={() => invite.mutate()}>
        {m.trainings.inviteSubmit}
      </Button>
    </Group>
  );
}

function Register({ training, onChanged }: { training: Training; onChanged: () => void }) {
  const form = useForm({ initialValues: { projectId: training.projects[0]?.projectId ?? '', name: '' } });
  const register = useMutation({
    mutationFn: (v: typeof form.values) => call(api.POST('/api/trainings/{id}/registrations', { params: { path: { id: training.id } }, body: { projectId: v.projectId, name: v.name.trim() } })),
    onSuccess: () => {
      notifySuccess(m.trainings.registered);
      form.setFieldValue('name', '');
      onChanged();
    },
    onError: formErrorHandler(form),
  });
  if (training.projects.length === 0) return null;
  return (
    <form onSubmit={form.onSubmit((v) => register.mutate(v))} noValidate aria-label={m.trainings.register}>
      <Group align="flex-start" wrap="wrap">
        <Select label={m.trainings.project} allowDeselect={false} data={training.projects.map((p) => ({ value: p.projectId, label: p.title }))} w={320} {...form.getInputProps('projectId')} />
        <TextInput label={m.trainings.participantName} required {...form.getInputProps('name')} />
        <Button type="submit" mt={25} variant="light" loading={register.isPending}>
          {m.trainings.registerSubmit}
        </Button>
      </Group>
    </form>
  );
}

function Registrations({ training, started, onChanged }: { training: Training; started: boolean; onChanged: () => void }) {
  const [attended, setAttended] = useState<Record<string, boolean>>(() => Object.fromEntries(training.registrations.map((r) => [r.id, r.attended ?? false])));
  const titleOf = new Map(training.projects.map((p) => [p.projectId, p.title]));
  const save = useMutation({
    mutationFn: () =>
      call(api.PUT('/api/trainings/{id}/attendance', { params: { path: { id: training.id } }, body: { items: training.registrations.map((r) => ({ registrationId: r.id, attended: attended[r.id] ?? false })) } })),
    onSuccess: () => {
      notifySuccess(m.trainings.attendanceSaved);
      onChanged();
    },
    onError: notifyError,
  });
  const unregister = useMutation({
    mutationFn: (registrationId: string) => call(api.DELETE('/api/trainings/{id}/registrations/{registrationId}', { params: { path: { id: training.id, registrationId } } })),
    onSuccess: () => {
      notifySuccess(m.trainings.unregistered);
      onChanged();
    },
    onError: notifyError,
  });
  if (training.registrations.length === 0) return <Text c="dimmed">{m.trainings.noRegistration}</Text>;
  return (
    <>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{m.trainings.participant}</Table.Th>
            <Table.Th>{m.trainings.project}</Table.Th>
            <Table.Th>{m.trainings.attendance}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {training.registrations.map((r) => (
            <Table.Tr key={r.id} data-testid="registration-row">
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>{titleOf.get(r.projectId) ?? m.common.none}</Table.Td>
              <Table.Td>
                {started ? (
                  <Checkbox aria-label={m.trainings.attended(r.name)} checked={attended[r.id] ?? false} onChange={(e) => setAttended((a) => ({ ...a, [r.id]: e.currentTarget.checked }))} />
                ) : (
                  m.common.none
                )}
              </Table.Td>
              <Table.Td>
                {!started && (
                  <Button size="xs" variant="subtle" color="red" aria-label={m.trainings.unregister(r.name)} onClick={() => unregister.mutate(r.id)}>
                    {m.trainings.unregisterShort}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {started ? (
        <Button mt="sm" w="fit-content" loading={save.isPending} onClick={() => save.mutate()}>
          {m.trainings.saveAttendance}
        </Button>
      ) : (
        <Text size="sm" c="dimmed" mt="xs">
          {m.trainings.attendanceLater}
        </Text>
      )}
    </>
  );
}

function TrainingCard({ training, projects, onChanged }: { training: Training; projects: Project[]; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  // Registrations close and attendance opens when the training starts (as the API decides).
  const [now] = useState(Date.now);
  const started = new Date(training.startsAt).getTime() <= now;
  const panelId = `training-${training.id}`;
  return (
    <Card withBorder data-testid="training">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3} size="h4">
            {training.topic}
          </Title>
          <Text size="sm" c="dimmed">
            {formatDateTime(training.startsAt)} · {formatNumber(training.durationMinutes)} min · {m.trainings.modes[training.mode]} · {training.location}
          </Text>
          <Text size="sm">
            {m.trainings.trainer} : {training.trainerName}
          </Text>
        </div>
        <Group gap="xs">
          <Badge variant="light" color={training.seatsLeft === 0 ? 'red' : 'blue'}>
            {m.trainings.seats(training.seatsTaken, training.capacity)}
          </Badge>
          <Button size="xs" variant={open ? 'filled' : 'light'} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
            {m.trainings.details}
          </Button>
        </Group>
      </Group>
      <Group gap={4} mt="xs">
        <Text size="sm" fw={600}>
          {m.trainings.invitedProjects} :
        </Text>
        {training.projects.length ? training.projects.map((p) => <Badge key={p.projectId} variant="outline" size="sm">{p.title}</Badge>) : <Text size="sm">{m.common.none}</Text>}
      </Group>
      <div id={panelId}>
        {open && (
          <Stack mt="md">
            {!started && <Invite training={training} projects={projects} onChanged={onChanged} />}
            <Title order={4} size="h5">
              {m.trainings.registrations}
            </Title>
            <Registrations key={training.registrations.map((r) => `${r.id}:${r.attended}`).join(',')} training={training} started={started} onChanged={onChanged} />
            {!started && <Register training={training} onChanged={onChanged} />}
          </Stack>
        )}
      </div>
    </Card>
  );
}

function CohortTrainings({ cohortId }: { cohortId: string }) {
  const qc = useQueryClient();
  const key = ['trainings', cohortId];
  const projects = useCohortProjects(cohortId);
  const trainings = usePaged(key, (cursor) => callAs<Page<Training>>(api.GET('/api/cohorts/{id}/trainings', { params: { path: { id: cohortId }, query: { cursor } } })));
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  return (
    <Stack>
      <CreateTraining cohortId={cohortId} projects={projects} onCreated={refresh} />
      <QueryState query={trainings} isEmpty={trainings.items.length === 0} empty={m.trainings.none}>
        <Stack>
          {trainings.items.map((t) => (
            <TrainingCard key={t.id} training={t} projects={projects} onChanged={refresh} />
          ))}
        </Stack>
        <LoadMore query={trainings} />
      </QueryState>
    </Stack>
  );
}

/** Group trainings of a cohort: create, invite projects, register participants, take attendance. */
export default function TrainingsPage() {
  const cohorts = usePaged(['cohorts'], fetchCohorts);
  const [cohortId, setCohortId] = useState<string | null>(null);
  const chosen = cohorts.items.find((c) => c.id === cohortId) ?? cohorts.items[0];
  return (
    <>
      <PageTitle>{m.trainings.title}</PageTitle>
      <QueryState query={cohorts} isEmpty={cohorts.items.length === 0}>
        <Stack>
          <Select label={m.trainings.cohort} data={cohorts.items.map((c) => ({ value: c.id, label: c.name }))} value={chosen?.id ?? null} onChange={setCohortId} allowDeselect={false} maw={420} />
          {chosen && <CohortTrainings key={chosen.id} cohortId={chosen.id} />}
        </Stack>
      </QueryState>
    </>
  );
}
