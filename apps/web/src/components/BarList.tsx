import { Card, Group, Progress, Select, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { m } from '../messages';
import { formatNumber } from '../format';

export interface Bar {
  key: string;
  label: string;
  /** null: not published (suppressed). */
  value: number | null;
}

/**
 * A horizontal bar chart: one labelled bar per value, scaled to the largest. Light (no chart
 * library) and readable by screen readers (each bar is a labelled progressbar with its figure).
 */
export function BarList({ bars, format = formatNumber, hidden = '—' }: { bars: Bar[]; format?: (n: number) => string; hidden?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  return (
    <Stack gap={6}>
      {bars.map((b) => (
        <div key={b.key}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm">{b.label}</Text>
            <Text size="sm" fw={600}>
              {b.value === null ? hidden : format(b.value)}
            </Text>
          </Group>
          <Progress value={b.value === null ? 0 : (b.value * 100) / max} aria-label={`${b.label} : ${b.value === null ? hidden : format(b.value)}`} size="md" />
        </div>
      ))}
    </Stack>
  );
}

/** A bordered card with a heading and a bar chart (and what follows it). */
export function ChartCard({ title, bars, children }: { title: string; bars: Bar[]; children?: ReactNode }) {
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        {title}
      </Title>
      <BarList bars={bars} />
      {children}
    </Card>
  );
}

/** The year the reports cover (cohorts started that year), or every year. */
export function YearSelect({ value, onChange }: { value: string | null; onChange: (year: string | null) => void }) {
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => String(thisYear + 1 - i));
  return <Select label={m.reports.year} data={[{ value: '', label: m.reports.allYears }, ...years.map((y) => ({ value: y, label: y }))]} value={value ?? ''} onChange={(v) => onChange(v || null)} allowDeselect={false} w={260} />;
}
