import { Anchor, Text } from '@mantine/core';
import { auth } from '../../api/client';
import { PageTitle } from '../../components/Layout';
import { m } from '../../messages';

/** The BullMQ dashboard is served by the API (it takes the platform admin's access token). */
export default function QueuesPage() {
  const token = auth.accessToken() ?? '';
  return (
    <>
      <PageTitle>{m.nav.queues}</PageTitle>
      <Text mb="sm">
        <Anchor href={`/api/admin/queues?token=${encodeURIComponent(token)}`} target="_blank" rel="noreferrer">
          {m.admin.queues}
        </Anchor>
      </Text>
    </>
  );
}
