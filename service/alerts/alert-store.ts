/**
 * Alerts in InfluxDB: each alert's current state (one point per alert, rewritten whole) and its
 * history (one point per transition). The service reads the states back at start, so alerts
 * survive restarts; the history is what `GET /api/v1/alerts/:id` shows.
 */
import type { InfluxDB, IPoint } from 'influx';
import type { AlertDetails } from '../../alerting/details.js';
import {
  alertId,
  type AlertState,
  type AlertStatus,
  type Transition,
  type TransitionChange,
} from '../../alerting/state-machine.js';
import type { Severity } from '../../alerting/rules.js';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import { queryRows, toStoreError } from '../storage/store-error.js';

type Row = Record<string, unknown>;

/** Who acknowledged a firing alert, and when (ms). */
export interface Acknowledgement {
  readonly by: string;
  readonly at: number;
}

/** A stored alert: its state, and the acknowledgement of its current episode. */
export interface StoredAlert {
  readonly state: AlertState;
  readonly ack: Acknowledgement | null;
}

/** A state the store is to write: a live alert, or the id of one that went back to inactive. */
export type StateWrite =
  { readonly state: AlertState; readonly ack: Acknowledgement | null } | { readonly gone: AlertState };

export class AlertStore {
  constructor(private readonly client: InfluxDB) {}

  /** Every alert that exists (pending, firing or resolved). */
  async load(): Promise<StoredAlert[]> {
    const rows = await this.query(`SELECT * FROM ${ident(MEASUREMENT.alert)}`, {});
    return rows.filter((r) => r['status'] !== 'inactive').map(storedOf);
  }

  /**
   * Writes states and the transitions that led to them in one request (one WAL entry in InfluxDB),
   * transitions first: a state never lacks its history.
   */
  async write(states: readonly StateWrite[], transitions: readonly Transition[]): Promise<void> {
    try {
      const points = [...transitions.map(transitionPoint), ...states.map(statePoint)];
      if (points.length) await this.client.writePoints(points, { precision: 'ms' });
    } catch (error) {
      throw toStoreError(error, 'write');
    }
  }

  /** The transitions of one alert, oldest first. */
  async history(
    key: { rule: string; series: string; month: string },
    limit = 1000,
  ): Promise<
    { id: string; change: TransitionChange; at: number; severity: Severity; status: AlertStatus; summary: string }[]
  > {
    const rows = await this.query(
      `SELECT * FROM ${ident(MEASUREMENT.alertTransition)} WHERE ${ident(TAG.rule)} = $rule AND ${ident(TAG.series)} = $series AND ${ident(TAG.month)} = $month ORDER BY time DESC LIMIT ${Math.max(1, Math.min(10_000, Math.floor(limit)))}`,
      { rule: key.rule, series: key.series, month: key.month },
    );
    return rows
      .map((r) => ({
        id: String(r[TAG.transition]),
        change: String(r['change']) as TransitionChange,
        at: (r['time'] as Date).getTime(),
        severity: String(r['severity']) as Severity,
        status: String(r['status']) as AlertStatus,
        summary: String(r['summary'] ?? ''),
      }))
      .reverse();
  }

  private query(q: string, placeholders: Record<string, string>): Promise<Row[]> {
    return queryRows(this.client, q, placeholders);
  }
}

function tagsOf(s: { rule: string; series: string; month: string }): Record<string, string> {
  return { [TAG.rule]: s.rule, [TAG.series]: s.series, [TAG.month]: s.month };
}

function statePoint(w: StateWrite): IPoint {
  if ('gone' in w) {
    return {
      measurement: MEASUREMENT.alert,
      tags: tagsOf(w.gone),
      fields: fieldsOf(w.gone, 'inactive', null),
      timestamp: new Date(0),
    };
  }
  return {
    measurement: MEASUREMENT.alert,
    tags: tagsOf(w.state),
    fields: fieldsOf(w.state, w.state.status, w.ack),
    timestamp: new Date(0),
  };
}

/** Every field, always: InfluxDB merges the field sets of two writes to one point. */
function fieldsOf(s: AlertState, status: AlertStatus | 'inactive', ack: Acknowledgement | null): IPoint['fields'] {
  return {
    kind: s.kind,
    status,
    severity: s.severity,
    since: s.since,
    updated_at: s.updatedAt,
    resolved_at: s.resolvedAt ?? 0,
    has_resolved: s.resolvedAt !== null,
    clear_since: s.clearSince ?? 0,
    has_clear: s.clearSince !== null,
    seq: s.seq,
    notified_at: s.notifiedAt ?? 0,
    has_notified: s.notifiedAt !== null,
    summary: s.summary,
    details: JSON.stringify(s.details),
    ack_by: ack?.by ?? '',
    ack_at: ack?.at ?? 0,
    has_ack: ack !== null,
  };
}

function transitionPoint(t: Transition): IPoint {
  return {
    measurement: MEASUREMENT.alertTransition,
    tags: { ...tagsOf(t.alert), [TAG.transition]: t.id },
    fields: {
      change: t.change,
      severity: t.alert.severity,
      status: t.alert.status,
      summary: t.alert.summary,
      details: JSON.stringify(t.alert.details),
    },
    timestamp: new Date(t.at),
  };
}

function storedOf(r: Row): StoredAlert {
  const rule = String(r[TAG.rule]);
  const series = String(r[TAG.series]);
  const month = String(r[TAG.month]);
  const state: AlertState = {
    id: alertId({ rule, series, month }),
    rule,
    series,
    month,
    kind: String(r['kind']) as AlertState['kind'],
    status: String(r['status']) as AlertStatus,
    severity: String(r['severity']) as Severity,
    since: Number(r['since']),
    updatedAt: Number(r['updated_at']),
    resolvedAt: r['has_resolved'] === true ? Number(r['resolved_at']) : null,
    clearSince: r['has_clear'] === true ? Number(r['clear_since']) : null,
    seq: Number(r['seq']),
    notifiedAt: notifiedAtOf(r),
    summary: String(r['summary'] ?? ''),
    details: JSON.parse(String(r['details'])) as AlertDetails,
  };
  return { state, ack: r['has_ack'] === true ? { by: String(r['ack_by']), at: Number(r['ack_at']) } : null };
}

/** Alerts stored before `notified_at` was: a firing one was last told when it last changed. */
function notifiedAtOf(r: Row): number | null {
  if (r['has_notified'] === true) return Number(r['notified_at']);
  if (r['has_notified'] === false) return null;
  return r['status'] === 'firing' ? Number(r['updated_at']) : null;
}
