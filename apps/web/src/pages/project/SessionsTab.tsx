import '@mantine/dates/styles.css';
import { Badge, Button, Card, Group, NumberInput, SegmentedControl, Stack, TagsInput, Text, Textarea, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { Session } from '../../api/types';
import { useAuth } from '../../auth';
import { Section } from '../../components/Layout';
import { formErrorHandler, notifySuccess } from '../../components/notify';
import { LoadMore, QueryState, usePaged } from '../../components/states';
import { formatDate, todayIso } from '../../format';
import { m } from '../../messages';

const PRESETS = [30, 60, 90, 120, 180];

/** Logging a session in a few seconds: today, a preset duration, suggested topics, next steps. */
export function SessionForm({ projectId, onDone }: { projectId: string; onDone?: () => void }) {
  const qc = useQueryClient();
  const topics = useQuery({ queryKey: ['topics'], queryFn: () => call(api.GET('/api/coaching/topics')) });
  const form = useForm({
    initialValues: { date: todayIso(), durationMinutes: 60, mode: 'onsite' as Session['mode'], topics: [] as string[], notes: '', privateNotes: '', nextSteps: '' },
    validate: {
      notes: (v) => (v.trim() ? null : m.sessions.notes),
      durationMinutes: (v) => (v >= 1 && v <= 720 ? null : m.sessions.durationMinutes),
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(
        api.POST('/api/projects/{id}/sessions', {
          params: { path: { id: projectId } },
          body: {
            date: v.date,
            durationMinutes: v.durationMinutes,
            mode: v.mode,
            topics: v.topics,
            notes: v.notes.trim(),
            ...(v.privateNotes.trim() ? { privateNotes: v.privateNotes.trim() } : {}),
            nextSteps: v.nextSteps
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean)
              .map((title) => ({ title })),
          },
        }),
      ),
    onSuccess: () => {
      notifySuccess(m.sessions.saved);
      form.reset();
      void qc.invalidateQueries({ queryKey: ['sessions', projectId] });
      void qc.invalidateQueries({ queryKey: ['budget', projectId] });
      onDone?.();
    },
    onError: formErrorHandler(form),
  });
  return (
    <Section id="log-session" title={m.sessions.log}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <Group align="flex-end" wrap="wrap">
            <DateInput label={m.sessions.date} valueFormat="DD/MM/YYYY" maxDate={todayIso()} required {...form.getInputProps('date')} />
            <div>
              <Text size="sm" fw={500} id="duration-label">
                {m.sessions.duration}
              </Text>
              <SegmentedControl
                aria-labelledby="duration-label"
                value={String(form.values.durationMinutes)}
                onChange={(v) => form.setFieldValue('durationMinutes', Number(v))}
                data={PRESETS.map((p) => ({ value: String(p), label: m.sessions.minutes(p) }))}
              />
            </div>
            <NumberInput label={m.sessions.durationMinutes} min={1} max={720} w={150} {...form.getInputProps('durationMinutes')} />
            <div>
              <Text size="sm" fw={500} id="mode-label">
                {m.sessions.mode}
              </Text>
              <SegmentedControl aria-labelledby="mode-label" {...form.getInputProps('mode')} data={Object.entries(m.sessions.modes).map(([value, label]) => ({ value, label }))} />
            </div>
          </Group>
          <TagsInput label={m.sessions.topics} description={m.sessions.topicsHelp} data={(topics.data?.items ?? []).map((t) => t.label)} clearable {...form.getInputProps('topics')} />
          <Textarea label={m.sessions.notes} required autosize minRows={3} {...form.getInputProps('notes')} />
          <Textarea label={m.sessions.nextSteps} autosize minRows={2} {...form.getInputProps('nextSteps')} />
          <Textarea label={m.sessions.privateNotes} autosize minRows={1} {...form.getInputProps('privateNotes')} />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {m.common.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

export default function SessionsTab({ projectId }: { projectId: string }) {
  const { membership } = useAuth();
  const canLog = membership?.role === 'coach' || membership?.role === 'advisor' || membership?.role === 'admin';
  const query = usePaged(['sessions', projectId, 'paged'], (cursor) => call(api.GET('/api/projects/{id}/sessions', { params: { path: { id: projectId }, query: { cursor } } })));
  return (
    <>
      {canLog && <SessionForm projectId={projectId} onDone={() => void query.refetch()} />}
      <Title order={2} size="h4" mb="sm">
        {m.sessions.title}
      </Title>
      <QueryState query={query} isEmpty={query.items.length === 0} empty={m.sessions.none}>
        <Stack>
          {query.items.map((s) => (
            <Card key={s.id} withBorder data-testid="session-card">
              <Group justify="space-between">
                <Text fw={600}>
                  {formatDate(s.date)} · {m.sessions.minutes(s.durationMinutes)} · {m.sessions.modes[s.mode]}
                </Text>
                <Text size="sm" c="dimmed">
                  {s.author.name}
                </Text>
              </Group>
              <Group gap={4} my={4}>
                {s.topics.map((t) => (
                  <Badge key={t} variant="light">
                    {t}
                  </Badge>
                ))}
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {s.notes}
              </Text>
              {s.privateNotes ? (
                <Text size="sm" c="dimmed" fs="italic" mt={4}>
                  {m.sessions.privateNotes} : {s.privateNotes}
                </Text>
              ) : null}
              {s.nextSteps.length > 0 && (
                <Text size="sm" mt={4}>
                  {m.projects.nextSteps} : {s.nextSteps.map((n) => n.title).join(' ; ')}
                </Text>
              )}
            </Card>
          ))}
        </Stack>
        <LoadMore query={query} />
      </QueryState>
    </>
  );
}
