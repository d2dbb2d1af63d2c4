import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import type { Page } from '../api/types';
import { m } from '../messages';

export function Loading({ label = m.common.loading }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-hidden />
      <Text ml="sm">{label}</Text>
    </Center>
  );
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403 || error.status === 404) return m.errors.forbidden;
    const fields = error.errors.map((e) => `${e.field} : ${e.message}`).join(' ; ');
    return fields ? `${error.message} (${fields})` : error.message;
  }
  if (error instanceof TypeError) return m.errors.network;
  return error instanceof Error ? error.message : m.common.error;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert color="red" title={m.common.error} role="alert">
      <Text size="sm">{errorText(error)}</Text>
      {onRetry && (
        <Button mt="sm" size="xs" variant="light" color="red" onClick={onRetry}>
          {m.common.retry}
        </Button>
      )}
    </Alert>
  );
}

export function Empty({ children = m.common.empty }: { children?: ReactNode }) {
  return (
    <Text c="dimmed" py="md">
      {children}
    </Text>
  );
}

/** A cursor-paginated list of the API (`{ items, nextCursor }`), page by page. */
export function usePaged<T>(key: QueryKey, fetchPage: (cursor: string | undefined) => Promise<Page<T>>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}

export function LoadMore({ query }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  if (!query.hasNextPage) return null;
  return (
    <Group justify="center" mt="md">
      <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
        {m.common.loadMore}
      </Button>
    </Group>
  );
}

/** Loading, error and empty states of a query around its content. */
export function QueryState({ query, empty, isEmpty, children }: { query: { isPending: boolean; error: unknown; refetch: () => unknown }; empty?: ReactNode; isEmpty?: boolean; children: ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty) return <Empty>{empty}</Empty>;
  return <>{children}</>;
}
