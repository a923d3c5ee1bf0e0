/**
 * The notifier behind the AlertNotifier port. `enqueue` routes each transition to the dashboard
 * and the channels its rule names (`routing.ts`) and writes it to the outbox before resolving; delivery then runs in the background:
 * a channel with a grouping window gathers what arrives within it into one notification, the
 * others send each transition alone. Each notification is claimed first (in-process, or on Redis
 * across instances), retried with backoff while its failures may pass, and its outcome recorded per
 * transition and channel. A transition already delivered to a channel (in this process, or recorded
 * before a restart) is not delivered to it again; one interrupted mid-send goes again under the key
 * it had. `recover()` at start picks up what the outbox still owes.
 */
import type { AlertTransition } from '../contract/index.js';
import type { Clock } from '../clock.js';
import type { Timers } from '../jobs/refit-debouncer.js';
import type { Logger } from '../logger.js';
import { withRetry } from '../report/retry.js';
import { DeliveryError, type AlertChannel, type DeliveryReceipt } from './channels/channel.js';
import { SETTLED_KEEP_MS, type Claims } from './claims.js';
import type { AlertNotifier } from './notifier.js';
import type { DeliveryRecord, DeliveryState, Outbox, OutboxEntry } from './outbox.js';
import { routeTransition } from './routing.js';

/** The channels that exist now (the dashboard among them). */
export interface ChannelDirectory {
  /** The dashboard first. */
  list(): readonly AlertChannel[];
  get(id: string): AlertChannel | null;
}

export type NotificationOutcome = 'sent' | 'failed' | 'silenced';

export interface DispatcherDeps {
  readonly outbox: Outbox;
  readonly channels: ChannelDirectory;
  /** The channel ids the transition's rule names for its severity (`*`: every one); the dashboard is always added. */
  readonly routes: (transition: AlertTransition) => readonly string[];
  readonly claims: Claims;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Grouping windows' timers; the system's unless a test drives them. */
  readonly timers: Timers;
  /** Waits between attempts; a timer unless a test drives it. */
  readonly wait?: (ms: number) => Promise<void>;
  /** How long a claim lives while its holder is silent (a dead instance's claim lapses after it), ms. */
  readonly claimTtlMs: number;
  /** How far back `recover()` looks for transitions still owed, ms. */
  readonly replayWindowMs?: number;
  /** Told of each transition's outcome per channel (metrics). */
  readonly onOutcome?: (channel: string, outcome: NotificationOutcome) => void;
}

/** Test notifications and deliveries both end like this. */
export interface DeliveryResult {
  readonly key: string;
  readonly attempts: number;
  readonly receipt: DeliveryReceipt;
}

class Closed extends Error {}

const pairOf = (channel: string, transition: string) => `${channel}\n${transition}`;

export class AlertDispatcher implements AlertNotifier {
  private readonly settled = new Set<string>();
  /** Transitions whose earlier outcomes this process knows (handed over, or read by `recover`). */
  private readonly seen = new Set<string>();
  private readonly windows = new Map<string, { transitions: AlertTransition[]; timer: unknown }>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiters = new Set<() => void>();
  private readonly log: Logger;
  private closed = false;
  private readonly stopping = new AbortController();

  constructor(private readonly deps: DispatcherDeps) {
    this.log = deps.logger.child({ component: 'alert-notifier' });
  }

  async enqueue(transitions: readonly AlertTransition[]): Promise<void> {
    if (this.closed) throw new Error('the alert notifier is closed');
    const entries = transitions.map((transition) => ({ transition, channels: this.route(transition) }));
    // Both before any delivery starts; neither needs the other.
    await Promise.all([
      this.deps.outbox.put(entries, this.deps.clock.now()),
      this.learnOutcomes(transitions.filter((t) => !this.seen.has(t.id))),
    ]);
    for (const entry of entries) {
      this.seen.add(entry.transition.id);
      this.offer(entry);
    }
  }

  /**
   * Settles what an earlier process delivered of transitions this one has not seen: one query over
   * their instants (those of one evaluation lie close together).
   */
  private async learnOutcomes(unseen: readonly AlertTransition[]): Promise<void> {
    if (unseen.length === 0) return;
    const times = unseen.map((t) => Date.parse(t.at));
    const ids = new Set(unseen.map((t) => t.id));
    const records = await this.deps.outbox.deliveriesBetween(Math.min(...times), Math.max(...times));
    for (const r of records)
      if (ids.has(r.transition) && r.state !== 'sending') this.settled.add(pairOf(r.channel, r.transition));
  }

  /** Delivers what the outbox still owes: transitions of the replay window without a final state for a channel. */
  async recover(): Promise<number> {
    const since = this.deps.clock.now() - (this.deps.replayWindowMs ?? 7 * 24 * 3600_000);
    const { entries, deliveries } = await this.deps.outbox.since(since);
    const interrupted = new Map<string, string>();
    for (const d of deliveries) {
      if (d.state === 'sending') interrupted.set(pairOf(d.channel, d.transition), d.key);
      else this.settled.add(pairOf(d.channel, d.transition));
    }
    // Interrupted notifications go again as they were: the same transitions under the same key.
    const resend = new Map<string, { channel: AlertChannel; key: string; transitions: AlertTransition[] }>();
    let owed = 0;
    for (const entry of entries) {
      this.seen.add(entry.transition.id);
      const fresh: string[] = [];
      for (const id of entry.channels) {
        const pair = pairOf(id, entry.transition.id);
        if (this.settled.has(pair)) continue;
        owed++;
        const key = interrupted.get(pair);
        const channel = this.deps.channels.get(id);
        if (key === undefined || !channel) {
          fresh.push(id);
          continue;
        }
        const group = resend.get(pairOf(id, key)) ?? { channel, key, transitions: [] };
        group.transitions.push(entry.transition);
        resend.set(pairOf(id, key), group);
      }
      this.offer({ transition: entry.transition, channels: fresh });
    }
    for (const { channel, key, transitions } of resend.values()) this.start(channel, transitions, key);
    if (owed > 0) this.log.info({ owed }, 'delivering alert notifications owed from before the restart');
    return owed;
  }

  /** Sends a test notification through a channel now; throws the DeliveryError that ended the tries. */
  async test(channel: AlertChannel): Promise<DeliveryResult> {
    const key = channel.keyOf([], this.deps.clock.now());
    const outcome = await withRetry(
      () => channel.deliver({ key, transitions: [], test: true }),
      asDeliveryError,
      channel.retry,
      { wait: (ms) => this.wait(ms) },
    );
    if (!outcome.ok) throw withAttempts(outcome.error, outcome.attempts);
    return { key, attempts: outcome.attempts, receipt: outcome.value };
  }

  /** Resolves when nothing is gathering or being delivered (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.windows.size > 0 || this.inFlight.size > 0)
      await new Promise<void>((resolve) => {
        this.waiters.add(resolve);
      });
  }

  /**
   * Stops: gathering windows are dropped, attempts under way are aborted and deliveries waiting to
   * retry give up; one that does not end within `graceMs` (an SMTP server that does not answer) is
   * left. The outbox keeps all of them for the next start.
   */
  async close(graceMs = 2000): Promise<void> {
    this.closed = true;
    for (const { timer } of this.windows.values()) this.deps.timers.clearTimeout(timer);
    this.windows.clear();
    this.stopping.abort();
    for (const wake of [...this.sleepers]) wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    this.notifyIdle();
  }

  private route(transition: AlertTransition): readonly string[] {
    const [dashboard, ...others] = this.deps.channels.list().map((c) => c.id);
    const route = routeTransition(transition, dashboard!, this.deps.routes(transition), others);
    for (const id of route.silenced) this.deps.onOutcome?.(id, 'silenced');
    return route.to;
  }

  private offer(entry: OutboxEntry): void {
    if (this.closed) return;
    const { transition } = entry;
    for (const id of entry.channels) {
      if (this.settled.has(pairOf(id, transition.id))) continue;
      const channel = this.deps.channels.get(id);
      if (!channel) {
        this.log.warn({ channel: id, transition: transition.id }, 'alert channel no longer exists; not notified');
        continue;
      }
      if (channel.groupWindowMs === 0) this.start(channel, [transition]);
      else this.gather(channel, transition);
    }
  }

  private gather(channel: AlertChannel, transition: AlertTransition): void {
    const open = this.windows.get(channel.id);
    if (open) {
      if (!open.transitions.some((t) => t.id === transition.id)) open.transitions.push(transition);
      return;
    }
    const timer = this.deps.timers.setTimeout(() => {
      const window = this.windows.get(channel.id);
      this.windows.delete(channel.id);
      if (window) this.start(channel, window.transitions);
      this.notifyIdle();
    }, channel.groupWindowMs);
    this.windows.set(channel.id, { transitions: [transition], timer });
  }

  private start(
    channel: AlertChannel,
    transitions: readonly AlertTransition[],
    key = channel.keyOf(transitions),
  ): void {
    const delivery: Promise<void> = this.deliver(channel, transitions, key)
      .catch((error: unknown) => {
        if (!(error instanceof Closed))
          this.log.error(
            { err: error, channel: channel.id, key },
            'alert notification not recorded; retried at the next start',
          );
      })
      .finally(() => {
        this.inFlight.delete(delivery);
        this.notifyIdle();
      });
    this.inFlight.add(delivery);
  }

  private async deliver(channel: AlertChannel, all: readonly AlertTransition[], key: string): Promise<void> {
    const claim = `${channel.id}:${key}`;
    const { claims, claimTtlMs, outbox, clock } = this.deps;
    if (!(await claims.claim(claim, claimTtlMs))) return;
    let done = false;
    try {
      const transitions = all.filter((t) => !this.settled.has(pairOf(channel.id, t.id)));
      if (transitions.length === 0) return;
      const records = (state: DeliveryState, attempts: number, response: string, error: string): DeliveryRecord[] =>
        transitions.map((t) => ({
          transition: t.id,
          channel: channel.id,
          at: Date.parse(t.at),
          state,
          key,
          attempts,
          updatedAt: clock.now(),
          response,
          error,
        }));
      // A group's key depends on its members: recorded first, so a restart sends the same group under it.
      if (transitions.length > 1 || channel.groupWindowMs > 0) await outbox.record(records('sending', 0, '', ''));
      const outcome = await withRetry(
        () => channel.deliver({ key, transitions, test: false, signal: this.stopping.signal }),
        asDeliveryError,
        channel.retry,
        {
          wait: (ms) => this.wait(ms),
          onFailure: async (error, attempt, nextMs) => {
            this.log.warn({ channel: channel.id, key, attempt, nextMs, err: error }, 'alert notification failed');
            if (nextMs !== null) await claims.renew(claim, nextMs + claimTtlMs);
          },
        },
      );
      const state = outcome.ok ? 'sent' : 'failed';
      await outbox.record(
        outcome.ok
          ? records('sent', outcome.attempts, outcome.value.response, '')
          : records('failed', outcome.attempts, outcome.error.response, outcome.error.message),
      );
      for (const t of transitions) {
        this.settled.add(pairOf(channel.id, t.id));
        this.deps.onOutcome?.(channel.id, state);
      }
      await claims.settle(claim, SETTLED_KEEP_MS);
      done = true;
    } finally {
      if (!done) await claims.release(claim).catch(() => undefined);
    }
  }

  private readonly sleepers = new Set<() => void>();

  /** Waits `ms`, or throws Closed as soon as the dispatcher closes. */
  private wait(ms: number): Promise<void> {
    if (this.closed) return Promise.reject(new Closed());
    if (this.deps.wait) return this.deps.wait(ms);
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        reject(new Closed());
      };
      const timer = setTimeout(() => {
        this.sleepers.delete(wake);
        resolve();
      }, ms);
      this.sleepers.add(wake);
    });
  }

  private notifyIdle(): void {
    if (this.windows.size > 0 || this.inFlight.size > 0) return;
    for (const wake of [...this.waiters]) wake();
    this.waiters.clear();
  }
}

function asDeliveryError(caught: unknown): DeliveryError {
  if (caught instanceof DeliveryError) return caught;
  const message = caught instanceof Error ? caught.message : String(caught);
  return new DeliveryError(false, message, '', { cause: caught });
}

function withAttempts(error: DeliveryError, attempts: number): DeliveryError {
  return Object.assign(error, { details: { response: error.response, attempts } });
}
