import { Stack, Table, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { Cell, FunnelKey, KindKey } from '../../api/types';
import { YearSelect } from '../../components/BarList';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/states';
import { formatNumber } from '../../format';
import { m } from '../../messages';

const KINDS: KindKey[] = ['company', 'activity', 'value_chain'];
const FUNNEL: FunnelKey[] = ['applied', 'selected', 'active', 'completed', 'withdrawn'];

function CellValue({ cell }: { cell: Cell }) {
  if (!cell.suppressed) return <>{formatNumber(cell.value)}</>;
  return (
    <Tooltip label={m.reports.suppressedHelp}>
      <Text span size="sm" fs="italic" aria-label={m.reports.suppressedHelp} tabIndex={0}>
        {m.reports.suppressed}
      </Text>
    </Tooltip>
  );
}

/** The platform admin's roll-up of every CCI by région: aggregates only, small cells masked. */
export default function NetworkPage() {
  const [year, setYear] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['network', year],
    queryFn: () => call(api.GET('/api/reports/network', { params: { query: year ? { year: Number(year) } : {} } })),
  });
  const r = query.data;
  return (
    <>
      <PageTitle right={<YearSelect value={year} onChange={setYear} />}>
        {m.reports.network}
      </PageTitle>
      <QueryState query={query} isEmpty={r?.regions.length === 0} empty={m.reports.noData}>
        {r && (
          <Stack>
            <Text size="sm">{m.reports.networkIntro(r.minCellSize)}</Text>
            <Table.ScrollContainer minWidth={900}>
              <Table striped data-testid="network-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{m.reports.region}</Table.Th>
                    <Table.Th>{m.reports.projects}</Table.Th>
                    {KINDS.map((k) => (
                      <Table.Th key={k}>{m.reports.kinds[k]}</Table.Th>
                    ))}
                    {FUNNEL.map((k) => (
                      <Table.Th key={k}>{m.reports.funnelSteps[k]}</Table.Th>
                    ))}
                    <Table.Th>
                      {m.reports.jobs} ({m.reports.achieved.toLowerCase()})
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...r.regions.map((g) => ({ key: g.regionCode, name: g.regionName, ...g })), ...(r.national ? [{ key: 'FR', name: m.reports.national, ...r.national }] : [])].map((g) => (
                    <Table.Tr key={g.key} fw={g.key === 'FR' ? 700 : undefined}>
                      <Table.Th scope="row">{g.name}</Table.Th>
                      <Table.Td>
                        <CellValue cell={g.projects} />
                      </Table.Td>
                      {KINDS.map((k) => (
                        <Table.Td key={k}>
                          <CellValue cell={g.byKind[k]} />
                        </Table.Td>
                      ))}
                      {FUNNEL.map((k) => (
                        <Table.Td key={k}>
                          <CellValue cell={g.funnel[k]} />
                        </Table.Td>
                      ))}
                      <Table.Td>
                        <CellValue cell={g.outcomes.achievedJobs} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
