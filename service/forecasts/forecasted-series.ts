/**
 * Which series have any stored forecast, read once per ingest batch: the surprise rule judges a
 * month against the forecast it had, and an upload of history for series never forecast (a first
 * load, a back-fill of new series) would otherwise ask InfluxDB for bands chunk after chunk and
 * find none. Read as a batch begins, it knows every forecast stored before the batch's figures
 * arrived, which is what the rule looks for; forecasts this process stores later are added as they are.
 */
import type { InfluxDB } from 'influx';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import { queryRows } from '../storage/store-error.js';

export class ForecastedSeries {
  private known: Promise<Set<string>> | null = null;
  private batch: string | null = null;

  constructor(private readonly client: InfluxDB) {}

  /** The series among `ids` that have a forecast, as stored when `batch` began. */
  async among(ids: Iterable<string>, batch: string): Promise<Set<string>> {
    if (batch !== this.batch || this.known === null) {
      this.batch = batch;
      const read = this.read();
      this.known = read;
      // A failed read is not kept: the next call reads again.
      read.catch(() => {
        if (this.known === read) this.known = null;
      });
    }
    const known = await this.known;
    const out = new Set<string>();
    for (const id of ids) if (known.has(id)) out.add(id);
    return out;
  }

  /** A forecast of `series` was stored. */
  add(series: string): void {
    void this.known?.then(
      (known) => known.add(series),
      () => undefined,
    );
  }

  private async read(): Promise<Set<string>> {
    const rows = await queryRows(
      this.client,
      `SHOW TAG VALUES FROM ${ident(MEASUREMENT.forecast)} WITH KEY = ${ident(TAG.series)}`,
    );
    return new Set(rows.map((r) => String(r['value'])));
  }
}
