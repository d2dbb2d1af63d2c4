import { Badge, Button, Group, Modal, MultiSelect, NumberInput, Progress, Select, SimpleGrid, Stack, Switch, Table, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call, callAs, type Schemas } from '../api/client';
import { fetchOrganisations, useOrganisationOptions, type OrganisationKind } from '../api/organisations';
import type { Page } from '../api/types';
import { useAuth } from '../auth';
import { splitList } from '../components/forms';
import { PageTitle, Section } from '../components/Layout';
import { formErrorHandler, notifyError, notifySuccess } from '../components/notify';
import { LoadMore, QueryState, usePaged } from '../components/states';
import { formatNumber } from '../format';
import { m } from '../messages';

type Expert = Schemas['ExpertProfileView'];
const KINDS = Object.keys(m.experts.kinds) as OrganisationKind[];
type TabKey = keyof typeof m.experts.tabs;

function useTags() {
  return useQuery({ queryKey: ['expertise-tags'], queryFn: () => call(api.GET('/api/expertise-tags')) });
}

function ProfileForm({ expert, onDone }: { expert: Expert; onDone: () => void }) {
  const qc = useQueryClient();
  const tags = useTags();
  const organisations = useOrganisationOptions();
  const form = useForm({
    initialValues: {
      organisationId: expert.organisation?.id ?? '',
      tags: expert.tags,
      nafDivisions: expert.nafDivisions.join(', '),
      homeCommuneCode: expert.homeCommuneCode ?? '',
      capacityHoursPerMonth: expert.capacityHoursPerMonth as number | string,
      languages: expert.languages.join(', '),
      bio: expert.bio,
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(
        api.PUT('/api/experts/{userId}', {
          params: { path: { userId: expert.userId } },
          body: {
            organisationId: v.organisationId || null,
            tags: v.tags,
            nafDivisions: splitList(v.nafDivisions),
            homeCommuneCode: v.homeCommuneCode.trim() || null,
            capacityHoursPerMonth: Number(v.capacityHoursPerMonth),
            languages: splitList(v.languages),
            bio: v.bio,
          },
        }),
      ),
    onSuccess: () => {
      notifySuccess(m.experts.profileSaved);
      void qc.invalidateQueries({ queryKey: ['experts'] });
      onDone();
    },
    onError: formErrorHandler(form, (f) => f.replace(/\.\d+$/, '')),
  });
  const tagOptions = [...new Set([...(tags.data?.items ?? []).map((t) => t.label), ...expert.tags])];
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <Select label={m.experts.organisation} data={[{ value: '', label: m.experts.noOrganisation }, ...organisations]} allowDeselect={false} {...form.getInputProps('organisationId')} />
        <MultiSelect label={m.experts.tags} data={tagOptions} searchable {...form.getInputProps('tags')} />
        <SimpleGrid cols={2}>
          <TextInput label={m.experts.nafDivisions} description={m.experts.nafDivisionsHelp} {...form.getInputProps('nafDivisions')} />
          <TextInput label={m.experts.communeCode} {...form.getInputProps('homeCommuneCode')} />
          <NumberInput label={m.experts.capacity} min={0} max={400} required {...form.getInputProps('capacityHoursPerMonth')} />
          <TextInput label={m.experts.languages} description={m.experts.languagesHelp} {...form.getInputProps('languages')} />
        </SimpleGrid>
        <Textarea label={m.experts.bio} autosize minRows={2} {...form.getInputProps('bio')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {m.common.cancel}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {m.common.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Directory() {
  const [tag, setTag] = useState<string | null>(null);
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Expert | null>(null);
  const tags = useTags();
  const organisations = useOrganisationOptions();
  const experts = usePaged(['experts', tag, organisationId], (cursor) =>
    callAs<Page<Expert>>(api.GET('/api/experts', { params: { query: { cursor, tag: tag ?? undefined, organisationId: organisationId ?? undefined } } })),
  );
  return (
    <>
      <Group mb="md" align="flex-end">
        <Select label={m.experts.filterTag} placeholder={m.common.all} clearable searchable data={(tags.data?.items ?? []).map((t) => t.label)} value={tag} onChange={setTag} />
        <Select label={m.experts.filterOrganisation} placeholder={m.common.all} clearable data={organisations} value={organisationId} onChange={setOrganisationId} />
      </Group>
      <QueryState query={experts} isEmpty={experts.items.length === 0}>
        <Table.ScrollContainer minWidth={900}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{m.experts.name}</Table.Th>
                <Table.Th>{m.experts.organisation}</Table.Th>
                <Table.Th>{m.experts.tags}</Table.Th>
                <Table.Th>{m.experts.nafDivisions}</Table.Th>
                <Table.Th>{m.experts.home}</Table.Th>
                <Table.Th>{m.experts.capacity}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {experts.items.map((e) => (
                <Table.Tr key={e.userId} data-testid="expert-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {e.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {e.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{e.organisation ? `${e.organisation.name} (${m.experts.kinds[e.organisation.kind]})` : m.common.none}</Table.Td>
                  <Table.Td>
                    {e.updatedAt === null ? (
                      <Badge variant="light" color="orange">
                        {m.experts.noProfile}
                      </Badge>
                    ) : (
                      <Group gap={4}>
                        {e.tags.map((t) => (
                          <Badge key={t} variant="light" size="sm">
                            {t}
                          </Badge>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>{e.nafDivisions.join(', ') || m.common.none}</Table.Td>
                  <Table.Td>{e.homeCommuneName ?? m.common.none}</Table.Td>
                  <Table.Td>{e.updatedAt === null ? m.common.none : `${formatNumber(e.capacityHoursPerMonth)} h`}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" aria-label={m.experts.editProfile(e.name)} onClick={() => setEditing(e)}>
                      {m.experts.edit}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore query={experts} />
      </QueryState>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? m.experts.editProfile(editing.name) : ''} size="lg" closeButtonProps={{ 'aria-label': m.common.close }}>
        {editing && <ProfileForm expert={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

const thisMonth = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date());

function Load() {
  const [month, setMonth] = useState(thisMonth());
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const load = useQuery({ queryKey: ['experts-load', month], queryFn: () => call(api.GET('/api/experts/load', { params: { query: { month } } })), enabled: valid });
  return (
    <>
      <TextInput type="month" label={m.experts.month} description={m.experts.monthHelp} value={month} onChange={(e) => setMonth(e.currentTarget.value)} w={220} mb="md" error={valid ? undefined : m.experts.monthHelp} />
      <QueryState query={load} isEmpty={(load.data?.items.length ?? 0) === 0}>
        <Table.ScrollContainer minWidth={800}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{m.experts.name}</Table.Th>
                <Table.Th>{m.experts.projectCount}</Table.Th>
                <Table.Th>{m.experts.assigned}</Table.Th>
                <Table.Th>{m.experts.logged}</Table.Th>
                <Table.Th>{m.experts.capacity}</Table.Th>
                <Table.Th w={220} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {load.data?.items.map((c) => (
                <Table.Tr key={c.userId} data-testid="load-row">
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{formatNumber(c.projectCount)}</Table.Td>
                  <Table.Td>{formatNumber(c.assignedHours)} h</Table.Td>
                  <Table.Td>{formatNumber(c.loggedHours)} h</Table.Td>
                  <Table.Td>{c.capacityHours === null ? m.experts.noCapacity : `${formatNumber(c.capacityHours)} h`}</Table.Td>
                  <Table.Td>
                    {c.capacityHours !== null && (
                      <Group gap="xs" wrap="nowrap">
                        <Progress
                          value={Math.min(100, (c.assignedHours * 100) / Math.max(1, c.capacityHours))}
                          color={c.overCapacity ? 'red' : 'blue'}
                          w={100}
                          aria-label={`${c.name} : ${formatNumber(c.assignedHours)} h / ${formatNumber(c.capacityHours)} h`}
                        />
                        <Badge variant="light" color={c.overCapacity ? 'red' : 'teal'}>
                          {c.overCapacity ? m.experts.overCapacity : m.experts.withinCapacity}
                        </Badge>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
    </>
  );
}

function Organisations() {
  const qc = useQueryClient();
  const [kind, setKind] = useState<OrganisationKind | null>(null);
  const list = usePaged(['organisations', kind], (cursor) => fetchOrganisations(cursor, kind ?? undefined));
  const form = useForm({ initialValues: { name: '', kind: 'consulting' as OrganisationKind, communeCode: '', website: '' } });
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(api.POST('/api/organisations', { body: { name: v.name.trim(), kind: v.kind, communeCode: v.communeCode.trim() || null, website: v.website.trim() || null } })),
    onSuccess: () => {
      notifySuccess(m.experts.organisationCreated);
      form.reset();
      void qc.invalidateQueries({ queryKey: ['organisations'] });
    },
    onError: formErrorHandler(form),
  });
  const kindOptions = KINDS.map((k) => ({ value: k, label: m.experts.kinds[k] ?? k }));
  return (
    <>
      <Section id="new-organisation" title={m.experts.addOrganisation}>
        <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
          <Group align="flex-start" wrap="wrap">
            <TextInput label={m.experts.orgName} required {...form.getInputProps('name')} />
            <Select label={m.experts.kind} allowDeselect={false} data={kindOptions} {...form.getInputProps('kind')} />
            <TextInput label={m.experts.communeCode} {...form.getInputProps('communeCode')} />
            <TextInput label={m.experts.website} placeholder="https://" {...form.getInputProps('website')} />
            <Button type="submit" mt={25} loading={create.isPending}>
              {m.common.create}
            </Button>
          </Group>
        </form>
      </Section>
      <Select label={m.experts.kind} placeholder={m.common.all} clearable data={kindOptions} value={kind} onChange={(v) => setKind(v)} w={240} mb="md" />
      <QueryState query={list} isEmpty={list.items.length === 0}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{m.experts.orgName}</Table.Th>
              <Table.Th>{m.experts.kind}</Table.Th>
              <Table.Th>{m.experts.communeCode}</Table.Th>
              <Table.Th>{m.experts.website}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((o) => (
              <Table.Tr key={o.id} data-testid="organisation-row">
                <Table.Td>{o.name}</Table.Td>
                <Table.Td>{m.experts.kinds[o.kind]}</Table.Td>
                <Table.Td>{o.communeCode ?? m.common.none}</Table.Td>
                <Table.Td>
                  {o.website ? (
                    <Text component="a" href={o.website} target="_blank" rel="noreferrer" size="sm" c="blue.9">
                      {o.website}
                    </Text>
                  ) : (
                    m.common.none
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <LoadMore query={list} />
      </QueryState>
    </>
  );
}

function Settings() {
  const qc = useQueryClient();
  const { membership } = useAuth();
  const isAdmin = membership?.role === 'admin';
  const settings = useQuery({ queryKey: ['experts-settings'], queryFn: () => call(api.GET('/api/experts/settings')) });
  const tags = useTags();
  const put = useMutation({
    mutationFn: (requireCciCoach: boolean) => call(api.PUT('/api/experts/settings', { body: { requireCciCoach } })),
    onSuccess: (s) => {
      qc.setQueryData(['experts-settings'], s);
      notifySuccess(m.experts.settingsSaved);
    },
    onError: notifyError,
  });
  const form = useForm({ initialValues: { label: '' } });
  const addTag = useMutation({
    mutationFn: (v: typeof form.values) => call(api.POST('/api/expertise-tags', { body: { label: v.label.trim() } })),
    onSuccess: () => {
      notifySuccess(m.experts.tagAdded);
      form.reset();
      void qc.invalidateQueries({ queryKey: ['expertise-tags'] });
    },
    onError: formErrorHandler(form),
  });
  return (
    <>
      <Section id="expert-settings" title={m.experts.tabs.settings}>
        <QueryState query={settings}>
          <Switch
            label={m.experts.requireCciCoach}
            description={isAdmin ? undefined : m.experts.settingsAdminOnly}
            checked={settings.data?.requireCciCoach ?? false}
            disabled={!isAdmin || put.isPending}
            onChange={(e) => put.mutate(e.currentTarget.checked)}
          />
        </QueryState>
      </Section>
      <Section id="expertise-tags" title={m.experts.tagList}>
        <QueryState query={tags}>
          <Group gap={6} mb="md">
            {tags.data?.items.map((t) => (
              <Badge key={t.label} variant={t.isDefault ? 'light' : 'outline'} data-testid="expertise-tag">
                {t.label}
              </Badge>
            ))}
          </Group>
        </QueryState>
        <form onSubmit={form.onSubmit((v) => addTag.mutate(v))} noValidate>
          <Group align="flex-start">
            <TextInput label={m.experts.newTag} required {...form.getInputProps('label')} />
            <Button type="submit" mt={25} loading={addTag.isPending}>
              {m.experts.addTag}
            </Button>
          </Group>
        </form>
      </Section>
    </>
  );
}

/** Advisors' and admins' coach directory: profiles with expertise, monthly load, organisations, settings. */
export default function ExpertsPage() {
  const [params, setParams] = useSearchParams();
  const tabs = Object.keys(m.experts.tabs) as TabKey[];
  const active = tabs.find((t) => t === params.get('onglet')) ?? 'directory';
  return (
    <>
      <PageTitle>{m.experts.title}</PageTitle>
      <Tabs value={active} onChange={(v) => v && setParams({ onglet: v }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((t) => (
            <Tabs.Tab key={t} value={t}>
              {m.experts.tabs[t]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="directory">
          <Directory />
        </Tabs.Panel>
        <Tabs.Panel value="load">
          <Load />
        </Tabs.Panel>
        <Tabs.Panel value="organisations">
          <Organisations />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <Settings />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
