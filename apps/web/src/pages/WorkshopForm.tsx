import { ActionIcon, Button, Group, MultiSelect, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import type { Cohort } from '../api/types';
import { Section } from '../components/Layout';
import { formErrorHandler, notifySuccess } from '../components/notify';
import { m } from '../messages';

interface CriterionRow {
  label: string;
  weight: number;
  maxScore: number;
}

const DEFAULT_RUBRIC: CriterionRow[] = m.workshops.defaultRubric.map(([label, weight]) => ({ label, weight, maxScore: 20 }));

/** `Impact relocalisation` → `impact_relocalisation`: the rubric's key as the API wants it (a-z, 0-9, _, a letter first). */
const keyOf = (label: string, index: number): string => {
  const key = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 36);
  return key || `critere_${index + 1}`;
};

/** Setting up a workshop: when and where, the rubric, the projects and the invited partners. */
export default function WorkshopForm({ cohorts }: { cohorts: Cohort[] }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { cohortId: cohorts[0]?.id ?? '', title: '', startsAt: '', endsAt: '', location: '', criteria: DEFAULT_RUBRIC, projectIds: [] as string[], partnerUserIds: [] as string[] },
  });
  const cohortId = form.values.cohortId;
  const projects = useQuery({
    queryKey: ['cohort-projects', cohortId],
    queryFn: () => call(api.GET('/api/cohorts/{id}/projects', { params: { path: { id: cohortId }, query: { limit: 200 } } })),
    enabled: !!cohortId,
  });
  const partners = useQuery({ queryKey: ['users', 'partner'], queryFn: () => call(api.GET('/api/users', { params: { query: { role: 'partner', limit: 200 } } })) });
  // By default every project of the cohort and every partner of the CCI are in.
  useEffect(() => {
    if (projects.data) form.setFieldValue('projectIds', projects.data.items.map((p) => p.id));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projects.data]);
  useEffect(() => {
    if (partners.data) form.setFieldValue('partnerUserIds', partners.data.items.map((p) => p.id));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [partners.data]);
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(
        api.POST('/api/cohorts/{id}/workshops', {
          params: { path: { id: v.cohortId } },
          body: {
            title: v.title.trim(),
            location: v.location.trim(),
            startsAt: v.startsAt ? new Date(v.startsAt).toISOString() : '',
            endsAt: v.endsAt ? new Date(v.endsAt).toISOString() : '',
            criteria: v.criteria.map((c, i) => ({ key: keyOf(c.label, i), label: c.label.trim(), weight: c.weight, maxScore: c.maxScore })),
            projectIds: v.projectIds,
            partnerUserIds: v.partnerUserIds,
          },
        }),
      ),
    onSuccess: (w) => {
      notifySuccess(m.workshops.created);
      void qc.invalidateQueries({ queryKey: ['workshops'] });
      void navigate(`/ateliers/${w.id}`);
    },
    // The key is derived from the label: its errors show under the label.
    onError: formErrorHandler(form, (field) => field.replace(/^(criteria\.\d+)\.key$/, '$1.label')),
  });
  return (
    <Section id="new-workshop" title={m.workshops.create}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack gap="sm">
          <Group align="flex-start" wrap="wrap">
            <Select label={m.cohorts.name} allowDeselect={false} data={cohorts.map((c) => ({ value: c.id, label: c.name }))} {...form.getInputProps('cohortId')} />
            <TextInput label={m.workshops.titleLabel} required {...form.getInputProps('title')} />
            <TextInput label={m.workshops.location} required {...form.getInputProps('location')} />
            <TextInput type="datetime-local" label={m.workshops.startsAt} required {...form.getInputProps('startsAt')} />
            <TextInput type="datetime-local" label={m.workshops.endsAt} required {...form.getInputProps('endsAt')} />
          </Group>
          <Text fw={500} size="sm">
            {m.workshops.criteria}
          </Text>
          {form.values.criteria.map((_, i) => (
            <Group key={i} align="flex-end" wrap="wrap">
              <TextInput label={`${m.workshops.criterion} ${i + 1}`} required {...form.getInputProps(`criteria.${i}.label`)} />
              <NumberInput label={m.workshops.weight} min={0.1} step={0.5} w={120} {...form.getInputProps(`criteria.${i}.weight`)} />
              <NumberInput label={m.workshops.max} min={1} w={120} {...form.getInputProps(`criteria.${i}.maxScore`)} />
              <ActionIcon variant="default" size="lg" aria-label={`${m.workshops.removeCriterion} ${i + 1}`} onClick={() => form.removeListItem('criteria', i)} disabled={form.values.criteria.length <= 1}>
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button variant="default" size="xs" onClick={() => form.insertListItem('criteria', { label: '', weight: 1, maxScore: 20 })}>
              {m.workshops.addCriterion}
            </Button>
          </Group>
          <MultiSelect label={m.workshops.projects} data={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))} {...form.getInputProps('projectIds')} />
          <MultiSelect label={m.workshops.partners} data={(partners.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} {...form.getInputProps('partnerUserIds')} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {m.workshops.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
