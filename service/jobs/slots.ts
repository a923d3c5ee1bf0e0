/**
 * The slot arithmetic: which instants a schedule's slots fall on. A slot is a wall-clock reading
 * in the schedule's zone that matches every field, at the instant that reading stands for
 * (`zoned-time.ts`): a reading the clocks jump over (spring forward) has no slot, and a reading
 * the clocks pass twice (fall back) has one, at its first occurrence. Slots are whole seconds and
 * strictly increase with their readings, so "the next slot" and "the slot last due" are both
 * walks over calendar days in wall time. No slot falls in the second pass over a repeated hour
 * (its readings' slots are in the first), so an instant there is treated as the instant before
 * the clocks went back.
 *
 * This is the one definition of a schedule's slots: node-cron's firings are mapped onto it
 * (`node-cron-scheduler.ts`) and BullMQ computes each next slot with it (`scale/bullmq-scheduler.ts`).
 */
import type { CronFields, ParsedSchedule } from './cron-schedule.js';
import { gapAround, instantOf, secondPassStart, wallOf } from './zoned-time.js';

const DAY_MS = 86_400_000;
/** How far ahead a slot is looked for: a 29 February schedule may wait eight years (2096 to 2104). */
const MAX_DAYS_AHEAD = 366 * 9;
/** By default "last due" looks back one year (a longer gap is not worth catching up). */
const DEFAULT_LOOKBACK_MS = 366 * DAY_MS;

/** The first slot strictly after `after` (ms), or null when none falls within nine years. */
export function nextSlot(schedule: ParsedSchedule, after: number): number | null {
  const { fields, timezone } = schedule;
  const since = beforeSecondPass(after, timezone);
  const from = wallOf(Math.floor(since / 1000) * 1000, timezone);
  const first = dayOf(from);
  for (let day = 0, date = first; day < MAX_DAYS_AHEAD; day++, date += DAY_MS) {
    if (!dayMatches(fields, date)) continue;
    // On the first day, readings before `after`'s own stand for earlier instants.
    for (const t of slotsOfDay(fields, timezone, date, date === first ? from : null, false)) if (t > since) return t;
  }
  return null;
}

/**
 * The newest slot at or before `at` (ms): the slot "last due" at that instant. Null when none falls
 * within `lookbackMs` before it (default one year).
 */
export function latestSlot(schedule: ParsedSchedule, at: number, lookbackMs = DEFAULT_LOOKBACK_MS): number | null {
  const { fields, timezone } = schedule;
  const upTo = beforeSecondPass(at, timezone);
  const from = wallOf(Math.floor(upTo / 1000) * 1000, timezone);
  const first = dayOf(from);
  const days = Math.ceil(lookbackMs / DAY_MS) + 2;
  for (let day = 0, date = first; day < days; day++, date -= DAY_MS) {
    if (!dayMatches(fields, date)) continue;
    for (const t of slotsOfDay(fields, timezone, date, date === first ? from : null, true))
      if (t <= upTo) return at - t <= lookbackMs ? t : null;
  }
  return null;
}

/**
 * The slots of one matching day in reading order (or reversed), from the reading `bound` on when
 * given. Readings the clocks jump over are passed over a whole jump at a time.
 */
function* slotsOfDay(
  fields: CronFields,
  timezone: string,
  date: number,
  bound: number | null,
  reversed: boolean,
): Generator<number> {
  const order = (values: readonly number[]) => (reversed ? [...values].reverse() : values);
  // Whether a span of readings lies wholly before the bound in the walking direction.
  const passed = (from: number, to: number) =>
    bound !== null && (reversed ? from > bound : to < Math.floor(bound / 1000) * 1000);
  let gap: { from: number; to: number } | null = null;
  for (const h of order(fields.hours)) {
    const hour = date + h * 3_600_000;
    if (passed(hour, hour + 3_599_000)) continue;
    for (const m of order(fields.minutes)) {
      const minute = hour + m * 60_000;
      if (passed(minute, minute + 59_000)) continue;
      for (const s of order(fields.seconds)) {
        const wall = minute + s * 1000;
        if (passed(wall, wall) || (gap && wall >= gap.from && wall < gap.to)) continue;
        const t = instantOf(wall, timezone);
        if (t === null) gap = gapAround(wall, timezone);
        else yield t;
      }
    }
  }
}

/** `ms`, or the last instant before the clocks went back when `ms` is in the second pass. */
function beforeSecondPass(ms: number, timezone: string): number {
  const start = secondPassStart(ms, timezone);
  return start === null ? ms : start - 1;
}

/** Midnight of a reading's calendar day, as wall ms. */
function dayOf(wall: number): number {
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

function dayMatches(fields: CronFields, date: number): boolean {
  const d = new Date(date);
  return (
    fields.months.includes(d.getUTCMonth() + 1) &&
    (fields.daysOfMonth === null || fields.daysOfMonth.includes(d.getUTCDate())) &&
    (fields.daysOfWeek === null || fields.daysOfWeek.includes(d.getUTCDay()))
  );
}
