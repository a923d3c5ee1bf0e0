/**
 * `missing`: the month after a series' latest figure has not arrived by its expected day.
 *
 * The expected day is learned per series from when its figures first arrived: the latest arrival
 * day of the last `window` live arrivals plus `graceDays`, counted in days from the first of the
 * month after the figure's month (a figure for March that arrived on 8 April arrived on day 8).
 * Only live arrivals teach it (bulk loads and fixtures do not), only those within two months of
 * their month (a backfill of old months says nothing about publishing), and only once there are
 * `minArrivals` of them, unless the rule sets `expectedByDay`. Only the next month is ever
 * missing: a series that stopped reporting raises one alert, not one a month.
 */
import { addMonths, monthToDate } from '../common/month.js';
import type { MissingDetails } from './details.js';
import type { RuleOf } from './rules.js';
import type { Condition } from './state-machine.js';
import { num } from './wording.js';

const DAY_MS = 24 * 60 * 60_000;
/** Arrivals later than this many days after their month ended are backfills, not publications. */
const PUBLICATION_DAYS = 62;

/** A month of a series and when its first figure arrived. */
export interface Arrival {
  readonly month: string;
  /** ms since the epoch: the earliest first arrival among the month's figures. */
  readonly firstIngestedAt: number;
  /** Whether that first arrival was live. */
  readonly live: boolean;
}

export interface ExpectedDay {
  /** Day of the month after the missing month (may pass its end) by the end of which the month is due. */
  readonly day: number;
  readonly basis: 'learned' | 'configured';
  readonly arrivals: number;
}

/** The day a series' next month is due, or null while too few live arrivals are known. */
export function expectedDay(arrivals: readonly Arrival[], settings: RuleOf<'missing'>['settings']): ExpectedDay | null {
  if (settings.expectedByDay !== undefined) return { day: settings.expectedByDay, basis: 'configured', arrivals: 0 };
  const days = arrivals
    .filter((a) => a.live)
    .map((a) => ({ month: a.month, day: arrivalDay(a) }))
    .filter((a) => a.day <= PUBLICATION_DAYS)
    .sort((a, b) => a.month.localeCompare(b.month))
    .slice(-settings.window);
  if (days.length < settings.minArrivals) return null;
  return { day: Math.max(...days.map((a) => a.day)) + settings.graceDays, basis: 'learned', arrivals: days.length };
}

/** Days from the first of the month after `month` to the arrival, the first being day 1 (earlier counts as 1). */
export function arrivalDay(a: Arrival): number {
  const start = monthToDate(addMonths(a.month, 1)).getTime();
  return Math.max(1, Math.floor((a.firstIngestedAt - start) / DAY_MS) + 1);
}

/** The missing month and its condition, or null when nothing is overdue. */
export function missingCondition(
  latest: string | null,
  arrivals: readonly Arrival[],
  now: number,
  rule: RuleOf<'missing'>,
  label: string,
): { month: string; condition: Condition } | null {
  if (latest === null) return null;
  const expected = expectedDay(arrivals, rule.settings);
  if (expected === null) return null;
  const month = addMonths(latest, 1);
  const dueAt = monthToDate(addMonths(latest, 2)).getTime() + expected.day * DAY_MS;
  if (now < dueAt) return null;
  const details: MissingDetails = {
    kind: 'missing',
    lastMonth: latest,
    expectedBy: new Date(dueAt).toISOString(),
    basis: expected.basis,
    arrivals: expected.arrivals,
  };
  const how =
    expected.basis === 'learned'
      ? `its last ${num(expected.arrivals)} figures arrived by day ${expected.day - rule.settings.graceDays}`
      : `due by day ${expected.day}`;
  return {
    month,
    condition: {
      severity: rule.severity,
      summary: `${label} ${month} has not arrived (${how} of the month after)`,
      details,
    },
  };
}
