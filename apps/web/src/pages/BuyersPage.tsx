import { Anchor, Badge, Button, Group, SimpleGrid, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, call, callAs, type Schemas } from '../api/client';
import type { Page } from '../api/types';
import { PageTitle, Section } from '../components/Layout';
import { formErrorHandler, notifySuccess } from '../components/notify';
import { LoadMore, QueryState, usePaged } from '../components/states';
import { formatMoney } from '../format';
import { m } from '../messages';

type Buyer = Schemas['BuyerView'];

function CreateBuyer() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({ initialValues: { siret: '', name: '', nafCode: '', communeCode: '', notes: '' } });
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(
        api.POST('/api/buyers', {
          body: {
            siret: v.siret.replace(/\s/g, ''),
            ...(v.name.trim() ? { name: v.name.trim() } : {}),
            ...(v.nafCode.trim() ? { nafCode: v.nafCode.trim() } : {}),
            ...(v.communeCode.trim() ? { communeCode: v.communeCode.trim() } : {}),
            ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
          },
        }),
      ),
    onSuccess: (b) => {
      notifySuccess(m.buyers.created);
      void qc.invalidateQueries({ queryKey: ['buyers'] });
      void navigate(`/acheteurs/${b.id}`);
    },
    onError: formErrorHandler(form),
  });
  return (
    <Section id="new-buyer" title={m.buyers.add}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <TextInput label={m.buyers.siret} required {...form.getInputProps('siret')} />
          <TextInput label={m.buyers.name} description={m.buyers.nameHelp} {...form.getInputProps('name')} />
          <TextInput label={m.buyers.naf} {...form.getInputProps('nafCode')} />
          <TextInput label={m.buyers.commune} description={m.buyers.nameHelp} {...form.getInputProps('communeCode')} />
        </SimpleGrid>
        <Textarea mt="sm" label={m.buyers.notes} autosize minRows={1} {...form.getInputProps('notes')} />
        <Group mt="md">
          <Button type="submit" loading={create.isPending}>
            {m.common.create}
          </Button>
        </Group>
      </form>
    </Section>
  );
}

/** The tenant's buyers (donneurs d'ordre) with what they want to buy locally. */
export default function BuyersPage() {
  const buyers = usePaged(['buyers'], (cursor) => callAs<Page<Buyer>>(api.GET('/api/buyers', { params: { query: { cursor } } })));
  return (
    <>
      <PageTitle>{m.buyers.title}</PageTitle>
      <Text mb="md">{m.buyers.intro}</Text>
      <QueryState query={buyers} isEmpty={buyers.items.length === 0} empty={m.buyers.none}>
        <Table.ScrollContainer minWidth={900}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{m.buyers.name}</Table.Th>
                <Table.Th>{m.buyers.naf}</Table.Th>
                <Table.Th>{m.buyers.commune}</Table.Th>
                <Table.Th>{m.buyers.categories}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {buyers.items.map((b) => (
                <Table.Tr key={b.id} data-testid="buyer-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/acheteurs/${b.id}`} fw={500} c="blue.9">
                      {b.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {b.siret} · <Badge size="xs" variant="light" color={b.inDirectory ? 'teal' : 'gray'}>{b.inDirectory ? m.buyers.inDirectory : m.buyers.notInDirectory}</Badge>
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {b.nafCode ?? m.common.none}
                    {b.nafLabel && (
                      <Text size="xs" c="dimmed">
                        {b.nafLabel}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{b.communeName ?? b.communeCode}</Table.Td>
                  <Table.Td>
                    {b.categories.length
                      ? b.categories.map((c) => (
                          <Text key={c.id} size="sm">
                            {c.label}
                            {c.annualVolumeCents !== null ? ` — ${formatMoney(c.annualVolumeCents)}` : ''}
                          </Text>
                        ))
                      : m.buyers.noCategory}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore query={buyers} />
      </QueryState>
      <CreateBuyer />
    </>
  );
}
