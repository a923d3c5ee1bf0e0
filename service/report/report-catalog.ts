/**
 * The reports that exist: those of the reports file (read-only at run time) and those defined
 * through the API (stored in InfluxDB, so they survive restarts). Listeners hear of every change,
 * so the schedule follows without a restart.
 */
import { readFile } from 'node:fs/promises';
import type { Clock } from '../clock.js';
import { AppError, notFound } from '../errors.js';
import { packageConfigFile } from '../package-files.js';
import { parseReport, parseReportsFile, type ReportConfig } from './report-config.js';
import type { ReportDefRecord, ReportDefStore } from './report-def-store.js';

/** The package's own reports file. */
export function defaultReportsFile(): string {
  return packageConfigFile('reports.json');
}

export async function readReportsFile(file: string): Promise<ReportConfig[]> {
  return parseReportsFile(await readFile(file, 'utf8'), file);
}

export interface CatalogEntry {
  readonly config: ReportConfig;
  readonly source: 'file' | 'api';
  /** When the service first saw this report (ms): the baseline of missed-slot catch-up. */
  readonly since: number;
}

export class ReportCatalog {
  private readonly entries = new Map<string, CatalogEntry>();
  private readonly listeners = new Set<(name: string, entry: CatalogEntry | null) => void>();

  private constructor(
    private readonly store: ReportDefStore,
    private readonly clock: Clock,
  ) {}

  /** File reports first, then the API's; a report seen for the first time gets its baseline now. */
  static async load(deps: {
    store: ReportDefStore;
    clock: Clock;
    fileReports: readonly ReportConfig[];
  }): Promise<ReportCatalog> {
    const catalog = new ReportCatalog(deps.store, deps.clock);
    const stored = new Map((await deps.store.list()).map((r) => [r.name, r]));
    const now = deps.clock.now();
    for (const config of deps.fileReports) {
      const known = stored.get(config.name);
      const seen = known !== undefined && known.source === 'file' && !known.deleted;
      const since = seen ? known.since : now;
      if (!seen)
        await deps.store.put({ name: config.name, source: 'file', json: '', since, deleted: false, updatedAt: now });
      catalog.entries.set(config.name, { config, source: 'file', since });
    }
    for (const record of stored.values()) {
      if (record.source !== 'api' || record.deleted || catalog.entries.has(record.name)) continue;
      catalog.entries.set(record.name, {
        config: parseReport(JSON.parse(record.json)),
        source: 'api',
        since: record.since,
      });
    }
    return catalog;
  }

  list(): CatalogEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.config.name < b.config.name ? -1 : 1));
  }

  get(name: string): CatalogEntry {
    const entry = this.entries.get(name);
    if (!entry) throw notFound(`report "${name}"`);
    return entry;
  }

  onChange(listener: (name: string, entry: CatalogEntry | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates or replaces an API-defined report; a file-defined one is edited in its file. */
  async put(raw: unknown, name: string): Promise<{ entry: CatalogEntry; created: boolean }> {
    const config = parseReport(raw, name);
    if (config.name !== name)
      throw new AppError(400, 'REPORT_NAME_MISMATCH', `the body names "${config.name}" but the URL names "${name}"`, {
        field: 'name',
      });
    const existing = this.entries.get(name);
    if (existing?.source === 'file') throw readOnly(name);
    const now = this.clock.now();
    const record: ReportDefRecord = {
      name,
      source: 'api',
      json: JSON.stringify(config),
      since: existing?.since ?? now,
      deleted: false,
      updatedAt: now,
    };
    await this.store.put(record);
    const entry: CatalogEntry = { config, source: 'api', since: record.since };
    this.entries.set(name, entry);
    for (const l of this.listeners) l(name, entry);
    return { entry, created: existing === undefined };
  }

  async delete(name: string): Promise<void> {
    const existing = this.get(name);
    if (existing.source === 'file') throw readOnly(name);
    await this.store.put({
      name,
      source: 'api',
      json: JSON.stringify(existing.config),
      since: existing.since,
      deleted: true,
      updatedAt: this.clock.now(),
    });
    this.entries.delete(name);
    for (const l of this.listeners) l(name, null);
  }
}

function readOnly(name: string): AppError {
  return new AppError(409, 'REPORT_READ_ONLY', `report "${name}" is defined in the reports file; change it there`, {
    report: name,
  });
}
