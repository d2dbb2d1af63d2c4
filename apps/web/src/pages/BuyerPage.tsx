import { Anchor, Badge, Button, Card, FileInput, Group, List, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, callAs, type Schemas } from '../api/client';
import type { Page } from '../api/types';
import { uploadFile } from '../api/upload';
import { BarList } from '../components/BarList';
import { PageTitle, Section } from '../components/Layout';
import { formErrorHandler, notifyError, notifySuccess } from '../components/notify';
import { QueryState, usePaged } from '../components/states';
import { eurosToCents, formatDateTime, formatMoney, formatNumber } from '../format';
import { m } from '../messages';

type Buyer = Schemas['BuyerView'];
type Zone = 'ownRegion' | 'restOfFrance' | 'restOfEurope' | 'outsideEurope';
const ZONES: Zone[] = ['ownRegion', 'restOfFrance', 'restOfEurope', 'outsideEurope'];
interface Figure {
  amountCents: number;
  share: number;
}
/** `result` of a purchase-ledger analysis (libs/sourcing, purchase-ledger.ts LedgerAnalysis). */
interface LedgerAnalysis {
  regionCode: string | null;
  regionName: string | null;
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
  rejectedSamples: { line: number; reason: string }[];
  totalCents: number;
  zones: Record<Zone, Figure>;
  unknownRegion: Figure;
  outsideRegionCents: number;
  uncategorisedOutsideCents: number;
  topOutsideCategories: { code: string | null; label: string; amountCents: number; share: number; localSuppliers: number | null }[];
}
interface Analysis {
  id: string;
  buyerId: string;
  fileName: string;
  createdAt: string;
  result: LedgerAnalysis;
}
const percent = (n: number): string => `${formatNumber(n)} %`;

function Categories({ buyer, onChanged }: { buyer: Buyer; onChanged: () => void }) {
  const form = useForm({ initialValues: { nafCode: '', label: '', volume: '' as number | string } });
  const add = useMutation({
    mutationFn: (v: typeof form.values) => {
      const cents = v.volume === '' ? null : eurosToCents(v.volume);
      return call(
        api.POST('/api/buyers/{id}/purchase-categories', {
          params: { path: { id: buyer.id } },
          body: { ...(v.nafCode.trim() ? { nafCode: v.nafCode.trim() } : {}), ...(v.label.trim() ? { label: v.label.trim() } : {}), ...(cents !== null ? { annualVolumeCents: cents } : {}) },
        }),
      );
    },
    onSuccess: () => {
      notifySuccess(m.buyers.categoryAdded);
      form.reset();
      onChanged();
    },
    onError: formErrorHandler(form, (f) => (f === 'annualVolumeCents' ? 'volume' : f)),
  });
  const remove = useMutation({
    mutationFn: (categoryId: string) => call(api.DELETE('/api/buyers/{id}/purchase-categories/{categoryId}', { params: { path: { id: buyer.id, categoryId } } })),
    onSuccess: () => {
      notifySuccess(m.buyers.categoryRemoved);
      onChanged();
    },
    onError: notifyError,
  });
  return (
    <Section id="buyer-categories" title={m.buyers.categories}>
      {buyer.categories.length ? (
        <Table mb="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{m.buyers.category}</Table.Th>
              <Table.Th>{m.buyers.naf}</Table.Th>
              <Table.Th>{m.buyers.volume}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {buyer.categories.map((c) => (
              <Table.Tr key={c.id} data-testid="category-row">
                <Table.Td>{c.label}</Table.Td>
                <Table.Td>
                  {c.nafCode ?? m.common.none}
                  {c.nafLabel && (
                    <Text size="xs" c="dimmed">
                      {c.nafLabel}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatMoney(c.annualVolumeCents)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" aria-label={m.buyers.removeCategory(c.label)} onClick={() => remove.mutate(c.id)}>
                    {m.buyers.remove}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text c="dimmed" mb="md">
          {m.buyers.noCategory}
        </Text>
      )}
      <form onSubmit={form.onSubmit((v) => add.mutate(v))} noValidate>
        <Group align="flex-start" wrap="wrap">
          <TextInput label={m.buyers.categoryNaf} {...form.getInputProps('nafCode')} />
          <TextInput label={m.buyers.categoryLabel} {...form.getInputProps('label')} />
          <NumberInput label={m.buyers.volume} min={0} thousandSeparator=" " decimalSeparator="," {...form.getInputProps('volume')} />
          <Button type="submit" mt={25} variant="light" loading={add.isPending}>
            {m.buyers.addCategory}
          </Button>
        </Group>
      </form>
    </Section>
  );
}

function Figure({ title, value, testId }: { title: string; value: string; testId?: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {title}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function AnalysisView({ analysis }: { analysis: Analysis }) {
  const r = analysis.result;
  const region = r.regionName ?? m.common.none;
  return (
    <Stack data-testid="ledger-analysis">
      <Text size="sm" c="dimmed">
        {analysis.fileName} · {formatDateTime(analysis.createdAt)} · {m.buyers.rows(r.rowsUsed, r.rowsRead, r.rowsRejected)}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Figure title={m.buyers.total} value={formatMoney(r.totalCents)} />
        <Figure title={`${m.buyers.zones.ownRegion} (${region})`} value={percent(r.zones.ownRegion.share)} testId="own-region-share" />
        <Figure title={m.buyers.outsideRegion} value={formatMoney(r.outsideRegionCents)} />
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {m.buyers.zonesTitle}
        </Title>
        <BarList bars={ZONES.map((z) => ({ key: z, label: `${m.buyers.zones[z]} — ${formatMoney(r.zones[z].amountCents)}`, value: r.zones[z].share }))} format={percent} />
        {r.unknownRegion.amountCents > 0 && (
          <Text size="sm" mt="xs">
            {m.buyers.unknownRegion} : {formatMoney(r.unknownRegion.amountCents)} ({percent(r.unknownRegion.share)})
          </Text>
        )}
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {m.buyers.topOutside}
        </Title>
        {r.topOutsideCategories.length ? (
          <Table.ScrollContainer minWidth={600}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{m.buyers.category}</Table.Th>
                  <Table.Th>{m.buyers.amount}</Table.Th>
                  <Table.Th>{m.buyers.share}</Table.Th>
                  <Table.Th>{m.buyers.localSuppliers}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.topOutsideCategories.map((c) => (
                  <Table.Tr key={`${c.code ?? ''}-${c.label}`} data-testid="outside-category">
                    <Table.Td>
                      {c.label}
                      {c.code && (
                        <Text size="xs" c="dimmed">
                          NAF {c.code}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{formatMoney(c.amountCents)}</Table.Td>
                    <Table.Td>{percent(c.share)}</Table.Td>
                    <Table.Td>{c.localSuppliers === null ? m.common.none : formatNumber(c.localSuppliers)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : (
          <Text c="dimmed">{m.common.empty}</Text>
        )}
        {r.uncategorisedOutsideCents > 0 && (
          <Text size="sm" mt="xs">
            {m.buyers.uncategorised} : {formatMoney(r.uncategorisedOutsideCents)}
          </Text>
        )}
      </Card>
      {r.rejectedSamples.length > 0 && (
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">
            {m.buyers.rejected}
          </Title>
          <List size="sm">
            {r.rejectedSamples.map((s) => (
              <List.Item key={s.line}>
                {m.buyers.line(s.line)} : {s.reason}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
    </Stack>
  );
}

function Ledger({ buyerId }: { buyerId: string }) {
  const qc = useQueryClient();
  const key = ['ledger-analyses', buyerId];
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const analyses = usePaged(key, (cursor) => callAs<Page<Analysis>>(api.GET('/api/buyers/{id}/purchase-ledger-analyses', { params: { path: { id: buyerId }, query: { cursor } } })));
  const analyse = useMutation({
    mutationFn: (f: File) => uploadFile<Analysis>('POST', `/api/buyers/${buyerId}/purchase-ledger`, f),
    onSuccess: (a) => {
      notifySuccess(m.buyers.analysed);
      setFile(null);
      setFileError(null);
      setChosen(a.id);
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (error) => {
      formErrorHandler({ setErrors: (e) => setFileError(e['file'] ?? null) })(error);
    },
  });
  const shown = analyses.items.find((a) => a.id === chosen) ?? analyses.items[0];
  return (
    <Section id="ledger" title={m.buyers.ledger}>
      <Text size="sm" mb="sm">
        {m.buyers.ledgerHelp}
      </Text>
      <Group align="flex-end" mb="lg">
        <FileInput label={m.buyers.ledgerFile} accept=".csv,text/csv" value={file} onChange={setFile} error={fileError} clearable w={360} />
        <Button disabled={!file} loading={analyse.isPending} onClick={() => file && analyse.mutate(file)}>
          {m.buyers.analyse}
        </Button>
      </Group>
      <Title order={3} size="h4" mb="sm">
        {m.buyers.index}
      </Title>
      <QueryState query={analyses} isEmpty={analyses.items.length === 0} empty={m.buyers.noAnalysis}>
        {analyses.items.length > 1 && (
          <Select
            label={m.buyers.analyses}
            data={analyses.items.map((a) => ({ value: a.id, label: `${a.fileName} — ${formatDateTime(a.createdAt)}` }))}
            value={shown?.id ?? null}
            onChange={setChosen}
            allowDeselect={false}
            maw={420}
            mb="md"
          />
        )}
        {shown && <AnalysisView analysis={shown} />}
      </QueryState>
    </Section>
  );
}

/** One buyer: what they want to buy locally, and the local-purchase index of their purchase ledger. */
export default function BuyerPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const buyer = useQuery({ queryKey: ['buyer', id], queryFn: () => call(api.GET('/api/buyers/{id}', { params: { path: { id } } })) });
  const b = buyer.data;
  return (
    <QueryState query={buyer}>
      {b && (
        <>
          <Anchor component={Link} to="/acheteurs" size="sm" c="blue.9">
            ← {m.buyers.title}
          </Anchor>
          <PageTitle right={<Badge variant="light" color={b.inDirectory ? 'teal' : 'gray'}>{b.inDirectory ? m.buyers.inDirectory : m.buyers.notInDirectory}</Badge>}>{b.name}</PageTitle>
          <Text c="dimmed" mb="md">
            {m.buyers.siret} {b.siret} · {b.nafCode ?? ''} {b.nafLabel ?? ''} · {b.communeName ?? b.communeCode}
          </Text>
          {b.notes && <Text mb="md">{b.notes}</Text>}
          <Categories buyer={b} onChanged={() => void qc.invalidateQueries({ queryKey: ['buyer', id] })} />
          <Ledger buyerId={b.id} />
        </>
      )}
    </QueryState>
  );
}
