import { Badge } from '@mantine/core';
import { m } from '../messages';

const MILESTONE_COLORS: Record<string, string> = { todo: 'gray', in_progress: 'blue', done: 'teal', blocked: 'grape' };
const INVOICE_COLORS: Record<string, string> = { draft: 'gray', issued: 'blue', partially_paid: 'cyan', paid: 'teal', cancelled: 'dark', overdue: 'red' };

export function MilestoneBadge({ status, late }: { status: string; late?: boolean }) {
  if (late) return <Badge color="red.8">{m.milestones.late}</Badge>;
  return <Badge color={MILESTONE_COLORS[status] ?? 'gray'} variant="light">{m.milestones.statuses[status] ?? status}</Badge>;
}

export function InvoiceBadge({ status }: { status: string | null }) {
  if (!status) return <>{m.common.none}</>;
  return <Badge color={INVOICE_COLORS[status] ?? 'gray'} variant={status === 'overdue' ? 'filled' : 'light'}>{m.invoices.statuses[status] ?? status}</Badge>;
}
