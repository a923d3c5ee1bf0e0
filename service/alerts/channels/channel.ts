/**
 * What every notification channel is to the dispatcher: how long it
 * gathers them into one notification, the key a notification of given transitions carries (the
 * same key for the same transitions, in this process or the next), and how it delivers one.
 * Whether a failure may pass on a later attempt is a property of the error.
 */
import type { AlertTransition } from '../../contract/index.js';
import { AppError } from '../../errors.js';
import type { RetryPolicy } from '../../report/retry.js';

/** One notification: a group of transitions (none for a test) under one idempotency key. */
export interface Notification {
  /** Webhook `Idempotency-Key`, email Message-ID: a re-send after a restart carries the same one. */
  readonly key: string;
  readonly transitions: readonly AlertTransition[];
  /** Sent on request to check the channel; carries no transition. */
  readonly test: boolean;
  /** Aborts an attempt under way when the service stops. */
  readonly signal?: AbortSignal;
}

export interface DeliveryReceipt {
  /** The receiver's answer, e.g. `200` or `250 OK: queued`. */
  readonly response: string;
}

export interface AlertChannel {
  readonly id: string;
  readonly type: 'dashboard' | 'email' | 'webhook';
  /** Transitions arriving within this many ms of the first go as one notification; 0: each alone. */
  readonly groupWindowMs: number;
  readonly retry: RetryPolicy;
  /** The key of a notification of these transitions (or of a test at `at`, ms). */
  keyOf(transitions: readonly AlertTransition[], testAt?: number): string;
  /** Delivers once; throws a DeliveryError. */
  deliver(notification: Notification): Promise<DeliveryReceipt>;
}

export const ALERT_DELIVERY_FAILED = 'ALERT_DELIVERY_FAILED';

/** A failed delivery: `canRetry` says whether the same notification may succeed later. */
export class DeliveryError extends AppError {
  constructor(
    readonly canRetry: boolean,
    message: string,
    /** What the receiver answered, when it answered (`500`, `550 mailbox unavailable`); '' when not reached. */
    readonly response: string,
    options?: { cause?: unknown },
  ) {
    super(502, ALERT_DELIVERY_FAILED, message, { response }, options);
  }
}

/** No delivery waits longer than this between two attempts. */
export const MAX_RETRY_DELAY_MS = 5 * 60_000;
