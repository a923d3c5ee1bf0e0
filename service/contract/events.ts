/**
 * The live channel's contract: socket.io event maps for both directions, compiled by the service
 * and the dashboard alike. Payloads are small: they say what changed, and the page fetches the
 * figures it shows through the HTTP API.
 *
 * A client follows the series it shows, and the overview (every change and every job event) or
 * the jobs alone.
 */
import { z } from 'zod';
import type { View } from './common.js';
import type { AlertTransition } from './alerts.js';
import type { RunRecord, RunTrigger } from './jobs.js';

/** Server time of an event, ms since the epoch; a client resyncs from the last one it saw. */
export type ServerTime = number;

/** Actual figures of a series were inserted or restated. */
export interface ActualsEvent {
  readonly series: string;
  /** Months whose figures changed, `YYYY-MM`. */
  readonly months: readonly string[];
  /** The ingest batch: the same id the POST /api/v1/ingest answer carries. */
  readonly batch: string;
  readonly at: ServerTime;
}

/** A run stored a new forecast for a series. */
export interface ForecastEvent {
  readonly series: string;
  readonly run: string;
  readonly model: string;
  /** The last month with an actual value the fit saw. */
  readonly lastActual: string;
  readonly at: ServerTime;
}

export interface JobProgressEvent {
  readonly job: string;
  readonly run: string;
  readonly trigger: RunTrigger;
  /** Series done so far, of `total`. */
  readonly done: number;
  readonly total: number;
  readonly at: ServerTime;
}

export interface JobResultEvent {
  readonly record: RunRecord;
  readonly at: ServerTime;
}

/** An alert moved (fired, escalated, fell back, resolved): every one, silenced ones marked. */
export interface AlertEvent {
  readonly transition: AlertTransition;
  readonly at: ServerTime;
}

export interface ServerToClientEvents {
  actuals: (event: ActualsEvent) => void;
  forecast: (event: ForecastEvent) => void;
  'job:progress': (event: JobProgressEvent) => void;
  'job:result': (event: JobResultEvent) => void;
  alert: (event: AlertEvent) => void;
}

/** Most series one connection may follow. */
export const MAX_SUBSCRIPTIONS = 500;

/** What a client asks to follow; the service refuses anything else with `SUBSCRIBE_INVALID`. */
export const SubscribeRequestSchema = z.object({
  /** Series ids to follow; at most {@link MAX_SUBSCRIPTIONS}. */
  series: z
    .array(z.string().min(1).max(100), { error: `must be a list of at most ${MAX_SUBSCRIPTIONS} series ids` })
    .max(MAX_SUBSCRIPTIONS),
  /** Follow every change and job event. */
  overview: z.boolean({ error: 'must be true or false' }).optional(),
  /** Follow job events only (the overview page, which follows the series it shows by id). */
  jobs: z.boolean({ error: 'must be true or false' }).optional(),
  /**
   * Server time of the last event this client applied. The answer then lists what changed since,
   * for a client whose session could not be recovered after a reconnect.
   */
  since: z.number({ error: 'must be a server time in ms' }).optional(),
});
export type SubscribeRequest = View<typeof SubscribeRequestSchema>;

/** What changed since `since`, per series; `complete` is false when the server's memory does not reach back that far (reload everything). */
export interface MissedChanges {
  readonly complete: boolean;
  readonly series: readonly { readonly id: string; readonly actuals: boolean; readonly forecast: boolean }[];
  readonly jobs: boolean;
}

export type SubscribeAck =
  | { readonly ok: true; readonly serverTime: ServerTime; readonly missed: MissedChanges | null }
  | {
      readonly ok: false;
      readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
    };

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  unsubscribe: (request: {
    readonly series: readonly string[];
    readonly overview?: boolean;
    readonly jobs?: boolean;
  }) => void;
}
