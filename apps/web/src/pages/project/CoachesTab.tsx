import { Badge, Button, Card, Group, List, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { Project } from '../../api/types';
import { splitList } from '../../components/forms';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryState } from '../../components/states';
import { formatNumber } from '../../format';
import { m } from '../../messages';

/** Advisors and admins: the project's coaches, and the coaches the API suggests with their reasons (assign in one click). */
export default function CoachesTab({ project }: { project: Project }) {
  const qc = useQueryClient();
  const [topicsText, setTopicsText] = useState('');
  const [topics, setTopics] = useState('');
  const suggestions = useQuery({
    queryKey: ['coach-suggestions', project.id, topics],
    queryFn: () => call(api.GET('/api/projects/{id}/coach-suggestions', { params: { path: { id: project.id }, query: { topics: topics || undefined } } })),
  });
  const assign = useMutation({
    mutationFn: (userId: string) => call(api.POST('/api/projects/{id}/coaches', { params: { path: { id: project.id } }, body: { userId } })),
    onSuccess: () => {
      notifySuccess(m.coaches.assigned);
      void qc.invalidateQueries({ queryKey: ['project', project.id] });
      void qc.invalidateQueries({ queryKey: ['coach-suggestions', project.id] });
    },
    onError: notifyError,
  });
  const coaches = project.members.filter((x) => x.role === 'coach');
  return (
    <Stack>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {m.coaches.current}
        </Title>
        {coaches.length ? (
          <Group gap="xs">
            {coaches.map((c) => (
              <Badge key={c.userId} variant="light" size="lg" data-testid="project-coach">
                {c.name}
              </Badge>
            ))}
          </Group>
        ) : (
          <Text c="dimmed">{m.coaches.none}</Text>
        )}
      </Card>
      <Card withBorder component="section" aria-labelledby="coach-suggestions">
        <Title order={2} size="h4" mb="xs" id="coach-suggestions">
          {m.coaches.suggestions}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setTopics(splitList(topicsText).join(','));
          }}
        >
          <Group align="flex-end" mb="md">
            <TextInput label={m.coaches.topics} description={m.coaches.topicsHelp} value={topicsText} onChange={(e) => setTopicsText(e.currentTarget.value)} w={360} />
            <Button type="submit" variant="default">
              {m.coaches.refresh}
            </Button>
          </Group>
        </form>
        <QueryState query={suggestions} isEmpty={(suggestions.data?.items.length ?? 0) === 0} empty={m.coaches.noSuggestion}>
          {suggestions.data && (
            <>
              <Text size="sm" mb="sm">
                {m.coaches.needed} : {suggestions.data.neededTopics.join(', ') || m.common.none}
              </Text>
              <Table.ScrollContainer minWidth={800}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{m.experts.name}</Table.Th>
                      <Table.Th>{m.coaches.score}</Table.Th>
                      <Table.Th>{m.coaches.freeHours}</Table.Th>
                      <Table.Th>{m.coaches.distance}</Table.Th>
                      <Table.Th>{m.coaches.reasons}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {suggestions.data.items.map((s) => (
                      <Table.Tr key={s.userId} data-testid="coach-suggestion">
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {s.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {s.organisationName ?? m.experts.noOrganisation}
                            {s.organisationKind ? ` · ${m.experts.kinds[s.organisationKind]}` : ''}
                          </Text>
                        </Table.Td>
                        <Table.Td>{formatNumber(s.score)}</Table.Td>
                        <Table.Td>{s.freeHours === null ? m.common.none : `${formatNumber(s.freeHours)} h`}</Table.Td>
                        <Table.Td>{s.distanceKm === null ? m.common.none : `${formatNumber(s.distanceKm)} km`}</Table.Td>
                        <Table.Td>
                          <List size="xs">
                            {s.reasons.map((r) => (
                              <List.Item key={r}>{r}</List.Item>
                            ))}
                          </List>
                        </Table.Td>
                        <Table.Td>
                          <Button size="xs" aria-label={m.coaches.assignName(s.name)} loading={assign.isPending && assign.variables === s.userId} onClick={() => assign.mutate(s.userId)}>
                            {m.coaches.assign}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </>
          )}
        </QueryState>
      </Card>
    </Stack>
  );
}
