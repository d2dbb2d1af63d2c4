import { locale } from './messages';

const intlLocale = `${locale}-FR`;
const money = new Intl.NumberFormat(intlLocale, { style: 'currency', currency: 'EUR' });
const number = new Intl.NumberFormat(intlLocale);
const dateTime = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });

/** `YYYY-MM-DD` (or an ISO instant) → `dd/MM/yyyy`. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  if (value.length > 10) {
    const d = new Date(value);
    const parts = new Intl.DateTimeFormat(intlLocale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Paris' }).format(d);
    return parts;
  }
  return `${m[3]}/${m[2]}/${m[1]}`;
}

export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');
/** Integer cents → `2 490,00 €`. */
export const formatMoney = (cents: number | null | undefined): string => (cents === null || cents === undefined ? '—' : money.format(cents / 100));
export const formatNumber = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : number.format(n));
export const formatHours = (minutes: number): string => `${number.format(Math.round(minutes / 6) / 10)} h`;
/** Today in Europe/Paris as YYYY-MM-DD (what the API calls today). */
export const todayIso = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
/** Euros typed by a person (`1 234,50`) → integer cents, or null. */
export function eurosToCents(text: string | number): number | null {
  const n = typeof text === 'number' ? text : Number(text.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}
/** Integer cents → euros for a number input (empty when unknown). */
export const centsToEuros = (cents: number | null | undefined): number | '' => (cents === null || cents === undefined ? '' : cents / 100);
