import { Anchor, Badge, Table, Text } from '@mantine/core';
import { api, callAs } from '../../api/client';
import type { Page, Scheme } from '../../api/types';
import { PageTitle } from '../../components/Layout';
import { LoadMore, QueryState, usePaged } from '../../components/states';
import { formatDate } from '../../format';
import { m } from '../../messages';

/** The national financing catalogue (read here; edited through the API's import/export). */
export default function SchemesPage() {
  const query = usePaged(['schemes'], (cursor) => callAs<Page<Scheme>>(api.GET('/api/financing-schemes', { params: { query: { cursor } } })));
  return (
    <>
      <PageTitle>{m.financing.catalogue}</PageTitle>
      <QueryState query={query} isEmpty={query.items.length === 0}>
        <Table.ScrollContainer minWidth={700}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{m.financing.catalogue}</Table.Th>
                <Table.Th>{m.financing.funder}</Table.Th>
                <Table.Th>{m.financing.perimeter}</Table.Th>
                <Table.Th>{m.cohorts.status}</Table.Th>
                <Table.Th>{m.financing.deadline}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    {s.sourceUrl ? (
                      <Anchor href={s.sourceUrl} target="_blank" rel="noreferrer">
                        {s.name}
                      </Anchor>
                    ) : (
                      s.name
                    )}
                    <Text size="xs" c="dimmed">
                      {m.financing.owner[s.owner]} · {s.kind}
                    </Text>
                  </Table.Td>
                  <Table.Td>{s.funder}</Table.Td>
                  <Table.Td>{s.perimeter.scope === 'national' ? m.financing.owner['national'] : s.perimeter.codes.join(', ')}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{s.status}</Badge>
                  </Table.Td>
                  <Table.Td>{formatDate(s.closesOn)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore query={query} />
      </QueryState>
    </>
  );
}
