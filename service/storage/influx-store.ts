/**
 * The SeriesStore on InfluxDB 1.x through the `influx` client. Every value in a query is a bound
 * parameter; identifiers come from schema.ts and are quoted there.
 */
import { InfluxDB, type IPoint } from 'influx';
import type { Figure, Revision } from '../../ingest/figure.js';
import type { FigureQuery, SeriesMeta, SeriesStore } from '../../ingest/store-port.js';
import type { FigureKind } from '../../ingest/types.js';
import { addMonths, dateToMonth, monthToDate } from '../../common/month.js';
import { ident, MEASUREMENT, TAG } from './schema.js';
import { ShortBackoff, toStoreError } from './store-error.js';

export interface InfluxConnection {
  /** e.g. `http://127.0.0.1:8086`. */
  readonly url: string;
  readonly database: string;
  readonly username?: string;
  readonly password?: string;
  /** Per-request timeout (ms). */
  readonly timeoutMs?: number;
}

/** The client for one database; creates the database when it is missing. */
export async function connectInflux(conn: InfluxConnection): Promise<InfluxDB> {
  const url = new URL(conn.url);
  const client = new InfluxDB({
    hosts: [
      {
        host: url.hostname,
        port: Number(url.port || (url.protocol === 'https:' ? 443 : 8086)),
        protocol: url.protocol === 'https:' ? 'https' : 'http',
      },
    ],
    database: conn.database,
    pool: { requestTimeout: conn.timeoutMs ?? 30_000, maxRetries: 0, backoff: new ShortBackoff() },
    ...(conn.username !== undefined ? { username: conn.username, password: conn.password ?? '' } : {}),
  });
  // CREATE DATABASE is idempotent in InfluxDB 1.x.
  await client.createDatabase(conn.database);
  return client;
}

/** Rows per write request: large enough to amortise HTTP, small enough to keep memory flat. */
const WRITE_BATCH = 5000;

/** Every failure is a StoreError whose `retriable` says whether to try again (see store-error.ts). */
export class InfluxSeriesStore implements SeriesStore {
  constructor(private readonly client: InfluxDB) {}

  async listSeries(ids?: readonly string[]): Promise<SeriesMeta[]> {
    if (ids && ids.length === 0) return [];
    const placeholders: Record<string, string> = {};
    const where = ids
      ? ` WHERE ${ids
          .map((id, i) => {
            placeholders[`s${i}`] = id;
            return `${ident(TAG.series)} = $s${i}`;
          })
          .join(' OR ')}`
      : '';
    const rows = await this.query(`SELECT * FROM ${ident(MEASUREMENT.seriesMeta)}${where}`, placeholders);
    return rows.map((r) => ({
      id: String(r[TAG.series]),
      metric: String(r['metric_name'] ?? ''),
      entity: String(r['entity_name'] ?? ''),
      unit: String(r['unit'] ?? ''),
      name: String(r['name'] ?? ''),
      createdAt: Number(r['created_at'] ?? 0),
    }));
  }

  async putSeries(series: readonly SeriesMeta[]): Promise<void> {
    const points: IPoint[] = series.map((s) => ({
      measurement: MEASUREMENT.seriesMeta,
      tags: { [TAG.series]: s.id },
      fields: { metric_name: s.metric, entity_name: s.entity, unit: s.unit, name: s.name, created_at: s.createdAt },
      timestamp: new Date(0),
    }));
    await this.write(points, 's');
  }

  async readFigures(query: FigureQuery): Promise<Figure[]> {
    const where: string[] = [];
    const placeholders: Record<string, string> = {};
    if (query.series) {
      if (query.series.length === 0) return [];
      where.push(
        `(${query.series
          .map((id, i) => {
            placeholders[`s${i}`] = id;
            return `${ident(TAG.series)} = $s${i}`;
          })
          .join(' OR ')})`,
      );
    }
    if (query.metric !== undefined) {
      placeholders['metric'] = query.metric;
      where.push(`${ident(TAG.metric)} = $metric`);
    }
    if (query.from !== undefined) {
      placeholders['from'] = monthToDate(query.from).toISOString();
      where.push(`time >= $from`);
    }
    if (query.to !== undefined) {
      placeholders['to'] = monthToDate(addMonths(query.to, 1)).toISOString();
      where.push(`time < $to`);
    }
    const q = `SELECT * FROM ${ident(MEASUREMENT.figure)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
    const rows = await this.query(q, placeholders);
    return rows.map(rowToFigure);
  }

  async writeFigures(figures: readonly Figure[], metaOf: (series: string) => SeriesMeta): Promise<void> {
    const points: IPoint[] = figures.map((r) => {
      const meta = metaOf(r.series);
      return {
        measurement: MEASUREMENT.figure,
        tags: {
          [TAG.series]: r.series,
          [TAG.metric]: meta.metric,
          [TAG.entity]: meta.entity,
          [TAG.kind]: r.kind,
          [TAG.src]: r.sourceKey,
        },
        fields: {
          value: r.value,
          source: r.source,
          quote: r.quote,
          yoy_pct_stated: r.yoyPctStated ?? 0,
          has_yoy: r.yoyPctStated !== null,
          ingested_at: r.ingestedAt,
          first_ingested_at: r.firstIngestedAt,
          live: r.live,
          batch: r.batch,
        },
        timestamp: epochSecondsOf(r.month),
      };
    });
    await this.write(points, 's');
  }

  async writeRevisions(revisions: readonly Revision[]): Promise<void> {
    const points: IPoint[] = revisions.map((r) => ({
      measurement: MEASUREMENT.revision,
      tags: { [TAG.series]: r.series, [TAG.month]: r.month, [TAG.kind]: r.kind, [TAG.src]: r.sourceKey },
      fields: {
        previous_value: r.previousValue,
        value: r.value,
        source: r.source,
        previous_batch: r.previousBatch,
        batch: r.batch,
      },
      timestamp: new Date(r.changedAt),
    }));
    await this.write(points, 'ms');
  }

  async readRevisions(series: string): Promise<Revision[]> {
    const rows = await this.query(`SELECT * FROM ${ident(MEASUREMENT.revision)} WHERE ${ident(TAG.series)} = $series`, {
      series,
    });
    return rows.map((r) => ({
      series: String(r[TAG.series]),
      month: String(r[TAG.month]),
      kind: String(r[TAG.kind]) as FigureKind,
      sourceKey: String(r[TAG.src]),
      source: String(r['source'] ?? ''),
      previousValue: Number(r['previous_value']),
      value: Number(r['value']),
      changedAt: (r['time'] as Date).getTime(),
      previousBatch: String(r['previous_batch'] ?? ''),
      batch: String(r['batch'] ?? ''),
    }));
  }

  private async query(q: string, placeholders: Record<string, string>): Promise<Record<string, unknown>[]> {
    try {
      return await this.client.query<Record<string, unknown>>(q, { placeholders });
    } catch (error) {
      throw toStoreError(error, 'query');
    }
  }

  private async write(points: IPoint[], precision: 's' | 'ms'): Promise<void> {
    try {
      for (let i = 0; i < points.length; i += WRITE_BATCH) {
        await this.client.writePoints(points.slice(i, i + WRITE_BATCH), { precision });
      }
    } catch (error) {
      throw toStoreError(error, 'write');
    }
  }
}

/** Months repeat in every batch: their timestamps (whole seconds, as text) are worked out once. */
const monthSeconds = new Map<string, string>();
function epochSecondsOf(month: string): string {
  let seconds = monthSeconds.get(month);
  if (seconds === undefined) {
    seconds = String(monthToDate(month).getTime() / 1000);
    if (monthSeconds.size > 10_000) monthSeconds.clear();
    monthSeconds.set(month, seconds);
  }
  return seconds;
}

function rowToFigure(r: Record<string, unknown>): Figure {
  return {
    series: String(r[TAG.series]),
    month: dateToMonth(r['time'] as Date),
    kind: String(r[TAG.kind]) as FigureKind,
    sourceKey: String(r[TAG.src]),
    value: Number(r['value']),
    source: String(r['source'] ?? ''),
    quote: String(r['quote'] ?? ''),
    yoyPctStated: r['has_yoy'] === true ? Number(r['yoy_pct_stated']) : null,
    ingestedAt: Number(r['ingested_at']),
    // Figures stored before first arrivals were kept: their stamp is the best known, and not a live one.
    firstIngestedAt: Number(r['first_ingested_at'] ?? r['ingested_at']),
    live: r['live'] === true,
    batch: String(r['batch'] ?? ''),
  };
}
