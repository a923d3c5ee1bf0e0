/**
 * The SeriesStore on InfluxDB 1.x: queries through the `influx` client, every value in them a bound
 * parameter (identifiers come from schema.ts and are quoted there); writes as line protocol written
 * here and posted by an InfluxLineWriter, so that a large upload builds no point objects.
 */
import { escape, InfluxDB } from 'influx';
import type { Figure, Revision } from '../../ingest/figure.js';
import type { FigureQuery, SeriesMeta, SeriesStore } from '../../ingest/store-port.js';
import type { FigureKind } from '../../ingest/types.js';
import { addMonths, dateToMonth, monthToDate } from '../../common/month.js';
import { escapeMeasurement, escapeTag, monthEpochSeconds, pointLine, quoteString } from './line-protocol.js';
import { LineBufferPool, type LineBuffer } from './line-buffer.js';
import type { InfluxLineWriter } from './line-writer.js';
import { ident, MEASUREMENT, TAG } from './schema.js';
import { inGroups, seriesCondition } from './series-groups.js';
import { queryRows, ShortBackoff, toStoreError } from './store-error.js';

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
  await ensureDatabase(client, conn.database);
  return client;
}

/**
 * Shard groups of a database pulsecast creates. InfluxDB's default is a week a shard, which for
 * monthly figures means a shard per month of history, each with its own files, caches and index:
 * reading 5,000 series' last 13 months took 1.4 s over weekly shards and 0.7 s over 10-year ones,
 * and writing 240,000 figures 4.9 s against 2.8 s (measured on a private influxd). Five years
 * keeps a shard's compactions small while a series' recent years share one or two shards.
 */
export const SHARD_DURATION = '260w';

/** Creates the database with {@link SHARD_DURATION} when it is missing; an existing one is left as its owner set it. */
export async function ensureDatabase(client: InfluxDB, database: string): Promise<void> {
  if ((await client.getDatabaseNames()).includes(database)) return;
  await client.createDatabase(database);
  // Before any write: a shard group's duration is fixed when the group is created.
  await client.query(
    `ALTER RETENTION POLICY "autogen" ON ${escape.quoted(database)} SHARD DURATION ${SHARD_DURATION}`,
    { database, method: 'POST' },
  );
}

/** Rows per write request: large enough to amortise HTTP, small enough to keep memory flat. */
const WRITE_BATCH = 5000;

/** Every failure is a StoreError whose `retriable` says whether to try again (see store-error.ts). */
export class InfluxSeriesStore implements SeriesStore {
  constructor(
    private readonly client: InfluxDB,
    private readonly writer: InfluxLineWriter,
  ) {}

  /** Bodies of figure writes, reused from one request to the next. */
  private readonly bodies = new LineBufferPool();

  async listSeries(ids?: readonly string[]): Promise<SeriesMeta[]> {
    if (ids && ids.length === 0) return [];
    const read = (group?: readonly string[]) => {
      const placeholders: Record<string, string> = {};
      const where = group ? ` WHERE ${seriesCondition(group, placeholders)}` : '';
      // Another instance may be creating the series now: a meta read half written would be cached.
      return queryRows(this.client, `SELECT * FROM ${ident(MEASUREMENT.seriesMeta)}${where}`, placeholders, [
        'metric_name',
        'entity_name',
        'unit',
        'name',
      ]);
    };
    const rows = ids ? await inGroups(ids, read) : await read();
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
    const lines = series.map((s) =>
      pointLine(
        MEASUREMENT.seriesMeta,
        { [TAG.series]: s.id },
        { metric_name: s.metric, entity_name: s.entity, unit: s.unit, name: s.name, created_at: s.createdAt },
        0,
      ),
    );
    await this.writeLines(lines, 's');
  }

  async readFigures(query: FigureQuery): Promise<Figure[]> {
    if (query.series?.length === 0) return [];
    const read = async (series?: readonly string[]) => {
      const where: string[] = [];
      const placeholders: Record<string, string> = {};
      if (series) where.push(seriesCondition(series, placeholders));
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
      const q = `SELECT ${query.valuesOnly ? VALUES_ONLY : '*'} FROM ${ident(MEASUREMENT.figure)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
      return (await queryRows(this.client, q, placeholders, FIGURE_FIELDS)).map(rowToFigure);
    };
    return query.series ? inGroups(query.series, read) : read();
  }

  async writeFigures(figures: readonly Figure[], metaOf: (series: string) => SeriesMeta): Promise<void> {
    for (let i = 0; i < figures.length; i += WRITE_BATCH) {
      const body = this.bodies.take();
      writeFigureLines(body, figures, i, Math.min(figures.length, i + WRITE_BATCH), metaOf);
      await this.post(body.contents(), 's');
      // Only an answered request is surely done with its body; after a failure the GC has it.
      this.bodies.give(body);
    }
  }

  async writeRevisions(revisions: readonly Revision[]): Promise<void> {
    const lines = revisions.map((r) =>
      pointLine(
        MEASUREMENT.revision,
        { [TAG.series]: r.series, [TAG.month]: r.month, [TAG.kind]: r.kind, [TAG.src]: r.sourceKey },
        {
          previous_value: r.previousValue,
          value: r.value,
          source: r.source,
          previous_batch: r.previousBatch,
          batch: r.batch,
        },
        r.changedAt,
      ),
    );
    await this.writeLines(lines, 'ms');
  }

  async readRevisions(series: string): Promise<Revision[]> {
    const rows = await queryRows(
      this.client,
      `SELECT * FROM ${ident(MEASUREMENT.revision)} WHERE ${ident(TAG.series)} = $series`,
      { series },
      ['previous_value', 'value'],
    );
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

  private async writeLines(lines: readonly string[], precision: 's' | 'ms'): Promise<void> {
    for (let i = 0; i < lines.length; i += WRITE_BATCH) {
      await this.post(lines.slice(i, i + WRITE_BATCH).join('\n'), precision);
    }
  }

  private async post(body: string | Buffer, precision: 's' | 'ms'): Promise<void> {
    if (body.length === 0) return;
    try {
      await this.writer.write(body, precision);
    } catch (error) {
      throw toStoreError(error, 'write');
    }
  }
}

/**
 * Figures `from` to `to` (exclusive) as lines of the `report` measurement, every field set,
 * appended to `out`. Rows of one series, kind and source come together, and a chunk repeats its
 * batch, stamp, source and quote: those parts of a line are kept from one line to the next
 * instead of being built again.
 */
function writeFigureLines(
  out: LineBuffer,
  figures: readonly Figure[],
  from: number,
  to: number,
  metaOf: (series: string) => SeriesMeta,
): void {
  const measurement = escapeMeasurement(MEASUREMENT.figure);
  let tagsOf: Figure | null = null;
  let tags = '';
  let fieldsOf: Figure | null = null;
  let fields = '';
  // Tags and fixed fields, encoded once when either changes: a line is then a copy of those bytes
  // and its numbers and separators written as ASCII.
  let head: Buffer | null = null;
  for (let i = from; i < to; i++) {
    const r = figures[i]!;
    if (tagsOf === null || r.series !== tagsOf.series || r.kind !== tagsOf.kind || r.sourceKey !== tagsOf.sourceKey) {
      tagsOf = r;
      const meta = metaOf(r.series);
      // Sorted by key: entity, kind, metric, series, src.
      tags = `${measurement},${TAG.entity}=${escapeTag(meta.entity)},${TAG.kind}=${escapeTag(r.kind)},${TAG.metric}=${escapeTag(meta.metric)},${TAG.series}=${escapeTag(r.series)},${TAG.src}=${escapeTag(r.sourceKey)}`;
      head = null;
    }
    if (fieldsOf === null || !sameStamp(r, fieldsOf)) {
      fieldsOf = r;
      fields = ` batch=${quoteString(r.batch)},first_ingested_at=${r.firstIngestedAt},has_yoy=${r.yoyPctStated !== null},ingested_at=${r.ingestedAt},live=${r.live},quote=${quoteString(r.quote)},source=${quoteString(r.source)},value=`;
      head = null;
    }
    head ??= Buffer.from(tags + fields);
    out.appendBytes(head);
    out.appendAscii(String(r.value));
    out.appendAscii(r.yoyPctStated === null ? NO_YOY : `,yoy_pct_stated=${r.yoyPctStated}`);
    out.appendByte(SPACE);
    out.appendAscii(monthEpochSeconds(r.month));
    if (i + 1 < to) out.appendByte(LINE_FEED);
  }
}

const SPACE = 0x20;
const LINE_FEED = 0x0a;
const NO_YOY = ',yoy_pct_stated=0';

/** Whether two figures share every field but the value and the stated YoY (the fields fixed per line part). */
function sameStamp(a: Figure, b: Figure): boolean {
  return (
    a.batch === b.batch &&
    a.ingestedAt === b.ingestedAt &&
    a.firstIngestedAt === b.firstIngestedAt &&
    a.live === b.live &&
    a.quote === b.quote &&
    a.source === b.source &&
    (a.yoyPctStated === null) === (b.yoyPctStated === null)
  );
}

/** Fields every figure has had: a row without one is a figure being written (whole-rows.ts). */
const FIGURE_FIELDS = ['value', 'has_yoy', 'ingested_at'];

/** The tags and fields a resolved value depends on: the figure without its source, quote and batch. */
const VALUES_ONLY = [
  ...[TAG.series, TAG.kind, TAG.src].map(ident),
  ...['value', 'has_yoy', 'yoy_pct_stated', 'ingested_at', 'first_ingested_at', 'live'].map((field) => `"${field}"`),
].join(', ');

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
