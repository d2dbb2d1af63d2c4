import { Badge, Button, Card, FileInput, Group, List, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, callAs, type Schemas } from '../../api/client';
import { useOrganisationOptions } from '../../api/organisations';
import type { Page } from '../../api/types';
import { downloadAttachment, uploadFile } from '../../api/upload';
import { useAuth } from '../../auth';
import { Section } from '../../components/Layout';
import { formErrorHandler, notifyError, notifySuccess } from '../../components/notify';
import { LoadMore, QueryState, usePaged } from '../../components/states';
import { formatDate, formatNumber } from '../../format';
import { m } from '../../messages';

type Team = Schemas['AcademicTeamView'];
type Status = Team['status'];
type MemberRole = Team['members'][number]['role'];
const STATUSES = Object.keys(m.academic.statuses) as Status[];
const STATUS_COLOR: Record<Status, string> = { planned: 'gray', in_progress: 'blue', submitted: 'teal', assessed: 'grape' };

function CreateTeam({ projectId, onCreated }: { projectId: string; onCreated: () => void }) {
  const schools = useOrganisationOptions('school');
  const form = useForm({ initialValues: { title: '', dueDate: '', schoolOrganisationId: '' } });
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(
        api.POST('/api/projects/{id}/academic-teams', {
          params: { path: { id: projectId } },
          body: { title: v.title.trim(), dueDate: v.dueDate, ...(v.schoolOrganisationId ? { schoolOrganisationId: v.schoolOrganisationId } : {}) },
        }),
      ),
    onSuccess: () => {
      notifySuccess(m.academic.created);
      form.reset();
      onCreated();
    },
    onError: formErrorHandler(form),
  });
  return (
    <Section id="new-academic-team" title={m.academic.create}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Group align="flex-start" wrap="wrap">
          <TextInput label={m.academic.subject} required w={360} {...form.getInputProps('title')} />
          <TextInput type="date" label={m.academic.dueDate} required {...form.getInputProps('dueDate')} />
          <Select label={m.academic.school} data={[{ value: '', label: m.academic.noSchool }, ...schools]} allowDeselect={false} {...form.getInputProps('schoolOrganisationId')} />
          <Button type="submit" mt={25} loading={create.isPending}>
            {m.common.create}
          </Button>
        </Group>
      </form>
    </Section>
  );
}

function AddMember({ team, onChanged }: { team: Team; onChanged: (t: Team) => void }) {
  const form = useForm({ initialValues: { name: '', role: 'student' as MemberRole } });
  const add = useMutation({
    mutationFn: (v: typeof form.values) => call(api.POST('/api/academic-teams/{id}/members', { params: { path: { id: team.id } }, body: { name: v.name.trim(), role: v.role } })),
    onSuccess: (t) => {
      notifySuccess(m.academic.memberAdded);
      form.reset();
      onChanged(t);
    },
    onError: formErrorHandler(form),
  });
  return (
    <form onSubmit={form.onSubmit((v) => add.mutate(v))} noValidate aria-label={`${m.academic.addMember} — ${team.title}`}>
      <Group align="flex-end" wrap="wrap">
        <TextInput label={m.academic.memberName} required size="xs" {...form.getInputProps('name')} />
        <Select label={m.academic.memberRole} size="xs" allowDeselect={false} data={Object.entries(m.academic.roles).map(([value, label]) => ({ value, label }))} {...form.getInputProps('role')} />
        <Button type="submit" size="xs" variant="light" loading={add.isPending}>
          {m.academic.addMember}
        </Button>
      </Group>
    </form>
  );
}

function Assess({ team, onChanged }: { team: Team; onChanged: (t: Team) => void }) {
  const form = useForm({ initialValues: { assessment: team.assessment ?? '', grade: (team.grade ?? '') as number | string } });
  const assess = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(api.PATCH('/api/academic-teams/{id}', { params: { path: { id: team.id } }, body: { status: 'assessed', assessment: v.assessment, grade: v.grade === '' ? null : Number(v.grade) } })),
    onSuccess: (t) => {
      notifySuccess(m.academic.assessed);
      onChanged(t);
    },
    onError: formErrorHandler(form),
  });
  return (
    <form onSubmit={form.onSubmit((v) => assess.mutate(v))} noValidate>
      <Group align="flex-start" wrap="wrap">
        <Textarea label={m.academic.assessment} required autosize minRows={2} w={420} {...form.getInputProps('assessment')} />
        <NumberInput label={m.academic.grade} min={0} max={20} decimalScale={2} decimalSeparator="," w={120} {...form.getInputProps('grade')} />
        <Button type="submit" mt={25} loading={assess.isPending}>
          {m.academic.assess}
        </Button>
      </Group>
    </form>
  );
}

function TeamCard({ team, staff, canUpload, onChanged }: { team: Team; staff: boolean; canUpload: boolean; onChanged: (t: Team) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const setStatus = useMutation({
    mutationFn: (status: Status) => call(api.PATCH('/api/academic-teams/{id}', { params: { path: { id: team.id } }, body: { status } })),
    onSuccess: (t) => {
      notifySuccess(m.academic.statusSaved);
      onChanged(t);
    },
    onError: notifyError,
  });
  const upload = useMutation({
    mutationFn: (f: File) => uploadFile<Team>('PUT', `/api/academic-teams/${team.id}/document`, f),
    onSuccess: (t) => {
      notifySuccess(m.academic.uploaded);
      setFile(null);
      onChanged(t);
    },
    onError: notifyError,
  });
  const internal = team.documentUrl?.includes(`/api/academic-teams/${team.id}/document`) ?? false;
  return (
    <Card withBorder data-testid="academic-team">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3} size="h4">
            {team.title}
          </Title>
          <Text size="sm" c="dimmed">
            {team.schoolName ?? m.academic.noSchool} · {m.academic.dueDate} : {formatDate(team.dueDate)}
          </Text>
        </div>
        <Group gap="xs">
          {team.late && <Badge color="red">{m.academic.late}</Badge>}
          {staff ? (
            <Select
              size="xs"
              aria-label={m.academic.changeStatus(team.title)}
              value={team.status}
              allowDeselect={false}
              data={STATUSES.map((s) => ({ value: s, label: m.academic.statuses[s] ?? s }))}
              onChange={(v) => v && v !== team.status && setStatus.mutate(v)}
              w={150}
            />
          ) : (
            <Badge variant="light" color={STATUS_COLOR[team.status]}>
              {m.academic.statuses[team.status]}
            </Badge>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} mt="md">
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {m.academic.members}
          </Text>
          {team.members.length ? (
            <List size="sm">
              {team.members.map((x) => (
                <List.Item key={x.id}>
                  {x.name} — {m.academic.roles[x.role]}
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm" c="dimmed">
              {m.academic.noMembers}
            </Text>
          )}
          {staff && <AddMember team={team} onChanged={onChanged} />}
        </Stack>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {m.academic.document}
          </Text>
          {team.documentUrl ? (
            internal ? (
              <Button size="xs" variant="light" w="fit-content" onClick={() => void downloadAttachment(`/api/academic-teams/${team.id}/document`, 'livrable').catch(notifyError)}>
                {m.academic.downloadDocument}
              </Button>
            ) : (
              <Text component="a" href={team.documentUrl} target="_blank" rel="noreferrer" size="sm" c="blue.9">
                {team.documentUrl}
              </Text>
            )
          ) : (
            <Text size="sm" c="dimmed">
              {m.academic.noDocument}
            </Text>
          )}
          {canUpload && team.status !== 'assessed' && (
            <Group align="flex-end">
              <FileInput label={m.academic.uploadLabel} size="xs" value={file} onChange={setFile} accept=".pdf,.docx,.xlsx,.pptx,.odt" clearable w={320} />
              <Button size="xs" disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file)}>
                {m.academic.upload}
              </Button>
            </Group>
          )}
          {team.assessment && (
            <Text size="sm">
              {m.academic.assessment} : {team.assessment}
              {team.grade !== null ? ` — ${formatNumber(team.grade)} / 20` : ''}
            </Text>
          )}
        </Stack>
      </SimpleGrid>
      {staff && team.status === 'submitted' && (
        <Stack mt="md">
          <Assess team={team} onChanged={onChanged} />
        </Stack>
      )}
    </Card>
  );
}

/** The project's academic teams (student studies): create, members, deliverable, status and assessment. */
export default function AcademicTab({ projectId }: { projectId: string }) {
  const qc = useQueryClient();
  const { membership } = useAuth();
  const staff = membership?.role === 'admin' || membership?.role === 'advisor';
  const canUpload = staff || membership?.role === 'coach';
  const key = ['academic-teams', projectId];
  const teams = usePaged(key, (cursor) => callAs<Page<Team>>(api.GET('/api/projects/{id}/academic-teams', { params: { path: { id: projectId }, query: { cursor } } })));
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  return (
    <Stack>
      {staff && <CreateTeam projectId={projectId} onCreated={refresh} />}
      <QueryState query={teams} isEmpty={teams.items.length === 0} empty={m.academic.none}>
        <Stack>
          {teams.items.map((t) => (
            <TeamCard key={t.id} team={t} staff={staff} canUpload={canUpload} onChanged={refresh} />
          ))}
        </Stack>
        <LoadMore query={teams} />
      </QueryState>
    </Stack>
  );
}
