import type { ComputedLine, Totals } from './money';
import type { PartySnapshot, SellerSnapshot } from './invoice.entities';

/** What the PDF and the Factur-X XML are made from: an issued invoice or a credit note. */
export interface BillingDocument extends Totals {
  kind: 'invoice' | 'credit_note';
  number: string;
  issueDate: string;
  /** Invoices only. */
  dueDate: string | null;
  servicePeriodStart: string;
  servicePeriodEnd: string;
  seller: SellerSnapshot;
  customer: PartySnapshot;
  lines: ComputedLine[];
  /** Credit notes: the invoice they cancel all or part of, and why. */
  invoiceReference: { number: string; issueDate: string } | null;
  reason: string | null;
  /** Project title, as the buyer reference (BT-10). */
  buyerReference: string;
}

export const RECOVERY_INDEMNITY_TEXT = 'Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 € (art. L. 441-10 et D. 441-5 du code de commerce).';
export const EARLY_PAYMENT_TEXT = 'Pas d’escompte pour paiement anticipé.';
export const penaltyText = (rate: string): string => `Pénalités de retard exigibles dès le lendemain de l’échéance, au taux de ${rate}.`;
