import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../api/client';
import type { Tag } from '../api/types';
import { formErrorHandler, notifyError, notifySuccess } from '../components/notify';
import { QueryState } from '../components/states';
import { m } from '../messages';

const CATEGORIES: Tag['category'][] = ['motivation', 'success_factor', 'obstacle'];
const refresh = (qc: ReturnType<typeof useQueryClient>) => void qc.invalidateQueries({ queryKey: ['observatory-tags'] });

function TagRow({ tag }: { tag: Tag }) {
  const qc = useQueryClient();
  const [label, setLabel] = useState(tag.label);
  const update = useMutation({
    mutationFn: (body: { label?: string; archived?: boolean }) => call(api.PATCH('/api/observatory/tags/{id}', { params: { path: { id: tag.id } }, body })),
    onSuccess: (_, body) => {
      notifySuccess(body.label !== undefined ? m.observatory.renamed : m.common.saved);
      refresh(qc);
    },
    onError: notifyError,
  });
  const changed = label.trim() !== tag.label && label.trim() !== '';
  return (
    <Group gap="xs" wrap="nowrap" data-testid="tag-row">
      <TextInput aria-label={m.observatory.tagLabel(tag.label)} value={label} onChange={(e) => setLabel(e.currentTarget.value)} size="xs" style={{ flex: 1 }} c={tag.archived ? 'dimmed' : undefined} />
      {tag.archived && (
        <Badge size="sm" color="gray" variant="light">
          {m.observatory.archived}
        </Badge>
      )}
      {changed && (
        <Button size="xs" variant="light" loading={update.isPending} onClick={() => update.mutate({ label: label.trim() })}>
          {m.observatory.rename}
        </Button>
      )}
      <Button size="xs" variant="default" loading={update.isPending} onClick={() => update.mutate({ archived: !tag.archived })} aria-label={`${tag.archived ? m.observatory.restore : m.observatory.archive} ${tag.label}`}>
        {tag.archived ? m.observatory.restore : m.observatory.archive}
      </Button>
    </Group>
  );
}

function CategoryCard({ category, tags, canEdit }: { category: Tag['category']; tags: Tag[]; canEdit: boolean }) {
  const qc = useQueryClient();
  const name = m.observatory.categories[category] ?? category;
  const form = useForm({ initialValues: { label: '' }, validate: { label: (v) => (v.trim() ? null : m.schemes.required) } });
  const create = useMutation({
    mutationFn: (label: string) => call(api.POST('/api/observatory/tags', { body: { category, label } })),
    onSuccess: () => {
      notifySuccess(m.observatory.added);
      form.reset();
      refresh(qc);
    },
    onError: formErrorHandler(form),
  });
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        {name}
      </Title>
      <Stack gap={6}>
        {tags.map((t) => (canEdit ? <TagRow key={`${t.id}-${t.label}`} tag={t} /> : <Text key={t.id}>{t.label}</Text>))}
      </Stack>
      {canEdit && (
        <form onSubmit={form.onSubmit((v) => create.mutate(v.label.trim()))} noValidate>
          <Group mt="sm" align="flex-end" wrap="nowrap">
            <TextInput label={m.observatory.newTag(name)} size="xs" style={{ flex: 1 }} {...form.getInputProps('label')} />
            <Button type="submit" size="xs" loading={create.isPending}>
              {m.observatory.add}
            </Button>
          </Group>
        </form>
      )}
    </Card>
  );
}

/** The tenant's observatory tag lists (motivations, success factors, obstacles). */
export function ObservatoryTags({ canEdit }: { canEdit: boolean }) {
  const tags = useQuery({ queryKey: ['observatory-tags'], queryFn: () => call(api.GET('/api/observatory/tags')) });
  return (
    <>
      <Title order={2} size="h3" mt="xl" mb="xs">
        {m.observatory.tagsTitle}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {m.observatory.tagsIntro}
      </Text>
      <QueryState query={tags}>
        <SimpleGrid cols={{ base: 1, lg: 3 }}>
          {CATEGORIES.map((c) => (
            <CategoryCard key={c} category={c} canEdit={canEdit} tags={(tags.data?.items ?? []).filter((t) => t.category === c)} />
          ))}
        </SimpleGrid>
      </QueryState>
    </>
  );
}
