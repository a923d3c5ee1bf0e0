/**
 * Sending with retries: temporary failures (network, 4xx for SMTP) are tried again after an
 * exponential backoff; a permanent failure or the last failed attempt ends it. The alert channels
 * use the same loop (`withRetry`) with their own idea of what may pass. Waiting is injected, so
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

/** How an attempt that can be retried ended: its value, or the error that ended the tries. */
export type RetryOutcome<T, E> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly error: E; readonly attempts: number };

export interface RetryHooks<E = MailError> {
  /** Resolves after `ms`; the default is a timer. */
  readonly wait?: (ms: number) => Promise<void>;
  /** Called after each failed attempt, before waiting (to log it). */
  readonly onFailure?: (error: E, attempt: number, nextDelayMs: number | null) => void | Promise<void>;
}

/**
 * Runs `attempt` until it succeeds, fails in a way `classify` says cannot pass (`canRetry` false),
 * or the policy's attempts are spent; waits with the backoff in between.
 */
export async function withRetry<T, E extends { readonly canRetry: boolean }>(
  attempt: () => Promise<T>,
  classify: (caught: unknown) => E,
  policy: RetryPolicy,
  hooks: RetryHooks<E> = {},
): Promise<RetryOutcome<T, E>> {
  const wait = hooks.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await attempt(), attempts: n };
    } catch (caught) {
      const error = classify(caught);
      const last = !error.canRetry || n >= policy.attempts;
      const delay = last ? null : backoffDelay(policy, n);
      await hooks.onFailure?.(error, n, delay);
      if (delay === null) return { ok: false, error, attempts: n };
      await wait(delay);
    }
  }
}

export async function sendWithRetry(
  mailer: Mailer,
  mail: OutgoingMail,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<SendOutcome> {
  const outcome = await withRetry(() => mailer.send(mail), classifyMailError, policy, hooks);
  return outcome.ok ? { ok: true, receipt: outcome.value, attempts: outcome.attempts } : outcome;
}
