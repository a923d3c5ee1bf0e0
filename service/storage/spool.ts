/**
 * A durable, append-only spool where validated rows wait while InfluxDB is unreachable. Records
 * (one chunk of one batch each) are JSON lines in segment files under one folder; an append
 * resolves only after its bytes are synced to disk, so a request is acknowledged only for rows
 * that survive a crash. Each line carries a CRC-32 of its JSON: a torn last line (the process died
 * mid-write, before acknowledging it) is detected on open and cut off.
 *
 * Records leave in order: the replayer reads the oldest (`next`), stores it, and marks it `done`;
 * a segment file is deleted once every record in it is done. Only an index (segment, offset,
 * length) is kept in memory, so a long outage costs disk, not memory.
 */
import { mkdir, open, readdir, readFile, rm, truncate, appendFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { IngestSpool, SpoolEntry } from '../../ingest/spool-port.js';
import type { RawRow } from '../../ingest/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/** A record as stored: an entry and its place in the order. */
export interface SpoolRecord extends SpoolEntry {
  /** Increases with every append, across restarts. */
  readonly seq: number;
}

/** How much waits in the spool; what /metrics, /readyz and the dashboard show. */
export interface SpoolDepth {
  /** Records (chunks of a batch) waiting. */
  readonly records: number;
  /** Rows waiting. */
  readonly rows: number;
  /** Bytes of waiting records on disk. */
  readonly bytes: number;
  /** When the oldest waiting record was accepted (ms since the epoch); null when none waits. */
  readonly oldestAcceptedAt: number | null;
}

/** The read-only view of a spool that metrics, readiness and the dashboard need. */
export interface SpoolGauge {
  depth(): SpoolDepth;
}

/** A segment is closed for appends once it reaches this size; it is deleted when all its records are done. */
const SEGMENT_BYTES = 4 * 1024 * 1024;
const SEGMENT_NAME = /^(\d{12})\.jsonl$/;
/** Records that can never be stored (InfluxDB refused them) are kept here for a person to look at. */
const SET_ASIDE_FILE = 'set-aside.jsonl';

interface Segment {
  readonly file: string;
  handle: FileHandle | null;
  bytes: number;
  /** Records in this segment not yet done. */
  pending: number;
  /** A failed write may have left a partial line: nothing more is appended here. */
  broken: boolean;
}

interface IndexEntry {
  readonly seq: number;
  readonly segment: Segment;
  readonly offset: number;
  readonly length: number;
  readonly rows: number;
  readonly acceptedAt: number;
}

interface Waiting {
  readonly entry: SpoolEntry;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class Spool implements IngestSpool, SpoolGauge {
  private readonly index: IndexEntry[] = [];
  private active: Segment | null = null;
  private nextSeq = 1;
  private rows = 0;
  private waiting: Waiting[] = [];
  private appending = 0;
  private flushScheduled = false;
  private readonly units = new Map<string, string>();
  /** File operations run one at a time, in order. */
  private ops: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly clock: Clock,
    private readonly logger: Logger | undefined,
  ) {}

  /** Opens (creating when missing) the spool in `dir`, reading what earlier runs left in it. */
  static async open(dir: string, clock: Clock, logger?: Logger): Promise<Spool> {
    await mkdir(dir, { recursive: true });
    const spool = new Spool(dir, clock, logger);
    await spool.load();
    return spool;
  }

  busy(): boolean {
    return this.index.length > 0 || this.appending > 0;
  }

  pendingUnit(series: string): string | undefined {
    return this.units.get(series);
  }

  depth(): SpoolDepth {
    let bytes = 0;
    for (const e of this.index) bytes += e.length;
    return { records: this.index.length, rows: this.rows, bytes, oldestAcceptedAt: this.index[0]?.acceptedAt ?? null };
  }

  /**
   * Appends one entry; resolves once it is synced to disk. Appends that arrive while a sync is
   * under way are written and synced together (one sync for the group).
   */
  append(entry: SpoolEntry): Promise<void> {
    this.appending++;
    for (const row of entry.rows) this.noteUnit(row);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        void this.serial(() => this.flushGroup());
      }
    });
  }

  /** The oldest waiting record, read from disk; null when none waits. */
  async next(): Promise<SpoolRecord | null> {
    const head = this.index[0];
    if (!head) return null;
    const handle = await open(path.join(this.dir, head.segment.file), 'r');
    try {
      const buf = Buffer.alloc(head.length);
      await handle.read(buf, 0, head.length, head.offset);
      const record = decodeLine(buf.toString('utf8'));
      if (!record || record.seq !== head.seq)
        throw new Error(`spool record ${head.seq} in ${head.segment.file} no longer reads back`);
      return record;
    } finally {
      await handle.close();
    }
  }

  /** Marks the oldest record stored; its segment file is deleted once all of its records are. */
  done(seq: number): Promise<void> {
    return this.serial(async () => {
      const head = this.index[0];
      if (!head || head.seq !== seq)
        throw new Error(`spool: record ${seq} is not the oldest waiting (${head?.seq ?? 'none'})`);
      this.index.shift();
      this.rows -= head.rows;
      const segment = head.segment;
      segment.pending--;
      if (this.index.length === 0 && this.appending === 0) this.units.clear();
      if (segment.pending > 0) return;
      if (segment === this.active) {
        await segment.handle?.close();
        this.active = null;
      }
      await rm(path.join(this.dir, segment.file), { force: true });
    });
  }

  /** Moves the oldest record to `set-aside.jsonl` with the reason it cannot be stored, then marks it done. */
  async setAside(record: SpoolRecord, reason: string): Promise<void> {
    await appendFile(
      path.join(this.dir, SET_ASIDE_FILE),
      `${JSON.stringify({ reason, at: new Date(this.clock.now()).toISOString(), record })}\n`,
    );
    await this.done(record.seq);
  }

  /** Waits for appends under way and closes the open segment. */
  close(): Promise<void> {
    return this.serial(async () => {
      await this.active?.handle?.close();
      if (this.active) this.active.handle = null;
      this.active = null;
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.ops.then(fn);
    this.ops = result.catch(() => undefined);
    return result;
  }

  private async flushGroup(): Promise<void> {
    this.flushScheduled = false;
    const group = this.waiting;
    this.waiting = [];
    const first = this.nextSeq;
    try {
      const segment = await this.writableSegment();
      const lines = group.map((w, i) => Buffer.from(encodeLine({ seq: first + i, ...w.entry }), 'utf8'));
      try {
        await segment.handle!.appendFile(Buffer.concat(lines));
        await segment.handle!.datasync();
      } catch (error) {
        segment.broken = true;
        throw error;
      }
      this.nextSeq += group.length;
      let offset = segment.bytes;
      group.forEach((w, i) => {
        const length = lines[i]!.length;
        this.index.push({
          seq: first + i,
          segment,
          offset,
          length,
          rows: w.entry.rows.length,
          acceptedAt: w.entry.acceptedAt,
        });
        this.rows += w.entry.rows.length;
        offset += length;
      });
      segment.bytes = offset;
      segment.pending += group.length;
      this.appending -= group.length;
      for (const w of group) w.resolve();
    } catch (error) {
      this.appending -= group.length;
      this.logger?.error({ err: error, records: group.length }, 'spool append failed');
      for (const w of group) w.reject(error);
    }
  }

  /** The segment appends go to; a new one (named by its first seq) when there is none or it is full or broken. */
  private async writableSegment(): Promise<Segment> {
    const current = this.active;
    if (current && current.handle && !current.broken && current.bytes < SEGMENT_BYTES) return current;
    if (current) {
      await current.handle?.close();
      current.handle = null;
      // A full segment stays until its records are done; an empty one has nothing to keep.
      if (current.pending === 0) await rm(path.join(this.dir, current.file), { force: true });
    }
    const file = `${String(this.nextSeq).padStart(12, '0')}.jsonl`;
    const handle = await open(path.join(this.dir, file), 'a');
    // The new file's name must survive a crash too, not only its contents.
    await syncDir(this.dir);
    this.active = { file, handle, bytes: 0, pending: 0, broken: false };
    return this.active;
  }

  private async load(): Promise<void> {
    const files = (await readdir(this.dir)).filter((f) => SEGMENT_NAME.test(f)).sort();
    for (const [i, file] of files.entries()) {
      const full = path.join(this.dir, file);
      const buf = await readFile(full);
      const segment: Segment = { file, handle: null, bytes: buf.length, pending: 0, broken: false };
      let offset = 0;
      while (offset < buf.length) {
        const end = buf.indexOf(0x0a, offset);
        const last = end < 0 || end === buf.length - 1;
        const length = (end < 0 ? buf.length : end + 1) - offset;
        const record = end < 0 ? null : decodeLine(buf.toString('utf8', offset, end + 1));
        if (record) {
          this.index.push({
            seq: record.seq,
            segment,
            offset,
            length,
            rows: record.rows.length,
            acceptedAt: record.acceptedAt,
          });
          this.rows += record.rows.length;
          segment.pending++;
          this.nextSeq = Math.max(this.nextSeq, record.seq + 1);
          for (const row of record.rows) this.noteUnit(row);
        } else if (last && i === files.length - 1) {
          // The write of this line never finished, so it was never acknowledged: cut it off.
          this.logger?.warn(
            { file, offset, bytes: length },
            'spool: dropping a torn last record (it was never acknowledged)',
          );
          await truncate(full, offset);
          segment.bytes = offset;
        } else {
          this.logger?.error({ file, offset, bytes: length }, 'spool: skipping a record that fails its checksum');
        }
        offset += length;
      }
      if (segment.pending === 0) await rm(full, { force: true });
    }
    this.index.sort((a, b) => a.seq - b.seq);
    if (this.index.length > 0)
      this.logger?.info(this.depth(), 'spool holds rows from an earlier run; they will be replayed');
  }

  private noteUnit(row: RawRow): void {
    const series = row.fields['series'];
    const unit = row.fields['unit'];
    if (typeof series === 'string' && typeof unit === 'string' && !this.units.has(series)) this.units.set(series, unit);
  }
}

/** `<crc32 of the JSON, 8 hex digits> <JSON>\n`; JSON escapes every line break inside strings. */
export function encodeLine(record: SpoolRecord): string {
  const json = JSON.stringify({
    seq: record.seq,
    batch: record.batch,
    format: record.format,
    acceptedAt: record.acceptedAt,
    rows: record.rows,
  });
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/** The record a line holds, or null when the line is torn or fails its checksum. */
export function decodeLine(line: string): SpoolRecord | null {
  if (!line.endsWith('\n') || line.charAt(8) !== ' ') return null;
  const json = line.slice(9, -1);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return null;
  try {
    const r = JSON.parse(json) as SpoolRecord;
    return typeof r.seq === 'number' && Array.isArray(r.rows) ? r : null;
  } catch {
    return null;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
