/**
 * Wall-clock readings in an IANA time zone, and back. A reading is encoded as the milliseconds of
 * the same calendar reading in UTC ("wall ms"), so calendar arithmetic on it never meets a DST
 * change. Going back from a reading to an instant is where daylight-saving time has to be decided:
 *
 * - a reading that does not exist (the clocks jumped over it) has no instant: null;
 * - a reading that exists twice (the clocks went back over it) is its first occurrence.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall-clock reading of instant `ms` in `timezone`, as wall ms (milliseconds kept). */
export function wallOf(ms: number, timezone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(new Date(ms)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const whole = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
  return whole + (((ms % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at instant `ms`, in ms (east positive). */
export function offsetAt(ms: number, timezone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallOf(whole, timezone) - whole;
}

/**
 * The instant a wall reading stands for: its first occurrence when the clocks went back over it,
 * null when they jumped over it. Assumes at most one offset change within a day of the reading,
 * which holds for every zone's rules since 1970.
 */
export function instantOf(wall: number, timezone: string): number | null {
  let best: number | null = null;
  for (const probe of [wall - DAY_MS, wall, wall + DAY_MS]) {
    const t = wall - offsetAt(probe, timezone);
    if ((best === null || t < best) && wallOf(t, timezone) === wall) best = t;
  }
  return best;
}

/**
 * The readings the clocks jumped over around `wall`, a reading that does not exist: from the first
 * skipped reading to the first one after the jump ([from, to), wall ms).
 */
export function gapAround(wall: number, timezone: string): { from: number; to: number } {
  const before = offsetAt(wall - DAY_MS, timezone);
  const after = offsetAt(wall + DAY_MS, timezone);
  // The jump happened at an instant between the two readings of `wall`; find it to the second.
  let [lo, hi] = [wall - after, wall - before];
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (offsetAt(mid, timezone) === before) lo = mid;
    else hi = mid;
  }
  return { from: hi + before, to: hi + after };
}

/**
 * When the clocks went back and instant `ms` reads a time they showed once already (the second
 * pass over the repeated hour): the instant they went back. Null for every other instant.
 */
export function secondPassStart(ms: number, timezone: string): number | null {
  const whole = Math.floor(ms / 1000) * 1000;
  const offset = offsetAt(whole, timezone);
  // Only an offset that was larger a day ago can have been turned back.
  if (offsetAt(whole - DAY_MS, timezone) <= offset) return null;
  const first = instantOf(wallOf(whole, timezone), timezone);
  if (first === null || first >= whole) return null;
  let [lo, hi] = [first, whole];
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (offsetAt(mid, timezone) === offset) hi = mid;
    else lo = mid;
  }
  return hi;
}
