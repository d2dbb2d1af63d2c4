import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { PageTitle } from '../components/Layout';
import { LoadMore, QueryState, usePaged } from '../components/states';
import { m } from '../messages';

export const fetchMyProjects = (cursor?: string) => call(api.GET('/api/projects', { params: { query: { cursor } } }));

/** Coach's home: the projects assigned to them, with the shortcut to log a session. */
export default function MyProjectsPage() {
  const query = usePaged(['my-projects'], fetchMyProjects);
  return (
    <>
      <PageTitle>{m.projects.mine}</PageTitle>
      <QueryState query={query} isEmpty={query.items.length === 0} empty={m.projects.noProject}>
        <Table highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{m.dashboard.project}</Table.Th>
              <Table.Th>{m.projects.status}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/projets/${p.id}`} fw={500}>
                    {p.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {p.company.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{m.projects.statuses[p.status]}</Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    <Button size="xs" component={Link} to={`/projets/${p.id}?onglet=sessions`} aria-label={`${m.sessions.log} — ${p.title}`}>
                      {m.sessions.log}
                    </Button>
                    <Button size="xs" variant="light" component={Link} to={`/projets/${p.id}?onglet=milestones`} aria-label={`${m.milestones.title} — ${p.title}`}>
                      {m.milestones.title}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <LoadMore query={query} />
      </QueryState>
    </>
  );
}
