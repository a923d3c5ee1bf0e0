/**
 * Sending with retries: temporary failures (network, 4xx) are tried again after an exponential
 * backoff; a permanent failure (5xx) or the last failed attempt ends it. Waiting is injected, so
 * tests drive it without sleeping.
 */
import { classifyMailError, type Mailer, type MailError, type OutgoingMail, type SendReceipt } from './mailer.js';

export interface RetryPolicy {
  /** Attempts in all, at least 1. */
  readonly attempts: number;
  /** Wait before the second attempt (ms); doubles each time. */
  readonly baseDelayMs: number;
  /** Longest wait between two attempts (ms). */
  readonly maxDelayMs: number;
}

/** Wait before attempt `n + 1` after `n` failed attempts (n >= 1). */
export function backoffDelay(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
}

export type SendOutcome =
  | { readonly ok: true; readonly receipt: SendReceipt; readonly attempts: number }
  | { readonly ok: false; readonly error: MailError; readonly attempts: number };

export interface RetryHooks {
  /** Resolves after `ms`; the default is a timer. */
  readonly wait?: (ms: number) => Promise<void>;
  /** Called after each failed attempt, before waiting (to log it). */
  readonly onFailure?: (error: MailError, attempt: number, nextDelayMs: number | null) => void | Promise<void>;
}

export async function sendWithRetry(
  mailer: Mailer,
  mail: OutgoingMail,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<SendOutcome> {
  const wait = hooks.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, receipt: await mailer.send(mail), attempts: attempt };
    } catch (caught) {
      const error = classifyMailError(caught);
      const last = !error.canRetry || attempt >= policy.attempts;
      const delay = last ? null : backoffDelay(policy, attempt);
      await hooks.onFailure?.(error, attempt, delay);
      if (delay === null) return { ok: false, error, attempts: attempt };
      await wait(delay);
    }
  }
}
