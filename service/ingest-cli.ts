/**
 * `pulsecast ingest FILE...`: each file is one batch, stored as it is read, with a progress bar on
 * a terminal and a closing summary per file and in total.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IngestSummary } from '../ingest/ingest.js';
import { parseJsonRows } from '../ingest/parse-json.js';
import { parseLineProtocol } from '../ingest/parse-line-protocol.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { Root } from './root.js';

export interface IngestCliOptions {
  readonly files: readonly string[];
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream & { isTTY?: boolean };
  /** Send the files to a running service instead of writing to InfluxDB directly. */
  readonly serviceUrl?: string;
  /** The token for the service (PULSECAST_TOKEN). */
  readonly token?: string;
}

type Format = 'csv' | 'json' | 'line-protocol';

export function formatOf(file: string): Format {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.lp' || ext === '.txt' || ext === '.line') return 'line-protocol';
  return 'csv';
}

/** Returns the exit status: 0 all stored, 1 some rows refused, 2 a file or connection failed. */
export async function ingestFiles(options: IngestCliOptions): Promise<number> {
  const target = options.serviceUrl
    ? serviceTarget(options.serviceUrl, options.token)
    : await directTarget(
        new Root({ config: options.config, logger: options.logger, clock: options.clock, role: 'command' }),
      );
  const totals = { rows: 0, accepted: 0, inserted: 0, restated: 0, unchanged: 0, rejected: 0, conflicts: 0 };
  let failed = false;
  try {
    for (const file of options.files) {
      const progress = new ProgressBar(options.err, options.clock, path.basename(file), (await stat(file)).size);
      try {
        const summary = await target.ingest(file, (bytes) => progress.update(bytes));
        progress.done();
        options.out.write(describe(file, summary));
        for (const key of Object.keys(totals) as (keyof typeof totals)[]) {
          totals[key] += key === 'conflicts' ? summary.conflicts.length : summary[key];
        }
      } catch (error) {
        progress.done();
        failed = true;
        options.err.write(`${file}: not stored: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  } finally {
    await target.close();
  }
  if (options.files.length > 1) {
    options.out.write(
      `total: ${totals.rows} rows, ${totals.accepted} accepted (${totals.inserted} new, ${totals.restated} revised, ${totals.unchanged} unchanged), ${totals.rejected} rejected, ${totals.conflicts} conflicts\n`,
    );
  }
  if (failed) return 2;
  return totals.rejected > 0 ? 1 : 0;
}

function describe(file: string, s: IngestSummary): string {
  const lines = [
    `${file}: ${s.rows} rows, ${s.accepted} accepted (${s.inserted} new, ${s.restated} revised, ${s.unchanged} unchanged), ${s.rejected} rejected, ${s.conflicts.length} conflicts`,
  ];
  for (const e of s.errors.slice(0, 50)) lines.push(`  rejected: ${e.message}`);
  if (s.rejected > 50) lines.push(`  … and ${s.rejected - 50} more rejected rows`);
  for (const c of s.conflicts.slice(0, 20))
    lines.push(
      `  conflict: ${c.message}` +
        (c.reviewed ? ` (settled: ${c.reviewed.by} chose ${c.reviewed.chosen.value}: ${c.reviewed.reason})` : ''),
    );
  if (s.conflicts.length > 20) lines.push(`  … and ${s.conflicts.length - 20} more conflicts`);
  return `${lines.join('\n')}\n`;
}

interface Target {
  ingest(file: string, onBytes: (bytes: number) => void): Promise<IngestSummary>;
  close(): Promise<void>;
}

/**
 * Straight into InfluxDB through the root's ingestor: a command's, which never spools. No service
 * runs, so this is a load of history: its figures are not live arrivals.
 */
async function directTarget(root: Root): Promise<Target> {
  try {
    const ingestor = await root.ingestor();
    return {
      async ingest(file, onBytes) {
        const format = formatOf(file);
        if (format === 'csv') {
          const stream = createReadStream(file, { encoding: 'utf8' });
          return ingestor.ingestCsvStream(
            ingestor.session('csv', 'bulk'),
            counted(stream, () => onBytes(stream.bytesRead)),
          );
        }
        const text = await readFile(file, 'utf8');
        onBytes(Buffer.byteLength(text));
        if (format === 'json') {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch (error) {
            throw new Error(`not valid JSON: ${(error as Error).message}`);
          }
          return ingestor.ingestParsed(parseJsonRows(body), 'json', 'bulk');
        }
        return ingestor.ingestParsed(parseLineProtocol(text), 'line-protocol', 'bulk');
      },
      close: () => root.close(),
    };
  } catch (error) {
    await root.close();
    throw error;
  }
}

function serviceTarget(base: string, token: string | undefined): Target {
  return {
    async ingest(file, onBytes) {
      const format = formatOf(file);
      if (format === 'line-protocol')
        throw new Error(
          'send line protocol to a service with any InfluxDB client (POST /write); the CLI sends CSV and JSON',
        );
      const stream = createReadStream(file);
      const res = await fetch(new URL('/api/v1/ingest', base), {
        method: 'POST',
        headers: {
          'content-type': format === 'json' ? 'application/json' : 'text/csv',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: counted(stream, () => onBytes(stream.bytesRead)) as unknown as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      const body = (await res.json()) as IngestSummary & { error?: { message: string } };
      if (res.status !== 200 && res.status !== 422)
        throw new Error(`${res.status}: ${body.error?.message ?? 'request failed'}`);
      return body;
    },
    close: async () => {},
  };
}

/**
 * Passes a stream's chunks on and reports progress after each. (A 'data' listener would switch the
 * stream to flowing mode and race the consumer for its chunks.)
 */
async function* counted<T>(stream: AsyncIterable<T>, onChunk: () => void): AsyncGenerator<T> {
  for await (const chunk of stream) {
    onChunk();
    yield chunk;
  }
}

/** A one-line bar on a terminal, redrawn at most ten times a second; nothing when not a terminal. */
class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly err: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly clock: Clock,
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(bytes: number): void {
    if (!this.err.isTTY || this.total < 1 << 20) return;
    const now = this.clock.now();
    if (now - this.last < 100) return;
    this.last = now;
    const share = Math.min(1, bytes / this.total);
    const width = 30;
    const filled = Math.round(share * width);
    this.err.write(
      `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)} %  ${(bytes / 1048576).toFixed(1)} of ${(this.total / 1048576).toFixed(1)} MB`,
    );
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.err.write('\r\u001b[2K');
  }
}
