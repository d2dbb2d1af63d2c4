import { Anchor, Badge, Button, Checkbox, Group, Modal, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Table, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import type { Scheme } from '../../api/types';
import { FormActions } from '../../components/FormActions';
import { useAuth } from '../../auth';
import { PageTitle } from '../../components/Layout';
import { formErrorHandler, notifyError, notifySuccess } from '../../components/notify';
import { LoadMore, QueryState, usePaged } from '../../components/states';
import { centsToEuros, eurosToCents, formatDate, formatMoney } from '../../format';
import { m } from '../../messages';

type SchemeBody = Schemas['SchemeDto'];
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

interface SchemeForm {
  name: string;
  funder: string;
  kind: string;
  scope: string;
  codes: string[];
  sizes: string[];
  nafInclude: string[];
  stages: string[];
  expenseTypes: string[];
  amountMax: number | string;
  maxRatePercent: number | string;
  deMinimis: boolean;
  opensOn: string;
  closesOn: string;
  recurrence: string;
  sourceUrl: string;
  description: string;
}

const EMPTY: SchemeForm = {
  name: '',
  funder: '',
  kind: 'subvention',
  scope: 'national',
  codes: [],
  sizes: [],
  nafInclude: [],
  stages: [],
  expenseTypes: [],
  amountMax: '',
  maxRatePercent: '',
  deMinimis: false,
  opensOn: '',
  closesOn: '',
  recurrence: 'permanent',
  sourceUrl: '',
  description: '',
};

const toForm = (s: Scheme): SchemeForm => ({
  name: s.name,
  funder: s.funder,
  kind: s.kind,
  scope: s.perimeter.scope,
  codes: s.perimeter.codes,
  sizes: s.sizes,
  nafInclude: s.nafInclude,
  stages: s.stages,
  expenseTypes: s.expenseTypes,
  amountMax: centsToEuros(s.amountMaxCents),
  maxRatePercent: s.maxRatePercent ?? '',
  deMinimis: s.deMinimis,
  opensOn: s.opensOn ?? '',
  closesOn: s.closesOn ?? '',
  recurrence: s.recurrence,
  sourceUrl: s.sourceUrl,
  description: s.description,
});

const toBody = (v: SchemeForm): SchemeBody => ({
  name: v.name,
  funder: v.funder,
  kind: v.kind as SchemeBody['kind'],
  perimeter: { scope: v.scope as SchemeBody['perimeter']['scope'], codes: v.scope === 'national' ? [] : v.codes },
  sizes: v.sizes as SchemeBody['sizes'],
  nafInclude: v.nafInclude,
  stages: v.stages as SchemeBody['stages'],
  expenseTypes: v.expenseTypes as SchemeBody['expenseTypes'],
  amountMaxCents: v.amountMax === '' ? null : eurosToCents(v.amountMax),
  maxRatePercent: v.maxRatePercent === '' ? null : Number(v.maxRatePercent),
  deMinimis: v.deMinimis,
  opensOn: v.opensOn || null,
  closesOn: v.closesOn || null,
  recurrence: v.recurrence as SchemeBody['recurrence'],
  sourceUrl: v.sourceUrl,
  description: v.description,
});

/** API field → form field (the API's field errors shown under the right input). */
const FIELD_OF: Record<string, string> = { 'perimeter.scope': 'scope', 'perimeter.codes': 'codes', perimeter: 'scope', amountMaxCents: 'amountMax' };

function SchemeModal({ scheme, national, onClose }: { scheme: Scheme | null; national: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const form = useForm<SchemeForm>({
    // A tenant's own schemes cover its régions or départements; national ones are the platform's.
    initialValues: scheme ? toForm(scheme) : { ...EMPTY, scope: national ? 'national' : 'regions' },
    validate: {
      name: (v) => (v.trim() ? null : m.schemes.required),
      funder: (v) => (v.trim() ? null : m.schemes.required),
      sourceUrl: (v) => (/^https?:\/\/.+/.test(v.trim()) ? null : m.schemes.urlInvalid),
      codes: (v, values) => (values.scope !== 'national' && v.length === 0 ? m.schemes.codesRequired : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: SchemeForm) =>
      scheme ? call(api.PATCH('/api/financing-schemes/{id}', { params: { path: { id: scheme.id } }, body: toBody(v) })) : call(api.POST('/api/financing-schemes', { body: toBody(v) })),
    onSuccess: () => {
      notifySuccess(scheme ? m.schemes.updated : m.schemes.created);
      void qc.invalidateQueries({ queryKey: ['schemes'] });
      onClose();
    },
    onError: formErrorHandler(form, (f) => FIELD_OF[f] ?? f.replace(/\.\d+$/, '')),
  });
  return (
    <Modal opened onClose={onClose} size="xl" title={scheme ? `${m.schemes.edit} · ${scheme.name}` : m.schemes.create}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={m.schemes.name} required {...form.getInputProps('name')} />
            <TextInput label={m.financing.funder} required {...form.getInputProps('funder')} />
            <Select label={m.financing.kind} allowDeselect={false} data={options(m.schemes.kinds)} {...form.getInputProps('kind')} />
            <Select label={m.schemes.recurrence} allowDeselect={false} data={options(m.schemes.recurrences)} {...form.getInputProps('recurrence')} />
            <Select label={m.financing.perimeter} allowDeselect={false} data={options(m.schemes.scopes).filter((o) => national || o.value !== 'national')} {...form.getInputProps('scope')} />
            {form.values.scope !== 'national' && <TagsInput label={m.schemes.codes} description={m.schemes.codesHelp} {...form.getInputProps('codes')} />}
            <MultiSelect label={m.schemes.sizes} description={m.schemes.anyHelp} data={['TPE', 'PME', 'ETI', 'GE']} {...form.getInputProps('sizes')} />
            <TagsInput label={m.schemes.nafInclude} description={m.schemes.nafHelp} {...form.getInputProps('nafInclude')} />
            <MultiSelect label={m.schemes.stages} description={m.schemes.anyHelp} data={options(m.schemes.stageLabels)} {...form.getInputProps('stages')} />
            <MultiSelect label={m.schemes.expenseTypes} description={m.schemes.anyHelp} data={options(m.schemes.expenseLabels)} {...form.getInputProps('expenseTypes')} />
            <NumberInput label={m.schemes.amountMax} decimalScale={2} decimalSeparator="," thousandSeparator=" " min={0} {...form.getInputProps('amountMax')} />
            <NumberInput label={m.schemes.maxRate} decimalScale={1} decimalSeparator="," min={0} max={100} {...form.getInputProps('maxRatePercent')} />
            <TextInput type="date" label={m.schemes.opensOn} {...form.getInputProps('opensOn')} />
            <TextInput type="date" label={m.schemes.closesOn} {...form.getInputProps('closesOn')} />
          </SimpleGrid>
          <Checkbox label={m.schemes.deMinimis} {...form.getInputProps('deMinimis', { type: 'checkbox' })} />
          <TextInput label={m.schemes.sourceUrl} required placeholder="https://" {...form.getInputProps('sourceUrl')} />
          <Textarea label={m.schemes.description} autosize minRows={2} {...form.getInputProps('description')} />
          <FormActions onCancel={onClose} loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The financing catalogue: national schemes (edited by the platform admin) and the tenant's own
 * (edited by its admins); others read it.
 */
export default function SchemesPage() {
  const { membership } = useAuth();
  const role = membership?.role;
  const qc = useQueryClient();
  const [owner, setOwner] = useState<string>('');
  const [editing, setEditing] = useState<Scheme | 'new' | null>(null);
  const ownerQuery = owner === 'national' || owner === 'tenant' ? owner : undefined;
  const query = usePaged(['schemes', owner], (cursor) => call(api.GET('/api/financing-schemes', { params: { query: { cursor, owner: ownerQuery } } })));
  const canCreate = role === 'platform_admin' || role === 'admin';
  const canEdit = (s: Scheme) => (s.owner === 'national' ? role === 'platform_admin' : role === 'admin');
  const setStatus = useMutation({
    // The generated body type makes the fields with a default required: sent unchanged.
    mutationFn: ({ s, status }: { s: Scheme; status: 'open' | 'closed' }) =>
      call(api.PATCH('/api/financing-schemes/{id}', { params: { path: { id: s.id } }, body: { status, deMinimis: s.deMinimis, recurrence: s.recurrence } })),
    onSuccess: (s) => {
      notifySuccess(s.status === 'closed' ? m.schemes.closedDone : m.schemes.reopened);
      void qc.invalidateQueries({ queryKey: ['schemes'] });
    },
    onError: notifyError,
  });
  return (
    <>
      <PageTitle
        right={
          canCreate && (
            <Button onClick={() => setEditing('new')}>{role === 'platform_admin' ? m.schemes.createNational : m.schemes.createTenant}</Button>
          )
        }
      >
        {m.financing.catalogue}
      </PageTitle>
      {role !== 'platform_admin' && (
        <Select
          label={m.schemes.ownerFilter}
          maw={260}
          mb="md"
          data={[{ value: '', label: m.common.all }, ...options(m.financing.owner)]}
          value={owner}
          onChange={(v) => setOwner(v ?? '')}
          allowDeselect={false}
        />
      )}
      <QueryState query={query} isEmpty={query.items.length === 0}>
        <Table.ScrollContainer minWidth={800}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{m.schemes.name}</Table.Th>
                <Table.Th>{m.financing.funder}</Table.Th>
                <Table.Th>{m.financing.perimeter}</Table.Th>
                <Table.Th ta="right">{m.schemes.amountMaxShort}</Table.Th>
                <Table.Th>{m.cohorts.status}</Table.Th>
                <Table.Th>{m.schemes.closesOn}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.items.map((s) => (
                <Table.Tr key={s.id} data-testid="scheme-row">
                  <Table.Td>
                    {s.sourceUrl ? (
                      <Anchor href={s.sourceUrl} target="_blank" rel="noreferrer">
                        {s.name}
                      </Anchor>
                    ) : (
                      s.name
                    )}
                    <Text size="xs" c="dimmed">
                      {m.financing.owner[s.owner]} · {m.schemes.kinds[s.kind] ?? s.kind}
                    </Text>
                  </Table.Td>
                  <Table.Td>{s.funder}</Table.Td>
                  <Table.Td>{s.perimeter.scope === 'national' ? m.schemes.scopes['national'] : `${m.schemes.scopes[s.perimeter.scope]} ${s.perimeter.codes.join(', ')}`}</Table.Td>
                  <Table.Td ta="right">{formatMoney(s.amountMaxCents)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={s.status === 'open' ? 'teal' : s.status === 'closed' ? 'gray' : 'blue'}>
                      {m.schemes.statuses[s.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDate(s.closesOn)}</Table.Td>
                  <Table.Td>
                    {canEdit(s) && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="light" onClick={() => setEditing(s)} aria-label={`${m.schemes.edit} ${s.name}`}>
                          {m.schemes.edit}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          loading={setStatus.isPending && setStatus.variables.s.id === s.id}
                          onClick={() => setStatus.mutate({ s, status: s.status === 'closed' ? 'open' : 'closed' })}
                          aria-label={`${s.status === 'closed' ? m.schemes.reopen : m.schemes.close} ${s.name}`}
                        >
                          {s.status === 'closed' ? m.schemes.reopen : m.schemes.close}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore query={query} />
      </QueryState>
      {editing && <SchemeModal scheme={editing === 'new' ? null : editing} national={role === 'platform_admin'} onClose={() => setEditing(null)} />}
    </>
  );
}
