/**
 * Decides alerts where facts change, and hands every transition to the notifier:
 *
 * - after an ingest or a conflict review (`noteStored`, called once per stored chunk with the
 *   months it changed, and returning at once): surprise, conflict and threshold on the changed series, and the missing
 *   alert of a month that has now arrived;
 * - on the `alerts` row of the job table (`sweep`): missing months, pending periods and flap
 *   windows that time alone has run out, repeats due (a rule's `repeatInterval`), and evaluations
 *   an earlier failure left undone.
 *
 * Evaluations run one at a time. Each hands its transitions to the notifier first (durable there,
 * idempotent by id), then takes the new states as current and stores them in the background: the
 * next evaluation (the next chunk of an upload) need not wait for that write. States not yet stored
 * are written with the next ones, and a write that failed is tried again with them or by the sweep;
 * a crash before they are stored leaves the outbox to deliver what was handed over.
 */
import { addMonths, dateToMonth, earliestMonth, yearOf } from '../../common/month.js';
import type { Figure } from '../../ingest/figure.js';
import { windowStart, type StoredChange } from '../../ingest/ingest.js';
import type { SeriesMeta } from '../../ingest/store-port.js';
import { AlertBook, type Finding } from '../../alerting/alert-book.js';
import { conflictConditions } from '../../alerting/conflict.js';
import { missingCondition } from '../../alerting/missing.js';
import type { Quiet } from '../../alerting/repeat.js';
import type { AlertRule, RuleOf } from '../../alerting/rules.js';
import { selects } from '../../alerting/selector.js';
import type { AlertState, AlertStatus, Condition, Step } from '../../alerting/state-machine.js';
import { surpriseCondition, type ForecastBand } from '../../alerting/surprise.js';
import { targetCondition, targetMonth } from '../../alerting/target.js';
import { thresholdCondition } from '../../alerting/threshold.js';
import type { Clock } from '../clock.js';
import { AppError, notFound } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AlertFacts, SeriesFacts } from './alert-facts.js';
import type { Acknowledgement, AlertStore, StateWrite } from './alert-store.js';
import type { Transition } from '../../alerting/state-machine.js';
import { alertView, transitionView, type SilenceMark } from './alert-view.js';
import type { AlertNotifier } from './notifier.js';
import type { Alert } from '../contract/index.js';

/** Forecast bands by series, then month. */
type Bands = ReadonlyMap<string, ReadonlyMap<string, ForecastBand>>;

/** Resolved alerts stay listed this long. */
export const RESOLVED_KEPT_MS = 30 * 24 * 60 * 60_000;
/** Months of arrivals the missing rule looks at: twelve arrivals and their publication lag. */
const ARRIVAL_MONTHS = 26;
/**
 * Series evaluated together after an ingest: one read of their forecasts (and of figures no ingest
 * handed over) and one commit; at 10,000 series, 200 a step spent most of its time in per-step
 * writes, and 1,000 a step still half of it. An ingest hands over chunks of 5,000 series.
 */
const SERIES_PER_EVALUATION = 5000;
/** Series whose forecasts read early wait for their evaluation at most. */
const EARLY_SERIES = 50_000;
/** Handed-over figures kept waiting for their evaluation at most (about 200 bytes each). */
const HANDED_FIGURES = 100_000;

export interface EvaluatorDeps {
  readonly store: AlertStore;
  readonly facts: AlertFacts;
  readonly notifier: AlertNotifier;
  /** The rules in force (enabled or not); read at each evaluation, so run-time changes apply at once. */
  readonly rules: () => readonly AlertRule[];
  readonly series: { list(): readonly SeriesMeta[]; get(id: string): SeriesMeta | undefined };
  readonly clock: Clock;
  readonly logger: Logger;
  /** The silence covering an alert, if any: it still shows, marked. */
  readonly silenceOf?: (alert: AlertState) => SilenceMark | null;
  /** Told after every change of the alerts (metrics). */
  readonly onChange?: (alerts: readonly AlertState[]) => void;
  /** Full-year targets by series and year. */
  readonly targets?: { of(series: string): ReadonlyMap<number, number>; series(): readonly string[] };
  /**
   * The probability of reaching each target from the sample paths of a fit of the series' current
   * data (the one its newest run made, `run`); a year the forecast does not reach has null. Null
   * when the series cannot be forecast.
   */
  readonly targetOdds?: (series: string, targets: Readonly<Record<number, number>>) => Promise<TargetOdds | null>;
}

export interface TargetOdds {
  readonly run: string;
  readonly odds: ReadonlyMap<number, number | null>;
}

export interface SweepResult {
  readonly series: number;
  readonly transitions: number;
}

export class AlertEvaluator {
  private tail: Promise<unknown> = Promise.resolve();
  /** Months stored since the last evaluation began, by series; and those a failed evaluation left. */
  private waiting = new Map<string, Set<string>>();
  private failed = new Map<string, Set<string>>();
  /** Figures ingests handed over with their changes, by series, until the series is evaluated. */
  private readonly handed = new Map<
    string,
    { batch: string; from: string; figures: readonly Figure[]; quiet: boolean; unread: boolean }
  >();
  private handedCount = 0;
  private drainQueued = false;
  /**
   * Forecast bands read as soon as their months were stored, by series, until their evaluation
   * takes them: the read runs while earlier changes are evaluated and the ingest writes on.
   */
  private readonly early = new Map<string, { months: readonly string[]; bands: Promise<Bands> }>();

  /** States taken as current but not stored yet, by alert id, and the transitions that led to them. */
  private unstored = new Map<string, StateWrite>();
  private unstoredTransitions: Transition[] = [];
  /** The state write under way, if any: one at a time, each taking every state waiting. */
  private writing: Promise<void> | null = null;

  private constructor(
    private readonly deps: EvaluatorDeps,
    private readonly book: AlertBook,
    private readonly acks: Map<string, Acknowledgement>,
  ) {}

  /** The evaluator with the alerts stored before (they survive restarts). */
  static async load(deps: EvaluatorDeps): Promise<AlertEvaluator> {
    const stored = await deps.store.load();
    const acks = new Map<string, Acknowledgement>();
    for (const s of stored) if (s.ack) acks.set(s.state.id, s.ack);
    const evaluator = new AlertEvaluator(deps, new AlertBook(stored.map((s) => s.state)), acks);
    deps.onChange?.(evaluator.book.list());
    return evaluator;
  }

  /** An ingest's write begins: the forecasts its months will be judged against are read meanwhile. */
  noteStoring(months: ReadonlyMap<string, readonly string[]>, batch: string): void {
    this.readBandsEarly(months, batch);
  }

  /** The ingest hook: remembers what changed and returns; the evaluation follows, one at a time. */
  noteStored(change: StoredChange): void {
    this.keepFigures(change);
    this.readBandsEarly(change.months, change.batch);
    merge(this.waiting, change.months);
    if (this.drainQueued) return;
    this.drainQueued = true;
    this.serial(async () => {
      this.drainQueued = false;
      const taken = this.waiting;
      this.waiting = new Map();
      await this.evaluateChanges(taken);
    }).catch(() => {
      // Logged by serial(); the sweep evaluates the failed series again.
    });
  }

  /** Resolves once every evaluation asked for so far has finished and its states are stored (or their write failed). */
  async idle(): Promise<void> {
    while (true) {
      const tail = this.tail;
      await tail;
      if (this.writing) await this.writing;
      if (tail === this.tail && !this.drainQueued && !this.writing) return;
    }
  }

  /** Stores the states that wait (at shutdown): after a restart the alerts are as they were. */
  async close(): Promise<void> {
    await this.storeStates();
  }

  /** The scheduled pass: missing months, what time alone moves on, and evaluations left by a failure. */
  sweep(): Promise<SweepResult> {
    return this.serial(async () => {
      await this.storeStates();
      const retry = this.failed;
      this.failed = new Map();
      if (retry.size) await this.evaluateChanges(retry);
      const now = this.deps.clock.now();
      const findings = await this.missingFindings(now);
      const steps = findings.flatMap((f) => this.book.apply(f, now));
      const rules = new Map(this.deps.rules().map((r) => [r.id, r]));
      steps.push(...this.book.advance(rules, now).filter((s) => !steps.some((t) => t.id === s.id)));
      steps.push(
        ...this.book.repeats(rules, now, (s) => this.quiet(s)).filter((s) => !steps.some((t) => t.id === s.id)),
      );
      const transitions = await this.commit(steps);
      this.book.prune(now - RESOLVED_KEPT_MS);
      return { series: this.deps.series.list().length, transitions };
    });
  }

  /**
   * Alerts as the contract shows them: firing first (critical first, then the oldest), then
   * pending, then resolved in the last 30 days (the newest first).
   */
  alerts(filter: { states?: readonly AlertStatus[]; series?: string; rule?: string } = {}): Alert[] {
    const states = filter.states?.length ? new Set(filter.states) : null;
    return this.book
      .list()
      .filter(
        (s) =>
          (states === null || states.has(s.status)) &&
          (filter.series === undefined || s.series === filter.series) &&
          (filter.rule === undefined || s.rule === filter.rule),
      )
      .sort(listOrder)
      .map((s) => this.view(s));
  }

  /** One alert and its transitions, oldest first; null when there is no such alert. */
  async history(id: string): Promise<{ alert: Alert; history: Awaited<ReturnType<AlertStore['history']>> } | null> {
    const state = this.book.get(id);
    if (!state) return null;
    // Its latest transitions may still be on their way to the store.
    if (this.writing) await this.writing;
    return { alert: this.view(state), history: await this.deps.store.history(state) };
  }

  /**
   * Evaluates the target rules on these series (every series with a target when absent): after a
   * forecast run and when a target is set. Answers the odds found per series.
   */
  evaluateTargets(ids?: readonly string[]): Promise<Map<string, TargetOdds | null>> {
    return this.serial(async () => {
      const { targets, targetOdds } = this.deps;
      const out = new Map<string, TargetOdds | null>();
      if (!targets || !targetOdds) return out;
      const rules = this.deps.rules().filter((r): r is RuleOf<'target'> => r.enabled && r.kind === 'target');
      const findings: Finding[] = [];
      for (const id of ids ?? targets.series()) {
        const meta = this.deps.series.get(id);
        const years = targets.of(id);
        if (!meta || years.size === 0) continue;
        const found = await targetOdds(id, Object.fromEntries(years));
        out.set(id, found);
        // Not forecast: the alerts stay as they were.
        if (!found) continue;
        for (const rule of rules) {
          if (selects(rule.series)(meta)) findings.push(targetFinding(rule, meta, years, found));
        }
      }
      const now = this.deps.clock.now();
      await this.commit(findings.flatMap((f) => this.book.apply(f, now)));
      return out;
    });
  }

  /** Acknowledges a firing alert for the rest of its episode; stored before it shows. */
  acknowledge(id: string, by: string): Promise<Alert> {
    return this.serial(async () => {
      const state = this.book.get(id);
      if (!state) throw notFound(`alert ${id}`);
      if (state.status !== 'firing')
        throw new AppError(
          409,
          'ALERT_NOT_FIRING',
          `alert ${id} is ${state.status}, not firing: nothing to acknowledge`,
        );
      const ack = { by, at: this.deps.clock.now() };
      // With the states waiting, and after them: a state written later must not drop the ack.
      this.unstored.set(id, { state, ack });
      try {
        await this.storeStates(true);
      } catch (error) {
        // Not acknowledged: the state waits to be written as it was.
        const waiting = this.unstored.get(id);
        if (waiting && 'ack' in waiting && waiting.ack === ack)
          this.unstored.set(id, { state, ack: this.acks.get(id) ?? null });
        throw error;
      }
      this.acks.set(id, ack);
      return this.view(state);
    });
  }

  alert(id: string): Alert | null {
    const state = this.book.get(id);
    return state ? this.view(state) : null;
  }

  /** What holds an alert's repeats back: an acknowledgement of this episode, or a silence now. */
  private quiet(state: AlertState): Quiet {
    return { acknowledged: this.acks.has(state.id), silenced: (this.deps.silenceOf?.(state) ?? null) !== null };
  }

  private view(state: AlertState): Alert {
    return alertView(state, this.acks.get(state.id) ?? null, this.deps.silenceOf?.(state) ?? null);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    // A refusal (404, 409) is the caller's answer; anything else is worth a log line.
    this.tail = run.catch((error: unknown) => {
      if (!(error instanceof AppError)) this.deps.logger.error({ err: error }, 'alert evaluation failed');
    });
    return run;
  }

  private async evaluateChanges(changes: Map<string, Set<string>>): Promise<void> {
    const ids = [...changes.keys()];
    for (let i = 0; i < ids.length; i += SERIES_PER_EVALUATION) {
      const chunk = new Map<string, readonly string[]>(
        ids.slice(i, i + SERIES_PER_EVALUATION).map((id) => [id, [...changes.get(id)!]]),
      );
      const last = i + SERIES_PER_EVALUATION >= ids.length;
      try {
        const steps = await this.judge(chunk);
        // The next chunk of the same upload, stored while this one was judged, goes in the same
        // commit when it changes other series: a commit (outbox, states) is most of a step's time.
        while (last && this.waiting.size > 0 && chunk.size < 2 * SERIES_PER_EVALUATION) {
          const more = takeOthers(this.waiting, chunk);
          if (more.size === 0) break;
          for (const [id, months] of more) chunk.set(id, months);
          steps.push(...(await this.judge(more)));
        }
        await this.commit(steps);
      } catch (error) {
        // The sweep tries again; meanwhile the alerts stay as they were.
        merge(this.failed, chunk);
        throw error;
      }
    }
  }

  /**
   * Starts reading the bands of stored months for the surprise rule. A series changed again before
   * its evaluation is read then: its bands may be those of other months.
   */
  private readBandsEarly(months: ReadonlyMap<string, readonly string[]>, batch: string): void {
    if (!this.deps.rules().some((r) => r.enabled && r.kind === 'surprise')) return;
    const fresh = new Map<string, readonly string[]>();
    for (const [id, list] of months) {
      const early = this.early.get(id);
      // Read already as the write began.
      if (early && covers(early.months, list)) continue;
      if (this.waiting.has(id)) this.early.delete(id);
      else fresh.set(id, list);
    }
    if (fresh.size === 0) return;
    // Reads begun for writes that failed are never taken: the oldest go past a bound.
    while (this.early.size + fresh.size > EARLY_SERIES && this.early.size > 0)
      this.early.delete(this.early.keys().next().value as string);
    const bands = this.deps.facts.bandsBefore(fresh, batch);
    // Its failure is the evaluation's, which awaits it; until then it must not go unhandled.
    bands.catch(() => undefined);
    for (const [id, list] of fresh) this.early.set(id, { months: list, bands });
  }

  /**
   * The bands of the changed months, by series and month: those read early where they cover the
   * months, read now for the rest. A series without any is absent, and its months are not looked up.
   */
  private async bandsOf(changed: ReadonlyMap<string, readonly string[]>): Promise<Bands> {
    const reads = new Set<Promise<Bands>>();
    const rest = new Map<string, readonly string[]>();
    for (const [id, months] of changed) {
      const early = this.early.get(id);
      this.early.delete(id);
      if (early && covers(early.months, months)) reads.add(early.bands);
      else rest.set(id, months);
    }
    if (rest.size > 0) reads.add(this.deps.facts.bandsBefore(rest));
    const out = new Map<string, ReadonlyMap<string, ForecastBand>>();
    for (const found of await Promise.all(reads))
      for (const [id, months] of found) {
        if (!changed.has(id)) continue;
        // A series in two reads (one begun early for fewer months): the later read's bands win.
        const held = out.get(id);
        out.set(id, held ? new Map([...held, ...months]) : months);
      }
    return out;
  }

  /**
   * Keeps the figures an ingest handed over with its change, while few enough wait: beyond
   * HANDED_FIGURES (an evaluation far behind a large upload) they are dropped and read back when
   * their turn comes, so that memory stays flat. A series changed by two batches before its
   * evaluation is read back too: neither batch's figures hold the other's.
   */
  private keepFigures(change: StoredChange): void {
    for (const id of change.months.keys()) {
      const kept = this.handed.get(id);
      const figures = change.figures?.get(id);
      if (kept) this.handedCount -= kept.figures.length;
      if (figures && (!this.waiting.has(id) || kept?.batch === change.batch) && this.handedCount < HANDED_FIGURES) {
        // The ingest hands over each series' figures from this month on.
        const from = windowStart(earliestMonth(change.months.get(id)!));
        this.handed.set(id, {
          batch: change.batch,
          from,
          figures,
          quiet: change.quiet?.has(id) ?? false,
          unread: change.unread?.has(id) ?? false,
        });
        this.handedCount += figures.length;
      } else this.handed.delete(id);
    }
  }

  /**
   * The facts of the changed series: from the figures their ingest handed over where those reach
   * back to the window the earliest changed month needs, read from the store for the rest.
   */
  private async factsOf(
    changed: ReadonlyMap<string, readonly string[]>,
    bandsRead: Promise<Bands>,
    rules: readonly AlertRule[],
  ): Promise<Map<string, SeriesFacts>> {
    // A YoY bound needs the year before, which an unread series' figures do not hold.
    const needYearBefore = rules.some((r) => r.kind === 'threshold');
    const handed = new Map<string, { figures: readonly Figure[]; quiet: boolean; unread: boolean }>();
    const toRead: string[] = [];
    let earliest: string | null = null;
    for (const [id, months] of changed) {
      const kept = this.dropHanded(id);
      const first = earliestMonth(months);
      if (kept && kept.from <= windowStart(first) && !(kept.unread && needYearBefore)) handed.set(id, kept);
      else {
        toRead.push(id);
        if (earliest === null || first < earliest) earliest = first;
      }
    }
    // Both awaited together: a read failing while the other is under way must not go unhandled.
    const [bands, read] = await Promise.all([
      bandsRead,
      earliest === null ? null : this.deps.facts.series(toRead, windowStart(earliest)),
    ]);
    const facts = new Map<string, SeriesFacts>();
    const toResolve = new Map<string, readonly Figure[]>();
    const unread = new Set<string>();
    for (const [id, kept] of handed) {
      if (kept.unread) unread.add(id);
      // Nothing to disagree with and no forecast to leave: only the latest month matters.
      if (kept.quiet && !bands.has(id)) facts.set(id, this.deps.facts.quiet(kept.figures));
      else toResolve.set(id, kept.figures);
    }
    for (const [id, f] of this.deps.facts.resolve(toResolve)) facts.set(id, f);
    // Their months before the changed ones were not in hand: nothing there is judged.
    for (const id of unread) facts.set(id, { ...facts.get(id)!, knownFrom: earliestMonth(changed.get(id)!) });
    if (read) for (const [id, f] of read) facts.set(id, f);
    return facts;
  }

  /** Takes a series' handed-over figures out of those kept; what was kept, if anything. */
  private dropHanded(id: string) {
    const kept = this.handed.get(id);
    if (!kept) return undefined;
    this.handed.delete(id);
    this.handedCount -= kept.figures.length;
    return kept;
  }

  /** The steps the changed series' findings take; the book is left as it is until they are committed. */
  private async judge(changed: ReadonlyMap<string, readonly string[]>): Promise<{ id: string; step: Step }[]> {
    const rules = this.deps.rules().filter((r) => r.enabled);
    if (!rules.some((r) => r.kind === 'surprise')) for (const id of changed.keys()) this.early.delete(id);
    if (rules.length === 0) {
      // Nothing judges them: the figures their ingest handed over are not kept waiting.
      for (const id of changed.keys()) this.dropHanded(id);
      return [];
    }
    const ids = [...changed.keys()];
    // The forecasts and any figures to read back at once: InfluxDB answers each on a core of its own.
    const bandsRead = rules.some((r) => r.kind === 'surprise')
      ? this.bandsOf(changed)
      : Promise.resolve<Bands>(new Map());
    const [facts, bands] = await Promise.all([this.factsOf(changed, bandsRead, rules), bandsRead]);
    const now = this.deps.clock.now();
    const findings: Finding[] = [];
    for (const rule of rules) {
      const covers = selects(rule.series);
      for (const id of ids) {
        const meta = this.deps.series.get(id);
        const f = facts.get(id);
        if (!meta || !f || !covers(meta)) continue;
        const finding = this.findingOnIngest(rule, meta, f, changed.get(id)!, bands);
        if (finding) findings.push(finding);
      }
    }
    return findings.flatMap((f) => this.book.apply(f, now));
  }

  private findingOnIngest(
    rule: AlertRule,
    meta: SeriesMeta,
    facts: SeriesFacts,
    months: readonly string[],
    bands: Bands,
  ): Finding | null {
    const label = meta.name || meta.id;
    const series = meta.id;
    switch (rule.kind) {
      case 'surprise': {
        const found = new Map<string, Condition>();
        const banded = bands.get(series);
        for (const month of banded ? months : []) {
          const forecast = banded!.get(month);
          const m = forecast && facts.months.get(month);
          if (!m) continue;
          const c = surpriseCondition(
            { actual: m.value, source: m.source, quote: m.quote, forecast },
            rule,
            label,
            month,
          );
          if (c) found.set(month, c);
        }
        // Asked of the series' alerts of this rule alone, a few at most.
        return { rule, series, months: (m) => months.includes(m), found };
      }
      case 'conflict': {
        // A change can make or settle a conflict in its own year and after it (a year-to-date
        // total, a stated YoY growth a year on); the facts hold the year before for those.
        const yearStart = `${yearOf(earliestMonth(months))}-01`;
        const from = facts.knownFrom !== undefined && facts.knownFrom > yearStart ? facts.knownFrom : yearStart;
        const found = conflictConditions(
          facts.conflicts.filter((c) => c.month >= from),
          facts.reviewed,
          rule,
          label,
        );
        return { rule, series, months: (m) => m >= from, found };
      }
      case 'threshold': {
        const found = new Map<string, Condition>();
        const c = facts.latest && thresholdCondition(facts.latest, rule, label);
        if (c) found.set(facts.latest!.month, c);
        return { rule, series, months: 'all', found };
      }
      case 'missing': {
        // A month that arrived is no longer missing; the sweep decides what is.
        const latest = facts.latest?.month;
        return latest ? { rule, series, months: (m) => m <= latest, found: new Map() } : null;
      }
      case 'target':
        return null;
    }
  }

  private async missingFindings(now: number): Promise<Finding[]> {
    const rules = this.deps.rules().filter((r): r is RuleOf<'missing'> => r.enabled && r.kind === 'missing');
    if (rules.length === 0) return [];
    const from = addMonths(dateToMonth(new Date(now)), -ARRIVAL_MONTHS);
    const arrivals = await this.deps.facts.arrivals(from);
    const findings: Finding[] = [];
    for (const rule of rules) {
      const covers = selects(rule.series);
      for (const meta of this.deps.series.list()) {
        const list = arrivals.get(meta.id);
        // No figure in the window: nothing learned, and an alert raised earlier stays as it is.
        if (!covers(meta) || !list?.length) continue;
        const latest = list.reduce((a, b) => (b.month > a ? b.month : a), list[0]!.month);
        const found = new Map<string, Condition>();
        const missing = missingCondition(latest, list, now, rule, meta.name || meta.id);
        if (missing) found.set(missing.month, missing.condition);
        findings.push({ rule, series: meta.id, months: 'all', found });
      }
    }
    return findings;
  }

  /** Hands the transitions over, stores the states, then takes them as current; the number of transitions. */
  private async commit(steps: readonly { id: string; step: Step }[]): Promise<number> {
    if (steps.length === 0) return 0;
    const transitions = steps.flatMap((s) => s.step.transitions);
    if (transitions.length) {
      await this.deps.notifier.enqueue(
        transitions.map((t) =>
          transitionView(t, this.ackAfter(t.alert.id, t.change === 'fired'), this.deps.silenceOf?.(t.alert) ?? null),
        ),
      );
    }
    for (const { id, step } of steps)
      this.unstored.set(
        id,
        step.state
          ? {
              state: step.state,
              ack: this.ackAfter(
                id,
                step.transitions.some((t) => t.change === 'fired'),
              ),
            }
          : { gone: this.book.get(id)! },
      );
    this.unstoredTransitions.push(...transitions);
    for (const { id, step } of steps) if (step.transitions.some((t) => t.change === 'fired')) this.acks.delete(id);
    this.book.commit(steps);
    this.deps.onChange?.(this.book.list());
    this.storeStates().catch(() => {
      // Logged there; written with the next states or by the sweep.
    });
    return transitions.length;
  }

  /**
   * Writes every state waiting, one write at a time: one asked for while another is under way
   * follows it with all that waits then. Throws the write's failure only when `strict` (an
   * acknowledgement, whose answer says it was stored); the states wait for the next write.
   */
  private async storeStates(strict = false): Promise<void> {
    while (this.writing) await this.writing;
    if (this.unstored.size === 0 && this.unstoredTransitions.length === 0) return;
    const writes = this.unstored;
    const transitions = this.unstoredTransitions;
    this.unstored = new Map();
    this.unstoredTransitions = [];
    const write = this.deps.store.write([...writes.values()], transitions).catch((error: unknown) => {
      // Back in the queue, behind any newer state of the same alert.
      for (const [id, w] of writes) if (!this.unstored.has(id)) this.unstored.set(id, w);
      this.unstoredTransitions.unshift(...transitions);
      this.deps.logger.error({ err: error }, 'alert states not stored; written with the next ones');
      throw error;
    });
    const settled: Promise<void> = write.then(
      () => undefined,
      () => undefined,
    );
    this.writing = settled;
    void settled.then(() => {
      if (this.writing === settled) this.writing = null;
    });
    await (strict ? write : settled);
  }

  /** An acknowledgement holds for the episode it was given in: a new firing clears it. */
  private ackAfter(id: string, fired: boolean): Acknowledgement | null {
    return fired ? null : (this.acks.get(id) ?? null);
  }
}

/** The target alerts of a series: one per year whose probability is known (its December). */
function targetFinding(
  rule: RuleOf<'target'>,
  meta: SeriesMeta,
  years: ReadonlyMap<number, number>,
  found: TargetOdds,
): Finding {
  const known = new Set<string>();
  const conditions = new Map<string, Condition>();
  for (const [year, target] of years) {
    const probability = found.odds.get(year);
    if (probability === null || probability === undefined) continue;
    known.add(targetMonth(year));
    const c = targetCondition({ year, target, probability, run: found.run }, rule, meta.name || meta.id);
    if (c) conditions.set(targetMonth(year), c);
  }
  return { rule, series: meta.id, months: (m) => known.has(m), found: conditions };
}

const STATUS_ORDER: Record<AlertStatus, number> = { firing: 0, pending: 1, resolved: 2 };

function listOrder(a: AlertState, b: AlertState): number {
  if (a.status !== b.status) return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  if (a.status === 'resolved') return (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0);
  if (a.severity !== b.severity) return a.severity === 'critical' ? -1 : 1;
  return a.since - b.since || a.id.localeCompare(b.id);
}

/** Whether `read` holds every month of `asked` (the same list, as the write's end hands over the months its start did). */
function covers(read: readonly string[], asked: readonly string[]): boolean {
  if (read === asked) return true;
  // Most often the same months in the same order, gathered again: compared without a set.
  if (read.length === asked.length && read.every((m, i) => m === asked[i])) return true;
  // A series' months can be a history's hundreds: a set, not a search per month.
  const held = new Set(read);
  return asked.every((m) => held.has(m));
}

/** Takes out of `waiting` the series that `taken` does not hold, with their months as lists. */
function takeOthers(
  waiting: Map<string, Set<string>>,
  taken: ReadonlyMap<string, unknown>,
): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const [id, months] of waiting)
    if (!taken.has(id)) {
      out.set(id, [...months]);
      waiting.delete(id);
    }
  return out;
}

function merge(
  into: Map<string, Set<string>>,
  from: ReadonlyMap<string, readonly string[] | ReadonlySet<string>>,
): void {
  for (const [series, months] of from) {
    const set = into.get(series) ?? new Set<string>();
    for (const m of months) set.add(m);
    into.set(series, set);
  }
}
