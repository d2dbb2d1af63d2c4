import { Button, Group, NumberInput, Paper, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, call, type Schemas } from '../api/client';
import { PageTitle } from '../components/Layout';
import { formErrorHandler, notifySuccess } from '../components/notify';
import { QueryState } from '../components/states';
import { m } from '../messages';
import { ObservatoryTags } from './ObservatoryTags';

type Settings = Schemas['BillingSettingsDto'];
const EMPTY: Settings = { legalName: '', siret: '', vatNumber: '', addressLine: '', postalCode: '', city: '', iban: '', paymentTermsDays: 30 };

/** The tenant's billing settings (seller on its invoices). */
export default function SettingsPage() {
  const settings = useQuery({ queryKey: ['billing-settings'], queryFn: () => call(api.GET('/api/billing-settings')) });
  const form = useForm<Settings>({ initialValues: EMPTY });
  useEffect(() => {
    if (settings.data) {
      const d = settings.data;
      form.setValues(Object.fromEntries(Object.keys(EMPTY).map((k) => [k, (d as Record<string, unknown>)[k] ?? EMPTY[k as keyof Settings]])));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (v: Settings) => call(api.PUT('/api/billing-settings', { body: v })),
    onSuccess: () => notifySuccess(m.common.saved),
    onError: formErrorHandler(form),
  });
  return (
    <>
      <PageTitle>{m.settings.title}</PageTitle>
      <QueryState query={settings}>
        <Paper withBorder p="md" maw={800}>
          <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={m.settings.legalName} required {...form.getInputProps('legalName')} />
              <TextInput label={m.settings.siret} required {...form.getInputProps('siret')} />
              <TextInput label={m.settings.vatNumber} required {...form.getInputProps('vatNumber')} />
              <TextInput label={m.settings.iban} required {...form.getInputProps('iban')} />
              <TextInput label={m.settings.address} required {...form.getInputProps('addressLine')} />
              <TextInput label="Code postal" required {...form.getInputProps('postalCode')} />
              <TextInput label="Ville" required {...form.getInputProps('city')} />
              <NumberInput label={m.settings.paymentTermsDays} min={0} max={60} required {...form.getInputProps('paymentTermsDays')} />
            </SimpleGrid>
            <Group mt="md">
              <Button type="submit" loading={save.isPending}>
                {m.common.save}
              </Button>
            </Group>
          </form>
        </Paper>
      </QueryState>
      <ObservatoryTags canEdit />
    </>
  );
}
