import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { m } from '../messages';

export default function NotFoundPage() {
  return (
    <Stack align="flex-start">
      <Title order={1}>{m.errors.notFound}</Title>
      <Text>{m.errors.forbidden}</Text>
      <Button component={Link} to="/">
        {m.appName}
      </Button>
    </Stack>
  );
}
