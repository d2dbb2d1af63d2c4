import { Anchor, Badge, Table } from '@mantine/core';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { PageTitle } from '../components/Layout';
import { LoadMore, QueryState, usePaged } from '../components/states';
import { formatDate, formatMoney } from '../format';
import { m } from '../messages';

export const fetchCohorts = (cursor?: string) => call(api.GET('/api/cohorts', { params: { query: { cursor, limit: 50 } } }));

export default function CohortsPage() {
  const query = usePaged(['cohorts'], fetchCohorts);
  return (
    <>
      <PageTitle>{m.cohorts.title}</PageTitle>
      <QueryState query={query} isEmpty={query.items.length === 0}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{m.cohorts.name}</Table.Th>
              <Table.Th>{m.cohorts.period}</Table.Th>
              <Table.Th>{m.cohorts.status}</Table.Th>
              <Table.Th>{m.cohorts.capacity}</Table.Th>
              <Table.Th>{m.cohorts.fee}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/promotions/${c.id}`}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {formatDate(c.startDate)} – {formatDate(c.endDate)}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{m.cohorts.statuses[c.status]}</Badge>
                </Table.Td>
                <Table.Td>{c.capacity ?? m.common.none}</Table.Td>
                <Table.Td>{formatMoney(c.feeCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <LoadMore query={query} />
      </QueryState>
    </>
  );
}
