import { ActionIcon, Alert, Button, Group, List, NumberInput, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { FinancingPlan } from '../../api/types';
import { FormActions } from '../../components/FormActions';
import { formErrorHandler, notifySuccess } from '../../components/notify';
import { Empty, QueryState } from '../../components/states';
import { centsToEuros, eurosToCents, formatMoney, formatNumber } from '../../format';
import { m } from '../../messages';

interface PlanForm {
  lines: { schemeId: string | null; amount: number | string }[];
  note: string;
}

const percent = (n: number | null) => (n === null ? '—' : `${formatNumber(n)} %`);

function PlanEditor({ projectId, plan, onDone }: { projectId: string; plan: FinancingPlan; onDone: () => void }) {
  const qc = useQueryClient();
  // The schemes a line may name: the catalogue the reader sees (national and the tenant's own).
  const schemes = useQuery({ queryKey: ['schemes', 'options'], queryFn: () => call(api.GET('/api/financing-schemes', { params: { query: { limit: 200 } } })) });
  const form = useForm<PlanForm>({
    initialValues: { lines: plan.lines.map((l) => ({ schemeId: l.schemeId, amount: centsToEuros(l.amountCents) })), note: plan.note },
    validate: {
      lines: {
        schemeId: (v) => (v ? null : m.plan.schemeRequired),
        amount: (v) => (v !== '' && Number(v) > 0 ? null : m.plan.amountRequired),
      },
    },
  });
  const save = useMutation({
    mutationFn: (v: PlanForm) =>
      call(
        api.PUT('/api/projects/{id}/financing-plan', {
          params: { path: { id: projectId } },
          body: { lines: v.lines.map((l) => ({ schemeId: l.schemeId ?? '', amountCents: eurosToCents(l.amount) ?? 0 })), note: v.note },
        }),
      ),
    onSuccess: (saved) => {
      qc.setQueryData(['financing-plan', projectId], saved);
      notifySuccess(m.plan.saved);
      onDone();
    },
    // lines.2.amountCents → lines.2.amount
    onError: formErrorHandler(form, (f) => f.replace(/\.amountCents$/, '.amount')),
  });
  const named = new Map(plan.lines.map((l) => [l.schemeId, l.schemeName]));
  for (const s of schemes.data?.items ?? []) named.set(s.id, `${s.name} — ${s.funder}`);
  const data = [...named].map(([value, label]) => ({ value, label }));
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        {form.values.lines.length === 0 && <Empty>{m.financing.noPlan}</Empty>}
        {form.values.lines.map((_, i) => (
          <Group key={i} align="flex-start" wrap="nowrap" data-testid="plan-line">
            <Select
              label={m.plan.scheme(i + 1)}
              searchable
              data={data}
              nothingFoundMessage={m.common.empty}
              style={{ flex: 1 }}
              required
              {...form.getInputProps(`lines.${i}.schemeId`)}
            />
            <NumberInput label={m.plan.amount(i + 1)} decimalScale={2} decimalSeparator="," thousandSeparator=" " min={0} w={180} required {...form.getInputProps(`lines.${i}.amount`)} />
            <ActionIcon variant="subtle" color="red" mt={26} size="lg" aria-label={m.plan.removeLine(i + 1)} onClick={() => form.removeListItem('lines', i)}>
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="light" onClick={() => form.insertListItem('lines', { schemeId: null, amount: '' })}>
            {m.plan.addLine}
          </Button>
        </Group>
        <Textarea label={m.plan.note} autosize minRows={2} {...form.getInputProps('note')} />
        <FormActions onCancel={onDone} loading={save.isPending} label={m.plan.save} />
      </Stack>
    </form>
  );
}

/** The project's financing plan: lines, totals, coverage and the API's warnings; staff edit it. */
export function PlanSection({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const plan = useQuery({ queryKey: ['financing-plan', projectId], queryFn: () => call(api.GET('/api/projects/{id}/financing-plan', { params: { path: { id: projectId } } })) });
  const [editing, setEditing] = useState(false);
  const p = plan.data;
  return (
    <>
      <Group justify="space-between" mt="md">
        <Title order={2} size="h4">
          {m.financing.plan}
        </Title>
        {canEdit && p && !editing && (
          <Button variant="light" onClick={() => setEditing(true)}>
            {m.plan.edit}
          </Button>
        )}
      </Group>
      <QueryState query={plan}>
        {p && editing && <PlanEditor projectId={projectId} plan={p} onDone={() => setEditing(false)} />}
        {p && !editing && p.lines.length === 0 && <Empty>{m.financing.noPlan}</Empty>}
        {p && !editing && p.lines.length > 0 && (
          <Table.ScrollContainer minWidth={600}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{m.plan.schemeHeader}</Table.Th>
                  <Table.Th ta="right">{m.plan.amountHeader}</Table.Th>
                  <Table.Th ta="right">{m.plan.rate}</Table.Th>
                  <Table.Th ta="right">{m.plan.cap}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.lines.map((l) => (
                  <Table.Tr key={l.schemeId} data-testid="plan-row">
                    <Table.Td>
                      {l.schemeName}
                      {l.deMinimis && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          · {m.plan.deMinimis}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(l.amountCents)}</Table.Td>
                    <Table.Td ta="right">{percent(l.ratePercent)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(l.capCents)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Th>{m.financing.planTotal}</Table.Th>
                  <Table.Th ta="right">{formatMoney(p.totalCents)}</Table.Th>
                  <Table.Th ta="right">{percent(p.coveragePercent)}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {p && (
          <Text size="sm" mt="xs">
            {m.projects.investment} : {formatMoney(p.investmentCents)} · {m.plan.deMinimisTotal} : {formatMoney(p.deMinimisCents)} / {formatMoney(p.deMinimisCeilingCents)}
          </Text>
        )}
        {p && !editing && p.note && (
          <Text size="sm" c="dimmed" mt="xs">
            {p.note}
          </Text>
        )}
        {p && p.warnings.length > 0 && (
          <Alert color="grape" title={m.financing.warnings} mt="sm" data-testid="plan-warnings">
            <List size="sm">
              {p.warnings.map((w, i) => (
                <List.Item key={`${w.code}-${i}`}>{w.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
      </QueryState>
    </>
  );
}
