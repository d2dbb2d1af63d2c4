import { Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, download } from '../api/client';
import type { FunnelKey, KindKey, TagCount } from '../api/types';
import { ChartCard, YearSelect } from '../components/BarList';
import { PageTitle } from '../components/Layout';
import { notifyError } from '../components/notify';
import { QueryState, usePaged } from '../components/states';
import { formatMoney, formatNumber } from '../format';
import { m } from '../messages';
import { fetchCohorts } from './CohortsPage';

const KINDS: KindKey[] = ['company', 'activity', 'value_chain'];
const FUNNEL: FunnelKey[] = ['applied', 'selected', 'active', 'completed', 'withdrawn'];
const TABLES = ['projects', 'milestones', 'sessions', 'workshop_results', 'invoices', 'outcomes'] as const;
const percent = (n: number | null) => (n === null ? '—' : `${formatNumber(n)} %`);

function Figure({ title, value, detail }: { title: string; value: string; detail?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {title}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {detail && <Text size="sm">{detail}</Text>}
    </Card>
  );
}

function CohortReportView({ cohortId, cohortName }: { cohortId: string; cohortName: string }) {
  const query = useQuery({ queryKey: ['report', cohortId], queryFn: () => call(api.GET('/api/reports/cohorts/{id}', { params: { path: { id: cohortId } } })) });
  const r = query.data;
  const slug = cohortName.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase();
  return (
    <QueryState query={query}>
      {r && (
        <Stack>
          <Group justify="space-between">
            <Title order={2} size="h3">
              {m.reports.cohortReport}
            </Title>
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {m.reports.exports}
              </Text>
              <Button size="xs" onClick={() => void download(`/api/cohorts/${cohortId}/export.xlsx`, `${slug}.xlsx`).catch(notifyError)}>
                {m.reports.xlsx}
              </Button>
              {TABLES.map((t) => (
                <Button key={t} size="xs" variant="default" aria-label={`${m.reports.csv} ${m.reports.tables[t]}`} onClick={() => void download(`/api/cohorts/${cohortId}/export.csv?table=${t}`, `${slug}-${t}.csv`).catch(notifyError)}>
                  {m.reports.csv} {m.reports.tables[t]}
                </Button>
              ))}
            </Group>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <Figure title={m.reports.projects} value={formatNumber(r.projects.total)} detail={`${formatNumber(r.projects.completed)} ${m.reports.funnelSteps.completed.toLowerCase()}, ${formatNumber(r.projects.withdrawn)} ${m.reports.funnelSteps.withdrawn.toLowerCase()}`} />
            <Figure title={m.reports.milestones} value={percent(r.milestones.completionPercent)} detail={`${formatNumber(r.milestones.late)} ${m.reports.late}, ${formatNumber(r.milestones.projectsWithLate)} ${m.reports.projectsWithLate}`} />
            <Figure title={m.reports.coaching} value={`${formatNumber(r.coaching.hours)} h`} detail={`${formatNumber(r.coaching.sessions)} ${m.reports.sessions}${r.coaching.usedPercent === null ? '' : ` · ${percent(r.coaching.usedPercent)} ${m.reports.ofBudget}`}`} />
            <Figure title={m.reports.fees} value={formatMoney(r.fees.invoicedInclVatCents)} detail={`${m.reports.paid} ${formatMoney(r.fees.paidCents)} · ${m.reports.outstanding} ${formatMoney(r.fees.outstandingCents)} · ${formatNumber(r.fees.overdue)} ${m.reports.overdue}`} />
            <Figure title={m.reports.sourcing} value={formatNumber(r.sourcing.contacted)} detail={`${m.reports.contacted}, ${formatNumber(r.sourcing.qualified)} ${m.reports.qualified} (${formatNumber(r.sourcing.candidates)} ${m.reports.candidates})`} />
            <Figure title={m.reports.financing} value={formatNumber(r.financing.eligibleMatches)} detail={`${m.reports.eligible}, ${formatNumber(r.financing.projectsWithEligible)} ${m.reports.projectsWithEligible}`} />
            <Figure title={m.reports.followUps} value={formatNumber(r.outcomes.followUps.answered)} detail={`${m.reports.answered}, ${formatNumber(r.outcomes.followUps.pending)} ${m.reports.pending}`} />
            <Figure title={m.reports.workshops} value={formatNumber(r.workshops.length)} detail={`${formatNumber(r.workshops.reduce((a, w) => a + w.evaluations, 0))} ${m.reports.evaluations}`} />
          </SimpleGrid>
          <Card withBorder>
            <Title order={3} size="h4" mb="xs">
              {m.reports.outcomes}
            </Title>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th>{m.reports.planned}</Table.Th>
                  <Table.Th>{m.reports.achieved}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th>{m.reports.jobs}</Table.Th>
                  <Table.Td>{formatNumber(r.outcomes.planned.jobs)}</Table.Td>
                  <Table.Td>{formatNumber(r.outcomes.achieved.jobs)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{m.reports.investment}</Table.Th>
                  <Table.Td>{formatMoney(r.outcomes.planned.investmentCents)}</Table.Td>
                  <Table.Td>{formatMoney(r.outcomes.achieved.investmentCents)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{m.reports.importSubstitution}</Table.Th>
                  <Table.Td>{formatMoney(r.outcomes.planned.importSubstitutionCents)}</Table.Td>
                  <Table.Td>{formatMoney(r.outcomes.achieved.importSubstitutionCents)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Card>
        </Stack>
      )}
    </QueryState>
  );
}

const tagBars = (tags: TagCount[]) => tags.map((t) => ({ key: t.key, label: t.label, value: t.projects }));

function ObservatoryView() {
  const [year, setYear] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['observatory', year],
    queryFn: () => call(api.GET('/api/reports/observatory', { params: { query: year ? { year: Number(year) } : {} } })),
  });
  const o = query.data;
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={2} size="h3">
          {m.reports.observatory}
        </Title>
        <YearSelect value={year} onChange={setYear} />
      </Group>
      <QueryState query={query} isEmpty={o?.projects === 0} empty={m.reports.noData}>
        {o && (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <ChartCard title={`${m.reports.byKind} · ${m.reports.projectsCount(o.projects)}`} bars={KINDS.map((k) => ({ key: k, label: m.reports.kinds[k], value: o.byKind[k] }))} />
            <ChartCard title={m.reports.funnel} bars={FUNNEL.map((k) => ({ key: k, label: m.reports.funnelSteps[k], value: o.funnel[k] }))} />
            <ChartCard title={m.reports.motivations} bars={tagBars(o.motivations)} />
            <ChartCard title={m.reports.obstacles} bars={tagBars(o.obstacles)} />
            <ChartCard title={m.reports.successFactors} bars={tagBars(o.successFactors)} />
            <ChartCard
              title={m.reports.outcomes}
              bars={[
                  { key: 'plannedJobs', label: `${m.reports.jobs} · ${m.reports.planned.toLowerCase()}`, value: o.outcomes.plannedJobs },
                  { key: 'achievedJobs', label: `${m.reports.jobs} · ${m.reports.achieved.toLowerCase()}`, value: o.outcomes.achievedJobs },
                ]}
            >
              <Text size="sm" mt="sm">
                {m.reports.investment} : {formatMoney(o.outcomes.plannedInvestmentCents)} ({m.reports.planned.toLowerCase()}) · {formatMoney(o.outcomes.achievedInvestmentCents)} ({m.reports.achieved.toLowerCase()})
              </Text>
            </ChartCard>
          </SimpleGrid>
        )}
      </QueryState>
    </Stack>
  );
}

/** Reports of the CCI: a cohort's figures and exports, then the observatory by year. */
export default function ReportsPage() {
  const cohorts = usePaged(['cohorts'], fetchCohorts);
  const [cohortId, setCohortId] = useState<string | null>(null);
  const chosen = cohorts.items.find((c) => c.id === cohortId) ?? cohorts.items[0];
  return (
    <>
      <PageTitle>{m.reports.title}</PageTitle>
      <Stack gap="xl">
        <QueryState query={cohorts} isEmpty={cohorts.items.length === 0}>
          <Stack>
            <Select label={m.reports.cohort} placeholder={m.reports.pickCohort} data={cohorts.items.map((c) => ({ value: c.id, label: c.name }))} value={chosen?.id ?? null} onChange={setCohortId} allowDeselect={false} maw={420} />
            {chosen && <CohortReportView cohortId={chosen.id} cohortName={chosen.name} />}
          </Stack>
        </QueryState>
        <ObservatoryView />
      </Stack>
    </>
  );
}
