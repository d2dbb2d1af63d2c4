import { Alert, Button, Center, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { ApiError } from '../api/client';
import { homeOf, useAuth } from '../auth';
import { errorText } from '../components/states';
import { m } from '../messages';

/** The slugs the API lists when a person belongs to several tenants ("… (cci-a, cci-b)"). */
function tenantsOf(error: ApiError): string[] {
  const list = /\(([^)]+)\)\s*$/.exec(error.message)?.[1];
  return list ? list.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

export default function LoginPage() {
  const { status, membership, login } = useAuth();
  const [tenants, setTenants] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ initialValues: { email: '', password: '', tenant: '' } });

  if (status === 'authenticated' && membership) return <Navigate to={homeOf(membership.role)} replace />;

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.email.trim(), values.password, values.tenant || undefined);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'TENANT_REQUIRED') {
        setTenants(tenantsOf(e));
        form.setFieldError('tenant', m.auth.tenantHelp);
      } else if (e instanceof ApiError && e.status === 401) {
        setError(m.auth.badCredentials);
      } else {
        if (e instanceof ApiError) form.setErrors(e.fieldErrors());
        setError(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" bg="gray.0" component="main">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="95vw">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                {m.appName}
              </Title>
              <Text c="dimmed" size="sm">
                {m.auth.intro}
              </Text>
            </div>
            {error && (
              <Alert color="red" title={m.auth.failed} role="alert">
                {error}
              </Alert>
            )}
            <TextInput label={m.auth.email} type="email" autoComplete="username" required {...form.getInputProps('email')} />
            <PasswordInput label={m.auth.password} autoComplete="current-password" required {...form.getInputProps('password')} />
            {tenants !== null &&
              (tenants.length ? (
                <Select label={m.auth.tenant} data={tenants} required allowDeselect={false} {...form.getInputProps('tenant')} />
              ) : (
                <TextInput label={m.auth.tenant} required {...form.getInputProps('tenant')} />
              ))}
            <Button type="submit" loading={busy}>
              {m.auth.submit}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
