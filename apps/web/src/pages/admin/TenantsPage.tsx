import { Button, Group, Table, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { PageTitle, Section } from '../../components/Layout';
import { formErrorHandler, notifySuccess } from '../../components/notify';
import { LoadMore, QueryState, usePaged } from '../../components/states';
import { formatDate } from '../../format';
import { m } from '../../messages';

export default function TenantsPage() {
  const qc = useQueryClient();
  const tenants = usePaged(['tenants'], (cursor) => call(api.GET('/api/tenants', { params: { query: { cursor } } })));
  const form = useForm({ initialValues: { name: '', slug: '', regionCode: '', adminEmail: '' } });
  const create = useMutation({
    mutationFn: (v: typeof form.values) => call(api.POST('/api/tenants', { body: v })),
    onSuccess: () => {
      notifySuccess(m.admin.created);
      form.reset();
      void qc.invalidateQueries({ queryKey: ['tenants'] });
    },
    onError: formErrorHandler(form),
  });
  return (
    <>
      <PageTitle>{m.admin.tenants}</PageTitle>
      <Section id="create-tenant" title={m.admin.createTenant}>
        <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
          <Group align="flex-start" wrap="wrap">
            <TextInput label={m.people.name} required {...form.getInputProps('name')} />
            <TextInput label={m.admin.slug} required {...form.getInputProps('slug')} />
            <TextInput label={m.admin.region} required w={100} {...form.getInputProps('regionCode')} />
            <TextInput label={m.admin.adminEmail} type="email" required {...form.getInputProps('adminEmail')} />
            <Button type="submit" mt={25} loading={create.isPending}>
              {m.common.create}
            </Button>
          </Group>
        </form>
      </Section>
      <QueryState query={tenants} isEmpty={tenants.items.length === 0}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{m.people.name}</Table.Th>
              <Table.Th>{m.admin.slug}</Table.Th>
              <Table.Th>{m.admin.region}</Table.Th>
              <Table.Th>{m.invoices.issueDate}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tenants.items.map((t) => (
              <Table.Tr key={t.id} data-testid="tenant-row">
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{t.slug}</Table.Td>
                <Table.Td>{t.regionName}</Table.Td>
                <Table.Td>{formatDate(t.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <LoadMore query={tenants} />
      </QueryState>
    </>
  );
}
