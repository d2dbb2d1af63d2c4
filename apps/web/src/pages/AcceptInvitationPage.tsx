import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { formErrorHandler } from '../components/notify';
import { m } from '../messages';

/** Where the invitation email leads (`/invitations/accept?token=…`): name and password, then log in. */
export default function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useForm({ initialValues: { name: '', password: '' } });
  const accept = useMutation({
    mutationFn: (v: typeof form.values) => call(api.POST('/api/invitations/accept', { body: { token, name: v.name.trim(), password: v.password } })),
    onError: formErrorHandler(form),
  });
  return (
    <Center mih="100vh" bg="gray.0" component="main">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="95vw">
        <Stack>
          <Title order={1} size="h2">
            {m.invitation.title}
          </Title>
          {accept.isSuccess ? (
            <Alert color="teal" title={m.invitation.done}>
              <Button component={Link} to="/connexion" mt="sm">
                {m.auth.submit}
              </Button>
            </Alert>
          ) : (
            <form onSubmit={form.onSubmit((v) => accept.mutate(v))} noValidate>
              <Stack>
                <Text size="sm">{m.invitation.intro}</Text>
                {!token && <Alert color="red">{m.invitation.noToken}</Alert>}
                <TextInput label={m.people.name} autoComplete="name" required {...form.getInputProps('name')} />
                <PasswordInput label={m.auth.password} description={m.invitation.passwordHelp} autoComplete="new-password" required {...form.getInputProps('password')} />
                <Button type="submit" loading={accept.isPending} disabled={!token}>
                  {m.invitation.submit}
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
