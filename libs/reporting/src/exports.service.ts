import { PassThrough, Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import * as ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { notFound } from '@filiere/platform/errors';
import { AccessService } from '@filiere/access';
import { frDate } from '@filiere/invoicing';
import { todayInParis } from '@filiere/programmes';
import { computeWorkshopResults, ScoredEvaluation, ScoringCriterion } from '@filiere/workshops';
import { CellValue, COHORT_TABLES, Column, TableData } from './cohort-tables';
import { EXPORT_TABLES, ExportTable } from './reporting.dto';
import { WORKSHOPS_SQL } from './reports.sql';

interface PgPool {
  query(config: { text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: CellValue[][] }>;
}

/** Euros with two decimals and the euro sign, as French Excel shows them. */
export const EURO_FORMAT = '#,##0.00 "€"';
export const DATE_FORMAT = 'dd/mm/yyyy';

const dateOf = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
/** Text a spreadsheet would run as a formula (=, +, -, @ first) gets an apostrophe. */
const safeText = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** A value for a CSV cell (French Excel: decimal comma, DD/MM/YYYY, Oui/Non). */
export function csvCell(value: CellValue, type: Column['type']): string {
  if (value === null || value === '') return '';
  switch (type) {
    case 'money':
      return (Number(value) / 100).toFixed(2).replace('.', ',');
    case 'number':
      return String(value).replace('.', ',');
    case 'int':
      return String(value);
    case 'date':
      return frDate(String(value));
    case 'bool':
      return value === true ? 'Oui' : 'Non';
    case 'text':
      return safeText(String(value));
  }
}

/** The cohort's tables as an .xlsx workbook (streamed) or one of them as CSV. */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  private async cohortName(actor: TenantActor, cohortId: string): Promise<string> {
    await this.access.requireCohort(actor, cohortId);
    const [c] = await this.dataSource.query<{ name: string }[]>('SELECT name FROM cohorts WHERE tenant_id = $1 AND id = $2', [actor.tenantId, cohortId]);
    if (!c) throw notFound('Cohort');
    return c.name;
  }

  private async table(tenantId: string, cohortId: string, key: ExportTable, today: string): Promise<TableData> {
    const def = COHORT_TABLES[key];
    if (key === 'workshop_results') return { key, sheet: def.sheet, columns: def.columns, rows: await this.workshopRows(tenantId, cohortId) };
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    const values = def.sql.includes('$3') ? [tenantId, cohortId, today] : [tenantId, cohortId];
    const { rows } = await pool.query({ text: def.sql, values, rowMode: 'array' });
    return { key, sheet: def.sheet, columns: def.columns, rows };
  }

  private async workshopRows(tenantId: string, cohortId: string): Promise<CellValue[][]> {
    const workshops = await this.dataSource.query<{ title: string; starts_at: Date; criteria: ScoringCriterion[]; projects: { projectId: string; title: string }[]; evaluations: ScoredEvaluation[]; awards: { projectId: string; prize: string; awardedBy: string }[] }[]>(WORKSHOPS_SQL, [tenantId, cohortId]);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
    return workshops.flatMap((w) =>
      computeWorkshopResults(w.criteria, w.projects, w.evaluations).map((r) => [
        w.title,
        day.format(w.starts_at),
        r.rank,
        r.title,
        r.weightedScore,
        r.evaluationCount,
        r.calibratedScore,
        w.awards.filter((a) => a.projectId === r.projectId).map((a) => `${a.prize} (${a.awardedBy})`).join(' ; ') || null,
      ]),
    );
  }

  /** One table as CSV for French Excel: `;`, UTF-8 with BOM, French headers. */
  async csv(actor: TenantActor, cohortId: string, key: ExportTable): Promise<{ filename: string; csv: string }> {
    const name = await this.cohortName(actor, cohortId);
    const t = await this.table(actor.tenantId, cohortId, key, todayInParis());
    const body = t.rows.map((row) => row.map((v, i) => csvCell(v, (t.columns[i]).type)));
    return { filename: `${fileSlug(name)}-${key}.csv`, csv: stringify([t.columns.map((c) => c.header), ...body], { delimiter: ';', bom: true, record_delimiter: 'windows' }) };
  }

  /**
   * The workbook: one sheet per table, typed cells (dates as dates, money as numbers in euros with
   * the € format), frozen header row and filters. Access and data are checked before the first
   * byte; the workbook is then written by exceljs's streaming writer into the response.
   */
  async xlsx(actor: TenantActor, cohortId: string): Promise<{ filename: string; stream: Readable }> {
    const name = await this.cohortName(actor, cohortId);
    const today = todayInParis();
    const tables: TableData[] = [];
    for (const key of EXPORT_TABLES) tables.push(await this.table(actor.tenantId, cohortId, key, today));
    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Filière';
    const write = async (): Promise<void> => {
      for (const t of tables) {
        const lastCol = columnLetter(t.columns.length);
        const sheet = workbook.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
        sheet.columns = t.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(12, c.header.length + 2), style: styleOf(c) }));
        sheet.autoFilter = `A1:${lastCol}1`;
        sheet.getRow(1).font = { bold: true };
        sheet.getRow(1).commit();
        for (const values of t.rows) {
          const row = sheet.addRow(values.map((v, i) => xlsxValue(v, (t.columns[i]).type)));
          t.columns.forEach((c, i) => {
            const fmt = styleOf(c).numFmt;
            if (fmt) row.getCell(i + 1).numFmt = fmt;
          });
          row.commit();
        }
        sheet.commit();
      }
      await workbook.commit();
    };
    write().catch((err: unknown) => {
      this.logger.error(`xlsx export of cohort ${cohortId} failed: ${String(err)}`);
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    return { filename: `${fileSlug(name)}.xlsx`, stream: out };
  }
}

function styleOf(c: Column): Partial<ExcelJS.Style> {
  if (c.type === 'money') return { numFmt: EURO_FORMAT };
  if (c.type === 'date') return { numFmt: DATE_FORMAT };
  if (c.type === 'number') return { numFmt: '0.00' };
  return {};
}

function xlsxValue(v: CellValue, type: Column['type']): ExcelJS.CellValue {
  if (v === null) return null;
  switch (type) {
    case 'money':
      return Number(v) / 100;
    case 'date':
      return dateOf(String(v));
    case 'int':
    case 'number':
      return Number(v);
    case 'bool':
      return v === true ? 'Oui' : 'Non';
    case 'text':
      return String(v);
  }
}

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** A file name from a cohort name: ASCII, lower case, dashes. */
export function fileSlug(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'cohorte'
  );
}
