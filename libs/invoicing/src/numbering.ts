import type { EntityManager } from 'typeorm';
import type { SequenceKind } from './invoice.entities';

const PREFIX: Record<SequenceKind, string> = { invoice: 'FA', credit_note: 'AV' };

/**
 * The next legal number of the tenant's yearly sequence (`FA-2026-00042`, `AV-2026-00003`).
 * Must run inside the transaction that issues the document: the upsert locks the counter row
 * until commit, so concurrent issues queue up one behind the other, and a rollback gives the
 * number back: the sequence stays continuous, with no gap and no duplicate.
 */
export async function nextNumber(manager: EntityManager, tenantId: string, kind: SequenceKind, year: number): Promise<string> {
  const rows = await manager.query<{ last_value: number }[]>(
    `INSERT INTO invoice_sequences (tenant_id, kind, year, last_value) VALUES ($1, $2, $3, 1)
     ON CONFLICT (tenant_id, kind, year) DO UPDATE SET last_value = invoice_sequences.last_value + 1, updated_at = now()
     RETURNING last_value`,
    [tenantId, kind, year],
  );
  const value = rows[0]?.last_value;
  if (value === undefined) throw new Error('invoice sequence upsert returned nothing');
  return `${PREFIX[kind]}-${year}-${String(value).padStart(5, '0')}`;
}
