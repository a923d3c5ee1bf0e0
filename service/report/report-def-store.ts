/**
 * Per-report state kept in InfluxDB (`report_def`): the definitions given through the API, and for
 * every report, file-defined or not, when the service first saw it. That instant is the baseline of
 * missed-slot catch-up: a slot before it was never this service's to send.
 */
import type { InfluxDB } from 'influx';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';

export interface ReportDefRecord {
  readonly name: string;
  /** `api`: the definition is `json`; `file`: it comes from the reports file, `json` is empty. */
  readonly source: 'api' | 'file';
  readonly json: string;
  /** First seen (ms). */
  readonly since: number;
  readonly deleted: boolean;
  readonly updatedAt: number;
}

export interface ReportDefStore {
  list(): Promise<ReportDefRecord[]>;
  put(record: ReportDefRecord): Promise<void>;
}

export class InfluxReportDefStore implements ReportDefStore {
  constructor(private readonly client: InfluxDB) {}

  async list(): Promise<ReportDefRecord[]> {
    const rows = await this.client.query<Record<string, unknown>>(`SELECT * FROM ${ident(MEASUREMENT.reportDef)}`);
    return rows.map((r) => ({
      name: String(r[TAG.report]),
      source: r['source'] === 'api' ? 'api' : 'file',
      json: String(r['json'] ?? ''),
      since: Number(r['since'] ?? 0),
      deleted: r['deleted'] === true,
      updatedAt: Number(r['updated_at'] ?? 0),
    }));
  }

  async put(record: ReportDefRecord): Promise<void> {
    // Every field on every write: InfluxDB merges the field sets of two writes to one point.
    await this.client.writePoints(
      [
        {
          measurement: MEASUREMENT.reportDef,
          tags: { [TAG.report]: record.name },
          fields: {
            source: record.source,
            json: record.json,
            since: record.since,
            deleted: record.deleted,
            updated_at: record.updatedAt,
          },
          timestamp: new Date(0),
        },
      ],
      { precision: 'ms' },
    );
  }
}
