/**
 * The one schedule grammar. Every scheduled job (the forecast re-fit, each report, what comes
 * later) is a cron expression of this grammar read in an IANA time zone, and nothing else is
 * accepted anywhere (FORECAST_CRON, report definitions), because three readers see the same text:
 * node-cron fires it, the slot arithmetic (`slots.ts`) numbers its slots, and BullMQ stores it as a
 * job scheduler's pattern. They agree only on what they all read the same way:
 *
 * - 5 fields (minute hour day-of-month month day-of-week) or 6 (second first); a 5-field
 *   expression fires at second 0;
 * - each field a list (`,`) of `*`, `*` + step (`* /15` without the space), a number, a range
 *   (`1-5`, never backwards) or a range with a step (`1-31/2`); numbers only, day-of-week 0-7 with
 *   0 and 7 for Sunday;
 * - no value twice in one field (`1,1-5`), which BullMQ refuses;
 * - day-of-month or day-of-week restricted, not both (node-cron needs both to match, other cron
 *   readers either one);
 * - no names (JAN, MON), no `L`, `W`, `#`, `?`, no `@daily` nicknames, no `5/15` (a step needs
 *   `*` or a range before it).
 */

/** A schedule as configured: an expression of the grammar and the time zone it is read in. */
export interface Schedule {
  /** 5 or 6 fields, single spaces. */
  readonly cron: string;
  /** IANA time zone, e.g. `Asia/Shanghai`. */
  readonly timezone: string;
}

/** The values each field allows, ascending; `null` for an unrestricted day field (`*`). */
export interface CronFields {
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[] | null;
  readonly months: readonly number[];
  /** 0 is Sunday (a 7 in the expression is read as 0, and listing both is listing Sunday twice). */
  readonly daysOfWeek: readonly number[] | null;
}

/** A schedule that passed {@link parseSchedule}: its fields are what the slot arithmetic reads. */
export interface ParsedSchedule extends Schedule {
  readonly fields: CronFields;
}

/**
 * Why a schedule was refused; `field` says whether the expression or the time zone is wrong, and
 * the message, which names the cron field at fault, reads after the name of what was refused
 * (`FORECAST_CRON has 24 in its hour field, out of range 0-23`).
 */
export class ScheduleError extends Error {
  readonly code = 'SCHEDULE_INVALID';
  constructor(
    readonly field: 'cron' | 'timezone',
    message: string,
  ) {
    super(message);
  }
}

const FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 7 },
] as const;

type FieldSpec = (typeof FIELDS)[number];

const ITEM = /^(?:(\*)|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/;
/** Longest day of each month (February in a leap year). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MAX_LENGTH = 256;

/**
 * Validates a schedule and returns it with its expression in canonical spacing and its fields
 * read. Throws a {@link ScheduleError} whose message names the cron field at fault.
 */
export function parseSchedule(cron: unknown, timezone: unknown): ParsedSchedule {
  if (typeof timezone !== 'string' || !isTimeZone(timezone))
    throw new ScheduleError('timezone', 'must be an IANA time zone such as Asia/Shanghai or Europe/London');
  if (typeof cron !== 'string') throw new ScheduleError('cron', 'must be a cron expression (a string)');
  const text = cron.trim();
  const parts = text.split(/\s+/);
  const count = text === '' ? 0 : parts.length;
  if (text.length > MAX_LENGTH || (count !== 5 && count !== 6))
    throw new ScheduleError(
      'cron',
      `must have 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), not ${count || 'none'}`,
    );
  const specs = parts.length === 6 ? FIELDS : FIELDS.slice(1);
  const values = parts.map((part, i) => readField(part, specs[i]!));
  const [seconds, minutes, hours, dom, months, dow] = parts.length === 6 ? values : [[0], ...values];
  const domAll = parts[parts.length - 3] === '*';
  const dowAll = parts[parts.length - 1] === '*';
  if (!domAll && !dowAll)
    throw new ScheduleError(
      'cron',
      'restricts both its day-of-month and its day-of-week field: node-cron needs both to match where other cron readers need either, so one of them must be *',
    );
  const daysOfMonth = domAll ? null : dom!;
  if (daysOfMonth && !months!.some((m) => daysOfMonth[0]! <= MONTH_DAYS[m - 1]!))
    throw new ScheduleError(
      'cron',
      `has day ${daysOfMonth[0]} in its day-of-month field, which never falls in month ${months!.join(',')}`,
    );
  return Object.freeze({
    cron: parts.join(' '),
    timezone,
    fields: Object.freeze({
      seconds: seconds!,
      minutes: minutes!,
      hours: hours!,
      daysOfMonth,
      months: months!,
      daysOfWeek: dowAll ? null : dow!,
    }),
  });
}

/** Whether the runtime knows `timezone` as an IANA zone. */
function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return timezone.trim() !== '';
  } catch {
    return false;
  }
}

function readField(part: string, spec: FieldSpec): number[] {
  const refuse = (what: string) => new ScheduleError('cron', what);
  const field = `its ${spec.name} field`;
  const out = new Set<number>();
  for (const item of part.split(',')) {
    const m = ITEM.exec(item);
    if (!m) throw refuse(unsupported(item, field));
    const [, star, from, to, stepText] = m;
    if (!star && to === undefined && stepText !== undefined)
      throw refuse(
        `has "${item}" in ${field}: a step needs * or a range before it (cron readers disagree on "${item}"; write ${from}-${spec.max}/${stepText})`,
      );
    const lo = star ? spec.min : Number(from);
    const hi = star ? (spec.name === 'day-of-week' ? 6 : spec.max) : to === undefined ? lo : Number(to);
    for (const v of [lo, hi])
      if (v < spec.min || v > spec.max) throw refuse(`has ${v} in ${field}, out of range ${spec.min}-${spec.max}`);
    if (lo > hi)
      throw refuse(
        `has the range ${lo}-${hi} in ${field}, which runs backwards; write it as two ranges (${lo}-${spec.max},${spec.min}-${hi})`,
      );
    const step = stepText === undefined ? 1 : Number(stepText);
    const span = spec.max - spec.min + 1;
    if (step < 1 || step > span) throw refuse(`has the step ${step} in ${field}; a step is from 1 to ${span}`);
    for (let v = lo; v <= hi; v += step) {
      const value = spec.name === 'day-of-week' ? v % 7 : v;
      // cron-parser (BullMQ) refuses a value listed twice; node-cron takes it once.
      if (out.has(value)) throw refuse(`lists ${v} twice in ${field} ("${part}")`);
      out.add(value);
    }
  }
  return [...out].sort((a, b) => a - b);
}

function unsupported(item: string, field: string): string {
  if (item === '') return `has an empty list item in ${field} (two commas, or a comma at an end)`;
  if (/[a-z]/i.test(item) || /[#?]/.test(item))
    return `has "${item}" in ${field}, which the schedule grammar does not take: numbers, ranges (1-5), steps (*/15, 1-31/2) and lists (1,15) only; no names (JAN, MON), L, W, # or ?`;
  return `has "${item}" in ${field}, which is not a number, a range (1-5), a step (*/15, 1-31/2) or a list of them`;
}
