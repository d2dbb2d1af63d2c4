import { useQuery } from '@tanstack/react-query';
import { api, callAs, type Schemas } from './client';
import type { Page } from './types';

export type Organisation = Schemas['OrganisationView'];
export type OrganisationKind = Organisation['kind'];

export const fetchOrganisations = (cursor?: string, kind?: OrganisationKind) => callAs<Page<Organisation>>(api.GET('/api/organisations', { params: { query: { cursor, limit: 100, kind } } }));

/** The tenant's organisations (of a kind) as Select options: the first 100, a CCI works with a few dozen. */
export function useOrganisationOptions(kind?: OrganisationKind): { value: string; label: string }[] {
  const query = useQuery({ queryKey: ['organisations', 'options', kind ?? ''], queryFn: () => fetchOrganisations(undefined, kind) });
  return (query.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
}
