/**
 * The notifier's durable outbox in InfluxDB: every transition handed over, with the channels it
 * was routed to (written before `enqueue` resolves), and per transition and channel the state of
 * its delivery. A transition without a final state for a channel is still owed to it after a
 * restart; one found `sending` was perhaps received already, and is sent again under the key it
 * was sent with, never a new one.
 */
import type { InfluxDB, IPoint } from 'influx';
import type { AlertTransition } from '../contract/index.js';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import { WriteCoalescer } from '../storage/write-coalescer.js';

export interface OutboxEntry {
  readonly transition: AlertTransition;
  /** Channel ids the transition was routed to when it was handed over. */
  readonly channels: readonly string[];
}

export type DeliveryState = 'sending' | 'sent' | 'failed';

export interface DeliveryRecord {
  readonly transition: string;
  readonly channel: string;
  /** The transition's instant (ms): the point's time, beside its outbox entry. */
  readonly at: number;
  readonly state: DeliveryState;
  /** The Idempotency-Key or Message-ID of the notification that carried the transition. */
  readonly key: string;
  readonly attempts: number;
  readonly updatedAt: number;
  readonly response: string;
  readonly error: string;
}

export interface Outbox {
  put(entries: readonly OutboxEntry[], enqueuedAt: number): Promise<void>;
  record(records: readonly DeliveryRecord[]): Promise<void>;
  /** The entries of transitions at or after `since` (ms) and every delivery record of them. */
  since(since: number): Promise<{ entries: OutboxEntry[]; deliveries: DeliveryRecord[] }>;
  /** Delivery records of transitions from `from` to `to` (ms, inclusive). */
  deliveriesBetween(from: number, to: number): Promise<DeliveryRecord[]>;
}

export class InfluxOutbox implements Outbox {
  /** Deliveries end together (a burst of webhook answers): their records go in few writes. */
  private readonly records = new WriteCoalescer<DeliveryRecord>((records) => this.writeRecords(records));

  constructor(private readonly client: InfluxDB) {}

  async put(entries: readonly OutboxEntry[], enqueuedAt: number): Promise<void> {
    if (entries.length === 0) return;
    const points: IPoint[] = entries.map(({ transition, channels }) => ({
      measurement: MEASUREMENT.alertOutbox,
      tags: { [TAG.transition]: transition.id },
      fields: { json: JSON.stringify(transition), channels: channels.join(','), enqueued_at: enqueuedAt },
      timestamp: new Date(Date.parse(transition.at)),
    }));
    await this.client.writePoints(points, { precision: 'ms' });
  }

  record(records: readonly DeliveryRecord[]): Promise<void> {
    return this.records.add(records);
  }

  private async writeRecords(records: readonly DeliveryRecord[]): Promise<void> {
    // Every field on every write: InfluxDB merges the field sets of two writes to one point.
    const points: IPoint[] = records.map((r) => ({
      measurement: MEASUREMENT.alertDelivery,
      tags: { [TAG.transition]: r.transition, [TAG.channel]: r.channel },
      fields: {
        state: r.state,
        key: r.key,
        attempts: r.attempts,
        updated_at: r.updatedAt,
        response: r.response,
        error: r.error,
      },
      timestamp: new Date(r.at),
    }));
    await this.client.writePoints(points, { precision: 'ms' });
  }

  async since(since: number): Promise<{ entries: OutboxEntry[]; deliveries: DeliveryRecord[] }> {
    const placeholders = { since: new Date(since).toISOString() };
    const [entries, deliveries] = await Promise.all([
      this.client.query<Record<string, unknown>>(
        `SELECT * FROM ${ident(MEASUREMENT.alertOutbox)} WHERE time >= $since`,
        { placeholders },
      ),
      this.client.query<Record<string, unknown>>(
        `SELECT * FROM ${ident(MEASUREMENT.alertDelivery)} WHERE time >= $since`,
        { placeholders },
      ),
    ]);
    return {
      entries: entries.map((r) => ({
        transition: JSON.parse(String(r['json'])) as AlertTransition,
        channels: String(r['channels'] ?? '')
          .split(',')
          .filter((c) => c !== ''),
      })),
      deliveries: deliveries.map(deliveryOf),
    };
  }

  async deliveriesBetween(from: number, to: number): Promise<DeliveryRecord[]> {
    const rows = await this.client.query<Record<string, unknown>>(
      `SELECT * FROM ${ident(MEASUREMENT.alertDelivery)} WHERE time >= $from AND time <= $to`,
      { placeholders: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } },
    );
    return rows.map(deliveryOf);
  }
}

function deliveryOf(r: Record<string, unknown>): DeliveryRecord {
  return {
    transition: String(r[TAG.transition]),
    channel: String(r[TAG.channel]),
    at: (r['time'] as Date).getTime(),
    state: String(r['state']) as DeliveryState,
    key: String(r['key'] ?? ''),
    attempts: Number(r['attempts'] ?? 0),
    updatedAt: Number(r['updated_at'] ?? 0),
    response: String(r['response'] ?? ''),
    error: String(r['error'] ?? ''),
  };
}
