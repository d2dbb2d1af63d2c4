import { Badge, Button, Fieldset, Group, List, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, call, type Schemas } from '../../api/client';
import type { Observatory, Tag } from '../../api/types';
import { useAuth } from '../../auth';
import { formErrorHandler, notifySuccess } from '../../components/notify';
import { QueryState } from '../../components/states';
import { centsToEuros, eurosToCents, formatDate } from '../../format';
import { m } from '../../messages';

type Body = Schemas['UpdateObservatoryDto'];
type Category = Tag['category'];
type Money = number | string;

interface ObservatoryForm {
  kind: string;
  motivations: string[];
  successFactors: string[];
  obstacles: string[];
  plannedJobs: Money;
  plannedInvestment: Money;
  plannedImportSubstitution: Money;
  plannedProductionStart: string;
  achievedJobs: Money;
  achievedInvestment: Money;
  achievedImportSubstitution: Money;
  achievedProductionStart: string;
}

const LISTS: { field: 'motivations' | 'successFactors' | 'obstacles'; category: Category }[] = [
  { field: 'motivations', category: 'motivation' },
  { field: 'successFactors', category: 'success_factor' },
  { field: 'obstacles', category: 'obstacle' },
];

const keys = (refs: { key: string }[]) => refs.map((r) => r.key);
const orNull = (v: Money) => (v === '' ? null : Number(v));
const centsOrNull = (v: Money) => (v === '' ? null : eurosToCents(v));

const toForm = (o: Observatory): ObservatoryForm => ({
  kind: o.kind,
  motivations: keys(o.motivations),
  successFactors: keys(o.successFactors),
  obstacles: keys(o.obstacles),
  plannedJobs: o.planned.jobs ?? '',
  plannedInvestment: centsToEuros(o.planned.investmentCents),
  plannedImportSubstitution: centsToEuros(o.planned.importSubstitutionCents),
  plannedProductionStart: o.planned.productionStartOn ?? '',
  achievedJobs: o.achieved.jobs ?? '',
  achievedInvestment: centsToEuros(o.achieved.investmentCents),
  achievedImportSubstitution: centsToEuros(o.achieved.importSubstitutionCents),
  achievedProductionStart: o.achieved.productionStartOn ?? '',
});

const toBody = (v: ObservatoryForm): Body => ({
  kind: v.kind as Body['kind'],
  motivations: v.motivations,
  successFactors: v.successFactors,
  obstacles: v.obstacles,
  planned: { jobs: orNull(v.plannedJobs), investmentCents: centsOrNull(v.plannedInvestment), importSubstitutionCents: centsOrNull(v.plannedImportSubstitution), productionStartOn: v.plannedProductionStart || null },
  achieved: { jobs: orNull(v.achievedJobs), investmentCents: centsOrNull(v.achievedInvestment), importSubstitutionCents: centsOrNull(v.achievedImportSubstitution), productionStartedOn: v.achievedProductionStart || null },
});

/** API field → form field (`planned.investmentCents` → `plannedInvestment`). */
function fieldOf(apiField: string): string {
  const [group, name] = apiField.split('.');
  if (group !== 'planned' && group !== 'achieved') return apiField.replace(/\.\d+$/, '');
  const suffix: Record<string, string> = { jobs: 'Jobs', investmentCents: 'Investment', importSubstitutionCents: 'ImportSubstitution', productionStartOn: 'ProductionStart', productionStartedOn: 'ProductionStart' };
  return `${group}${suffix[name ?? ''] ?? ''}`;
}

/**
 * The project's observatory record: type of relocalisation, the tenant's tags (motivations,
 * success factors, obstacles), planned and achieved outcomes. Staff edit it; others read it.
 */
export default function ObservatoryTab({ projectId }: { projectId: string }) {
  const { membership } = useAuth();
  const canEdit = membership?.role === 'admin' || membership?.role === 'advisor';
  const qc = useQueryClient();
  const record = useQuery({ queryKey: ['observatory', projectId], queryFn: () => call(api.GET('/api/projects/{id}/observatory', { params: { path: { id: projectId } } })) });
  const tags = useQuery({ queryKey: ['observatory-tags'], queryFn: () => call(api.GET('/api/observatory/tags')) });
  const form = useForm<ObservatoryForm>({ initialValues: { kind: 'company', motivations: [], successFactors: [], obstacles: [], plannedJobs: '', plannedInvestment: '', plannedImportSubstitution: '', plannedProductionStart: '', achievedJobs: '', achievedInvestment: '', achievedImportSubstitution: '', achievedProductionStart: '' } });
  useEffect(() => {
    if (record.data) form.setValues(toForm(record.data));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [record.data]);
  const save = useMutation({
    mutationFn: (v: ObservatoryForm) => call(api.PUT('/api/projects/{id}/observatory', { params: { path: { id: projectId } }, body: toBody(v) })),
    onSuccess: (saved) => {
      qc.setQueryData(['observatory', projectId], saved);
      void qc.invalidateQueries({ queryKey: ['report'] });
      notifySuccess(m.observatory.saved);
    },
    onError: formErrorHandler(form, fieldOf),
  });
  // Offered: the tenant's active tags, plus archived ones the project already has.
  const optionsOf = (field: 'motivations' | 'successFactors' | 'obstacles', category: Category) => {
    const chosen = new Set(form.values[field]);
    const own = (record.data?.[field] ?? []).map((r) => ({ value: r.key, label: r.label }));
    const listed = (tags.data?.items ?? []).filter((t) => t.category === category && (!t.archived || chosen.has(t.key))).map((t) => ({ value: t.key, label: t.label }));
    const seen = new Set(listed.map((o) => o.value));
    return [...listed, ...own.filter((o) => !seen.has(o.value))];
  };
  const money = { decimalScale: 2, decimalSeparator: ',', thousandSeparator: ' ', min: 0, readOnly: !canEdit };
  return (
    <QueryState query={record}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <Title order={2} size="h4">
            {m.observatory.title}
          </Title>
          <Text size="sm" c="dimmed">
            {canEdit ? m.observatory.intro : m.observatory.readOnly}
          </Text>
          <Select label={m.reports.byKind} allowDeselect={false} readOnly={!canEdit} data={Object.entries(m.reports.kinds).map(([value, label]) => ({ value, label }))} maw={360} {...form.getInputProps('kind')} />
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {LISTS.map(({ field, category }) => (
              <MultiSelect
                key={field}
                label={m.reports[field]}
                data={optionsOf(field, category)}
                searchable
                readOnly={!canEdit}
                nothingFoundMessage={m.observatory.noTag}
                {...form.getInputProps(field)}
              />
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {(['planned', 'achieved'] as const).map((group) => (
              <Fieldset key={group} legend={m.observatory[group]}>
                <Stack gap="xs">
                  <NumberInput label={m.observatory.jobs} min={0} allowDecimal={false} readOnly={!canEdit} {...form.getInputProps(`${group}Jobs`)} />
                  <NumberInput label={m.observatory.investment} {...money} {...form.getInputProps(`${group}Investment`)} />
                  <NumberInput label={m.observatory.importSubstitution} {...money} {...form.getInputProps(`${group}ImportSubstitution`)} />
                  <TextInput type="date" label={group === 'planned' ? m.observatory.productionStart : m.observatory.productionStarted} readOnly={!canEdit} {...form.getInputProps(`${group}ProductionStart`)} />
                </Stack>
              </Fieldset>
            ))}
          </SimpleGrid>
          {canEdit && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                {m.common.save}
              </Button>
            </Group>
          )}
          {record.data && record.data.followUps.length > 0 && (
            <div>
              <Title order={3} size="h5" mb="xs">
                {m.reports.followUps}
              </Title>
              <List size="sm">
                {record.data.followUps.map((f) => (
                  <List.Item key={f.stage}>
                    {m.observatory.followUp(f.stage)} · {formatDate(f.dueOn)}{' '}
                    <Badge size="sm" variant="light">
                      {m.observatory.followUpStatuses[f.status]}
                    </Badge>
                  </List.Item>
                ))}
              </List>
            </div>
          )}
        </Stack>
      </form>
    </QueryState>
  );
}
