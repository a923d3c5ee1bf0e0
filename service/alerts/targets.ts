/** Full-year targets per series and year, set by an admin (`PUT /api/v1/targets/:series/:year`), kept in InfluxDB. */
import type { InfluxDB } from 'influx';
import type { Clock } from '../clock.js';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import { queryRows, toStoreError } from '../storage/store-error.js';

export class Targets {
  private constructor(
    private readonly client: InfluxDB,
    private readonly clock: Clock,
    /** Targets by series, then year. */
    private readonly bySeries: Map<string, Map<number, number>>,
  ) {}

  static async load(client: InfluxDB, clock: Clock): Promise<Targets> {
    const rows = await queryRows(client, `SELECT * FROM ${ident(MEASUREMENT.alertTarget)}`);
    const targets = new Targets(client, clock, new Map());
    for (const r of rows) targets.remember(String(r[TAG.series]), Number(r[TAG.year]), Number(r['target']));
    return targets;
  }

  /** The series' targets by year (empty when it has none). */
  of(series: string): ReadonlyMap<number, number> {
    return this.bySeries.get(series) ?? new Map();
  }

  /** Series with at least one target. */
  series(): string[] {
    return [...this.bySeries.keys()];
  }

  async set(series: string, year: number, target: number, by: string): Promise<void> {
    try {
      await this.client.writePoints(
        [
          {
            measurement: MEASUREMENT.alertTarget,
            tags: { [TAG.series]: series, [TAG.year]: String(year) },
            fields: { target, by, updated_at: this.clock.now() },
            timestamp: new Date(0),
          },
        ],
        { precision: 'ms' },
      );
    } catch (error) {
      throw toStoreError(error, 'write');
    }
    this.remember(series, year, target);
  }

  private remember(series: string, year: number, target: number): void {
    const years = this.bySeries.get(series) ?? new Map<number, number>();
    years.set(year, target);
    this.bySeries.set(series, years);
  }
}
