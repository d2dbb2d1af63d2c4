import { Button, Group, Modal, NumberInput, Select, Stack, Table, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, call, download } from '../../api/client';
import type { Invoice } from '../../api/types';
import { FormActions } from '../../components/FormActions';
import { useAuth } from '../../auth';
import { InvoiceBadge } from '../../components/badges';
import { formErrorHandler, notifyError, notifySuccess } from '../../components/notify';
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
          <FormActions onCancel={onClose} loading={pay.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Downloads the Factur-X PDF of an invoice or a credit note (named by its number). */
function PdfButton({ path, number }: { path: string; number: string }) {
  return (
    <Button size="xs" variant="default" onClick={() => void download(path, `${number}.pdf`).catch(notifyError)} aria-label={`${m.invoices.pdf} ${number}`}>
      {m.invoices.pdf}
    </Button>
  );
}

/** Cancels all or part of an issued invoice through a numbered credit note (avoir). */
function CreditNoteModal({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const qc = useQueryClient();
  const form = useForm({
    initialValues: { reason: '', amount: invoice.balanceCents / 100 as number | string },
    validate: {
      reason: (v) => (v.trim() ? null : m.creditNotes.reasonRequired),
      amount: (v) => (v !== '' && Number(v) > 0 && (eurosToCents(v) ?? 0) <= invoice.balanceCents ? null : m.creditNotes.amountInvalid(formatMoney(invoice.balanceCents))),
    },
  });
  const create = useMutation({
    mutationFn: (v: typeof form.values) => {
      const cents = eurosToCents(v.amount) ?? 0;
      // Without an amount, the API credits the whole balance.
      return call(api.POST('/api/invoices/{id}/credit-notes', { params: { path: { id: invoice.id } }, body: cents === invoice.balanceCents ? { reason: v.reason } : { reason: v.reason, amountCents: cents } }));
    },
    onSuccess: (note) => {
      notifySuccess(m.creditNotes.created(note.number));
      void qc.invalidateQueries({ queryKey: ['invoices'] });
      onClose();
    },
    onError: formErrorHandler(form, (f) => (f === 'amountCents' ? 'amount' : f)),
  });
  return (
    <Modal opened onClose={onClose} title={`${m.creditNotes.create} · ${invoice.number ?? ''}`}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <Textarea label={m.creditNotes.reason} required autosize minRows={2} {...form.getInputProps('reason')} />
          <NumberInput
            label={m.creditNotes.amount}
            description={m.creditNotes.amountHelp(formatMoney(invoice.balanceCents))}
            decimalScale={2}
            decimalSeparator=","
            thousandSeparator=" "
            min={0}
            required
            {...form.getInputProps('amount')}
          />
          <FormActions onCancel={onClose} loading={create.isPending} label={m.creditNotes.submit} color="red" />
        </Stack>
      </form>
    </Modal>
  );
}

/** The credit notes of the invoices listed, with their Factur-X PDF. */
function CreditNotesTable({ invoices }: { invoices: Invoice[] }) {
  const notes = invoices.flatMap((inv) => inv.creditNotes.map((c) => ({ ...c, invoiceNumber: inv.number })));
  if (notes.length === 0) return null;
  return (
    <>
      <Title order={2} size="h4" mt="lg" mb="sm">
        {m.creditNotes.title}
      </Title>
      <Table.ScrollContainer minWidth={700}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{m.invoices.number}</Table.Th>
              <Table.Th>{m.creditNotes.invoice}</Table.Th>
              <Table.Th>{m.invoices.issueDate}</Table.Th>
              <Table.Th>{m.creditNotes.reason}</Table.Th>
              <Table.Th ta="right">{m.invoices.total}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {notes.map((c) => (
              <Table.Tr key={c.id} data-testid="credit-note-row">
                <Table.Td>{c.number}</Table.Td>
                <Table.Td>{c.invoiceNumber}</Table.Td>
                <Table.Td>{formatDate(c.issueDate)}</Table.Td>
                <Table.Td>{c.reason}</Table.Td>
                <Table.Td ta="right">{formatMoney(c.totalInclVatCents)}</Table.Td>
                <Table.Td>
                  <Group justify="flex-end">
                    <PdfButton path={`/api/credit-notes/${c.id}/pdf`} number={c.number} />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

export function InvoicesTable({ projectId }: { projectId?: string }) {
  const { membership } = useAuth();
  const qc = useQueryClient();
  const staff = membership?.role === 'admin' || membership?.role === 'advisor';
  const [paying, setPaying] = useState<Invoice | null>(null);
  const [crediting, setCrediting] = useState<Invoice | null>(null);
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
                      {staff && (inv.status === 'issued' || inv.status === 'partially_paid') && (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setCrediting(inv)} aria-label={`${m.creditNotes.create} ${inv.number ?? ''}`}>
                          {m.creditNotes.create}
                        </Button>
                      )}
                      {inv.number && (
                        <PdfButton path={`/api/invoices/${inv.id}/pdf`} number={inv.number} />
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore query={query} />
        <CreditNotesTable invoices={query.items} />
      </QueryState>
      {paying && <PaymentModal invoice={paying} onClose={() => setPaying(null)} />}
      {crediting && <CreditNoteModal invoice={crediting} onClose={() => setCrediting(null)} />}
    </>
  );
}

export default function InvoicesTab({ projectId }: { projectId: string }) {
  return <InvoicesTable projectId={projectId} />;
}
