import { Text, Timeline } from '@mantine/core';
import { api, call } from '../../api/client';
import { LoadMore, QueryState, usePaged } from '../../components/states';
import { formatDateTime } from '../../format';
import { m } from '../../messages';

export default function TimelineTab({ projectId }: { projectId: string }) {
  const query = usePaged(['timeline', projectId], (cursor) => call(api.GET('/api/projects/{id}/timeline', { params: { path: { id: projectId }, query: { cursor } } })));
  return (
    <QueryState query={query} isEmpty={query.items.length === 0} empty={m.timeline.none}>
      <Timeline bulletSize={14} lineWidth={2} aria-label={m.timeline.title}>
        {query.items.map((e, i) => (
          <Timeline.Item key={e.id ?? i} title={e.summary ?? e.kind}>
            <Text size="xs" c="dimmed">
              {formatDateTime(e.at)}
              {e.actor?.name ? ` · ${e.actor.name}` : ''}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      <LoadMore query={query} />
    </QueryState>
  );
}
