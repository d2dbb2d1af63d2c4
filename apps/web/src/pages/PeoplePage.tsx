import { Alert, Badge, Button, Code, Group, Select, Table, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { PageTitle, Section } from '../components/Layout';
import { formErrorHandler, notifySuccess } from '../components/notify';
import { LoadMore, QueryState, usePaged } from '../components/states';
import { m } from '../messages';
import { fetchMyProjects } from './MyProjectsPage';

type InviteRole = Schemas['CreateInvitationDto']['role'];
const INVITE_ROLES: InviteRole[] = ['admin', 'advisor', 'coach', 'holder', 'partner'];

export default function PeoplePage() {
  const qc = useQueryClient();
  const members = usePaged(['users'], (cursor) => call(api.GET('/api/users', { params: { query: { cursor } } })));
  const projects = usePaged(['my-projects'], fetchMyProjects);
  const [invitation, setInvitation] = useState<Schemas['InvitationView'] | null>(null);
  const form = useForm({ initialValues: { email: '', role: 'coach' as InviteRole, projectId: '' } });
  const invite = useMutation({
    mutationFn: (v: typeof form.values) => call(api.POST('/api/invitations', { body: { email: v.email.trim(), role: v.role, ...(v.projectId ? { projectId: v.projectId } : {}) } })),
    onSuccess: (inv) => {
      setInvitation(inv);
      notifySuccess(m.people.invited);
      form.reset();
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
    onError: formErrorHandler(form),
  });
  const needsProject = form.values.role === 'holder' || form.values.role === 'coach';
  return (
    <>
      <PageTitle>{m.people.title}</PageTitle>
      <Section id="invite" title={m.people.invite}>
        <form onSubmit={form.onSubmit((v) => invite.mutate(v))} noValidate>
          <Group align="flex-end" wrap="wrap">
            <TextInput label={m.people.email} type="email" required {...form.getInputProps('email')} />
            <Select label={m.people.role} allowDeselect={false} data={INVITE_ROLES.map((r) => ({ value: r, label: m.roles[r] }))} {...form.getInputProps('role')} />
            {needsProject && <Select label={m.people.project} clearable searchable data={projects.items.map((p) => ({ value: p.id, label: p.title }))} {...form.getInputProps('projectId')} />}
            <Button type="submit" loading={invite.isPending}>
              {m.people.invite}
            </Button>
          </Group>
        </form>
        {invitation && (
          <Alert mt="md" color="teal" title={m.people.invited}>
            {m.people.acceptUrl} : <Code>{invitation.acceptUrl}</Code>
          </Alert>
        )}
      </Section>
      <QueryState query={members} isEmpty={members.items.length === 0}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{m.people.name}</Table.Th>
              <Table.Th>{m.people.email}</Table.Th>
              <Table.Th>{m.people.role}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.items.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{m.roles[u.role] ?? u.role}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <LoadMore query={members} />
      </QueryState>
    </>
  );
}
