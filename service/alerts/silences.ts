/**
 * Silences: alerts of a series and/or a rule stay listed, marked, and channels send nothing for
 * them until the silence ends. Kept in InfluxDB and in memory (a handful at a time).
 */
import { randomUUID } from 'node:crypto';
import type { InfluxDB } from 'influx';
import type { AlertState } from '../../alerting/state-machine.js';
import type { Clock } from '../clock.js';
import type { Silence, SilenceRequest } from '../contract/index.js';
import { MAX_SILENCE_MS } from '../contract/index.js';
import { AppError } from '../errors.js';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import { queryRows, toStoreError } from '../storage/store-error.js';
import type { SilenceMark } from './alert-view.js';

interface Stored {
  readonly id: string;
  readonly series: string | null;
  readonly rule: string | null;
  readonly reason: string;
  readonly by: string;
  readonly createdAt: number;
  readonly until: number;
}

export class Silences {
  private constructor(
    private readonly client: InfluxDB,
    private readonly clock: Clock,
    private readonly silences: Map<string, Stored>,
  ) {}

  static async load(client: InfluxDB, clock: Clock): Promise<Silences> {
    const rows = await queryRows(client, `SELECT * FROM ${ident(MEASUREMENT.alertSilence)}`);
    const now = clock.now();
    const kept = rows
      .filter((r) => r['ended'] !== true && Number(r['until']) > now)
      .map((r): Stored => ({
        id: String(r[TAG.silence]),
        series: String(r['series'] ?? '') || null,
        rule: String(r['rule'] ?? '') || null,
        reason: String(r['reason'] ?? ''),
        by: String(r['by'] ?? ''),
        createdAt: Number(r['created_at']),
        until: Number(r['until']),
      }));
    return new Silences(client, clock, new Map(kept.map((s) => [s.id, s])));
  }

  /** Silences in force, the one ending last first. */
  list(): Silence[] {
    const now = this.clock.now();
    return [...this.silences.values()]
      .filter((s) => s.until > now)
      .sort((a, b) => b.until - a.until)
      .map(view);
  }

  async create(request: SilenceRequest, by: string): Promise<Silence> {
    const now = this.clock.now();
    const until = Date.parse(request.until);
    if (until <= now || until > now + MAX_SILENCE_MS)
      throw new AppError(400, 'INVALID_FIELD', 'field "until": must be in the future, at most a year ahead', {
        field: 'until',
      });
    const silence: Stored = {
      id: randomUUID(),
      series: request.series ?? null,
      rule: request.rule ?? null,
      reason: request.reason,
      by,
      createdAt: now,
      until,
    };
    await this.write(silence, false);
    this.silences.set(silence.id, silence);
    return view(silence);
  }

  async end(id: string): Promise<void> {
    const silence = this.silences.get(id);
    if (!silence || silence.until <= this.clock.now())
      throw new AppError(404, 'NOT_FOUND', `silence ${id} was not found`);
    await this.write(silence, true);
    this.silences.delete(id);
  }

  /** The silence covering an alert now, the one ending last when several do. */
  of(alert: AlertState): SilenceMark | null {
    const now = this.clock.now();
    let best: Stored | null = null;
    for (const s of this.silences.values()) {
      if (
        s.until <= now ||
        (s.series !== null && s.series !== alert.series) ||
        (s.rule !== null && s.rule !== alert.rule)
      )
        continue;
      if (!best || s.until > best.until) best = s;
    }
    return best && { silence: best.id, by: best.by, until: best.until, reason: best.reason };
  }

  private async write(s: Stored, ended: boolean): Promise<void> {
    try {
      await this.client.writePoints(
        [
          {
            measurement: MEASUREMENT.alertSilence,
            tags: { [TAG.silence]: s.id },
            fields: {
              series: s.series ?? '',
              rule: s.rule ?? '',
              reason: s.reason,
              by: s.by,
              created_at: s.createdAt,
              until: s.until,
              ended,
            },
            timestamp: new Date(0),
          },
        ],
        { precision: 'ms' },
      );
    } catch (error) {
      throw toStoreError(error, 'write');
    }
  }
}

function view(s: Stored): Silence {
  return {
    id: s.id,
    series: s.series,
    rule: s.rule,
    reason: s.reason,
    by: s.by,
    createdAt: new Date(s.createdAt).toISOString(),
    until: new Date(s.until).toISOString(),
  };
}
