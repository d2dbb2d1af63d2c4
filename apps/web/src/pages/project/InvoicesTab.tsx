import { Button, Group, Modal, NumberInput, Select, Stack, Table, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, call, download } from '../../api/client';
import type { Invoice } from '../../api/types';
import { useAuth } from '../../auth';
import { InvoiceBadge } from '../../components/badges';
import { notifyError, notifySuccess } from '../../components/notify';
import { LoadMore, QueryState, usePaged } from '../../components/states';
import { eurosToCents, formatDate, formatMoney, todayIso } from '../../format';
import { m } from '../../messages';

function PaymentModal({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: { amount: invoice.balanceCents / 100, paidAt: todayIso(), method: 'transfer' } });
  const pay = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(api.POST('/api/invoices/{id}/payments', { params: { path: { id: invoice.id } }, body: { amountCents: eurosToCents(v.amount) ?? 0, paidAt: v.paidAt, method: v.method as 'transfer' } })),
    onSuccess: () => {
      notifySuccess(m.invoices.paymentSaved);
      void qc.invalidateQueries({ queryKey: ['invoices'] });
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError) form.setErrors({ ...e.fieldErrors(), amount: e.fieldErrors()['amountCents'] });
      notifyError(e);
    },
  });
  return (
    <Modal opened onClose={onClose} title={`${m.invoices.pay} · ${invoice.number ?? ''}`}>
      <form onSubmit={form.onSubmit((v) => pay.mutate(v))} noValidate>
        <Stack>
          <NumberInput label={m.invoices.amount} decimalScale={2} decimalSeparator="," thousandSeparator=" " min={0} required {...form.getInputProps('amount')} />
          <TextInput type="date" label={m.invoices.paidAt} required {...form.getInputProps('paidAt')} />
          <Select label={m.invoices.method} allowDeselect={false} data={Object.entries(m.invoices.methods).map(([value, label]) => ({ value, label }))} {...form.getInputProps('method')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {m.common.cancel}
            </Button>
            <Button type="submit" loading={pay.isPending}>
              {m.common.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function InvoicesTable({ projectId }: { projectId?: string }) {
  const { membership } = useAuth();
  const qc = useQueryClient();
  const staff = membership?.role === 'admin' || membership?.role === 'advisor';
  const [paying, setPaying] = useState<Invoice | null>(null);
  const query = usePaged(['invoices', projectId ?? 'all'], (cursor) => call(api.GET('/api/invoices', { params: { query: { cursor, ...(projectId ? { projectId } : {}) } } })));
  const refresh = () => void qc.invalidateQueries({ queryKey: ['invoices'] });
  const create = useMutation({
    mutationFn: () => call(api.POST('/api/projects/{id}/invoices', { params: { path: { id: projectId ?? '' } }, body: {} })),
    onSuccess: () => {
      notifySuccess(m.invoices.draftCreated);
      refresh();
    },
    onError: notifyError,
  });
  const issue = useMutation({
    mutationFn: (id: string) => call(api.POST('/api/invoices/{id}/issue', { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(m.invoices.issued);
      refresh();
    },
    onError: notifyError,
  });
  return (
    <>
      {staff && projectId && (
        <Group mb="md">
          <Button onClick={() => create.mutate()} loading={create.isPending}>
            {m.invoices.createDraft}
          </Button>
        </Group>
      )}
      <QueryState query={query} isEmpty={query.items.length === 0} empty={m.invoices.none}>
        <Table.ScrollContainer minWidth={700}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{m.invoices.number}</Table.Th>
                <Table.Th>{m.invoices.status}</Table.Th>
                <Table.Th>{m.invoices.issueDate}</Table.Th>
                <Table.Th>{m.invoices.dueDate}</Table.Th>
                <Table.Th ta="right">{m.invoices.total}</Table.Th>
                <Table.Th ta="right">{m.invoices.balance}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.items.map((inv) => (
                <Table.Tr key={inv.id} data-testid="invoice-row">
                  <Table.Td>{inv.number ?? m.invoices.statuses['draft']}</Table.Td>
                  <Table.Td>
                    <InvoiceBadge status={inv.overdue ? 'overdue' : inv.status} />
                  </Table.Td>
                  <Table.Td>{formatDate(inv.issueDate)}</Table.Td>
                  <Table.Td>{formatDate(inv.dueDate)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(inv.totalInclVatCents)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(inv.balanceCents)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {staff && inv.status === 'draft' && (
                        <Button size="xs" onClick={() => issue.mutate(inv.id)} loading={issue.isPending && issue.variables === inv.id}>
                          {m.invoices.issue}
                        </Button>
                      )}
                      {staff && (inv.status === 'issued' || inv.status === 'partially_paid') && (
                        <Button size="xs" variant="light" onClick={() => setPaying(inv)}>
                          {m.invoices.pay}
                        </Button>
                      )}
                      {inv.number && (
                        <Button size="xs" variant="default" onClick={() => void download(`/api/invoices/${inv.id}/pdf`, `${inv.number}.pdf`).catch(notifyError)} aria-label={`${m.invoices.pdf} ${inv.number}`}>
                          {m.invoices.pdf}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore query={query} />
      </QueryState>
      {paying && <PaymentModal invoice={paying} onClose={() => setPaying(null)} />}
    </>
  );
}

export default function InvoicesTab({ projectId }: { projectId: string }) {
  return <InvoicesTable projectId={projectId} />;
}
