import { Button, Group } from '@mantine/core';
import { m } from '../messages';

/** A form's closing buttons: cancel, and submit (showing the request under way). */
export function FormActions({ onCancel, loading, label = m.common.save, color }: { onCancel: () => void; loading: boolean; label?: string; color?: string }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {m.common.cancel}
      </Button>
      <Button type="submit" color={color} loading={loading}>
        {label}
      </Button>
    </Group>
  );
}
