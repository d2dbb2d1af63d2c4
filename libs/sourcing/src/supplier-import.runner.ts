import { unlink } from 'node:fs/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { ImportCounters, SireneFileError, SireneImporter } from './sirene-import';
import { SupplierImport } from './supplier.entity';

/** Serialises imports: the directory is one shared table. */
const IMPORT_LOCK = 8_420_001;

export interface ImportOutcome {
  status: 'succeeded' | 'failed' | 'skipped';
  counters?: ImportCounters;
  /** True when the failure is in the files themselves (a retry cannot help). */
  permanent?: boolean;
  error?: string;
}

/**
 * Runs one SIRENE import in the worker, on a connection of its own (COPY and temporary tables),
 * keeping the import record up to date. Safe to run twice: a finished import is skipped and the
 * merge is one transaction.
 */
@Injectable()
export class SupplierImportRunner {
  private readonly logger = new Logger(SupplierImportRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(importId: string, onProgress: (percent: number) => Promise<void>): Promise<ImportOutcome> {
    const repo = this.dataSource.getRepository(SupplierImport);
    const row = await repo.findOneBy({ id: importId });
    if (!row || row.status === 'succeeded' || row.status === 'failed') return { status: 'skipped' };
    const stock = row.files['file'];
    if (!stock) return this.fail(row, 'no StockEtablissement file was uploaded', true);
    await repo.update({ id: importId }, { status: 'running', startedAt: new Date(), error: null, progress: 0 });
    const connect = async (): Promise<Client> => {
      const connection = new Client({ connectionString: this.config.databaseUrl, application_name: 'filiere-sirene-import' });
      await connection.connect();
      return connection;
    };
    const client = await connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [IMPORT_LOCK]);
      // A second connection for the first load's index builds.
      const importer = new SireneImporter(client, importId, connect, { parseThreads: this.config.sireneParseThreads ?? undefined });
      const counters = await importer.run({ file: stock.path, geoFile: row.files['geoFile']?.path, unitesLegalesFile: row.files['unitesLegalesFile']?.path }, async (c, percent) => {
        await repo.update({ id: importId }, { progress: percent, rowsRead: c.rowsRead, rowsKept: c.rowsKept, rowsClosed: c.rowsClosed, rowsRejected: c.rowsRejected, rejectedSamples: c.rejectedSamples });
        await onProgress(percent);
      });
      await repo.update({ id: importId }, {
        status: 'succeeded',
        progress: 100,
        finishedAt: new Date(),
        rowsRead: counters.rowsRead,
        rowsKept: counters.rowsKept,
        rowsClosed: counters.rowsClosed,
        rowsRejected: counters.rowsRejected,
        rejectedSamples: counters.rejectedSamples,
      });
      await this.removeFiles(row);
      const changed = importer.changedRows === null ? 'first load' : `${importer.changedRows} directory rows changed`;
      this.logger.log(`SIRENE import ${importId}: ${counters.rowsRead} rows read, ${counters.rowsKept} kept, ${counters.rowsClosed} closed, ${counters.rowsRejected} rejected (${changed})`);
      return { status: 'succeeded', counters };
    } catch (e) {
      const permanent = e instanceof SireneFileError;
      if (permanent) return this.fail(row, (e).message, true);
      await repo.update({ id: importId }, { error: (e as Error).message });
      throw e;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async failById(importId: string, message: string): Promise<void> {
    const row = await this.dataSource.getRepository(SupplierImport).findOneBy({ id: importId });
    if (row && row.status !== 'succeeded') await this.fail(row, message, false);
  }

  /** Marks the import failed (last attempt or a file that can never import) and drops its files. */
  async fail(row: SupplierImport, message: string, permanent: boolean): Promise<ImportOutcome> {
    await this.dataSource.getRepository(SupplierImport).update({ id: row.id }, { status: 'failed', error: message, finishedAt: new Date() });
    await this.removeFiles(row);
    return { status: 'failed', permanent, error: message };
  }

  private async removeFiles(row: SupplierImport): Promise<void> {
    await Promise.all(Object.values(row.files).map((f) => unlink(f.path).catch(() => undefined)));
  }
}
