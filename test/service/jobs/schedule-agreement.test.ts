/**
 * The three readers of a schedule agree: node-cron's firing instants, the slot arithmetic, and
 * BullMQ's own parser (cron-parser through `defaultRepeatStrategy`, which is how a job scheduler
 * computes its next time from `pattern` and `tz`), over generated expressions of the grammar and
 * time zones with daylight-saving changes, from instants near those changes.
 *
 * node-cron's firing instants come without waiting: its Runner arms a timer for
 * `timeMatcher.getNextMatch(now)` and, after each firing at a slot, for `getNextMatch(slot)`, which
 * is exactly what the public `task.getNextRuns(n)` lists from the current time; the test sets that
 * time with node's mock timers. One test below drives the real Runner the same way.
 *
 * Where a daylight-saving change makes them differ, the slot arithmetic decides: the properties
 * say how far the others may stray there, and that away from the changes all three are equal.
 */
import { mock } from 'node:test';
import { expect } from 'chai';
import fc from 'fast-check';
import { defaultRepeatStrategy } from 'bullmq';
import cron from 'node-cron';
import { parseSchedule, type ParsedSchedule } from '../../../service/jobs/cron-schedule.js';
import { slotOfFiring } from '../../../service/jobs/node-cron-scheduler.js';
import { latestSlot, nextSlot } from '../../../service/jobs/slots.js';
import { offsetAt, wallOf } from '../../../service/jobs/zoned-time.js';

const ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Shanghai',
  'America/Santiago',
  'Pacific/Chatham',
  'UTC',
] as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The instants (ms) at which each zone's offset changes in 2025-2031, found by bisection. Cases start
 * near the changes of 2025-2027, and their slots run on for months after: `calm` must know the later
 * changes too (a slot in April 2028 is not calm in Lord Howe).
 */
function transitions(zone: string): number[] {
  const out: number[] = [];
  for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2032, 0, 1); t += 6 * HOUR) {
    if (offsetAt(t, zone) === offsetAt(t + 6 * HOUR, zone)) continue;
    let [lo, hi] = [t, t + 6 * HOUR];
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (offsetAt(mid, zone) === offsetAt(lo, zone)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}
const CHANGES = new Map(ZONES.map((z) => [z, transitions(z)]));
/** The changes cases start near. */
const STARTS = new Map(ZONES.map((z) => [z, CHANGES.get(z)!.filter((c) => c < Date.UTC(2028, 0, 1))]));

/** No offset change within a day either side of [from, to]. */
function calm(zone: string, from: number, to: number): boolean {
  return CHANGES.get(zone as (typeof ZONES)[number])!.every((c) => c < from - DAY || c > to + DAY);
}

/** node-cron's firing instants after `from`, as its Runner computes them. */
function nodeCronFirings(expression: string, zone: string, from: number, count: number): number[] {
  const task = cron.createTask(expression, () => {}, { timezone: zone });
  mock.timers.enable({ apis: ['Date'], now: from });
  try {
    return task.getNextRuns(count).map((d) => d.getTime());
  } finally {
    mock.timers.reset();
    void task.destroy();
  }
}

/** What a BullMQ job scheduler would compute as each next time with its default strategy. */
function bullmqNext(expression: string, zone: string, after: number): number {
  const next = defaultRepeatStrategy(after, { pattern: expression, tz: zone });
  if (typeof next !== 'number') throw new Error(`BullMQ computed no next time for "${expression}" in ${zone}`);
  return next;
}

/** `count` successive times of one reader, as ISO strings; a reader that fails says so. */
function successive(next: (after: number) => number | null, from: string, count: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); out.length < count;) {
    try {
      const n = next(t);
      if (n === null) return [...out, 'none'];
      out.push(new Date((t = n)).toISOString());
    } catch {
      return [...out, 'fails'];
    }
  }
  return out;
}

function slotsFrom(schedule: ParsedSchedule, from: number): number[] {
  const slots: number[] = [];
  for (let t = from; slots.length < 12 && (slots.length < 3 || t <= from + 2 * DAY);) {
    const next = nextSlot(schedule, t);
    if (next === null) break;
    slots.push((t = next));
  }
  return slots;
}

// Expressions of the grammar. Small hours are likelier, so that slots fall in the hours that change.
const item = (min: number, max: number) =>
  fc.oneof(
    fc.constant('*'),
    fc.integer({ min: 1, max: max - min + 1 }).map((k) => `*/${k}`),
    fc.integer({ min, max }).map(String),
    fc
      .tuple(fc.integer({ min, max }), fc.integer({ min, max }), fc.option(fc.integer({ min: 1, max: max - min + 1 })))
      .map(([a, b, k]) => `${Math.min(a, b)}-${Math.max(a, b)}${k === null ? '' : `/${k}`}`),
  );
const field = (min: number, max: number) =>
  fc
    .array(item(min, max), { minLength: 1, maxLength: 3 })
    .map((items) => (items.includes('*') ? '*' : items.join(',')));
const hours = fc.oneof(field(0, 23), field(0, 3), fc.constantFrom('0', '1', '2', '1-2', '*/2'));
const expression = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), field(0, 59)),
    fc.oneof(fc.constantFrom('0', '30', '*/15', '*/20'), field(0, 59)),
    hours,
    fc.oneof({ weight: 3, arbitrary: fc.constant('*') }, field(1, 31)),
    fc.oneof({ weight: 3, arbitrary: fc.constant('*') }, field(1, 12)),
    field(0, 7),
  )
  .map(([seconds, s, m, h, dom, mon, dow]) =>
    [...(seconds ? [s] : []), m, h, dom, mon, dom === '*' ? dow : '*'].join(' '),
  )
  .filter((e) => {
    try {
      parseSchedule(e, 'UTC');
      return true;
    } catch {
      return false;
    }
  });
const zone = fc.constantFrom(...ZONES);
/** A start near one of the zone's changes (or anywhere in the years, for zones without them). */
const start = (z: string) =>
  fc
    .oneof(fc.integer({ min: -3 * 3600, max: 3 * 3600 }), fc.integer({ min: -3 * 86_400, max: 86_400 }))
    .chain((offsetSeconds) =>
      fc
        .integer({ min: 0, max: Math.max(0, STARTS.get(z as (typeof ZONES)[number])!.length - 1) })
        .map((i) => (STARTS.get(z as (typeof ZONES)[number])![i] ?? Date.UTC(2026, 2, 29)) + offsetSeconds * 1000),
    );
const cases = zone.chain((z) => fc.record({ zone: fc.constant(z), expression, from: start(z) }));

describe('schedules: node-cron, the slot arithmetic and BullMQ agree', function () {
  this.timeout(120_000);

  it('every expression of the grammar is valid for node-cron and BullMQ, and its slots read as it says', () => {
    fc.assert(
      fc.property(cases, ({ zone: z, expression: e, from }) => {
        const schedule = parseSchedule(e, z);
        expect(cron.validate(e), e).to.equal(true);
        // BullMQ's parser reads it (in UTC: near some changes it fails, see below).
        bullmqNext(e, 'UTC', from);
        const slots = slotsFrom(schedule, from);
        const { fields } = schedule;
        let previous = from;
        for (const s of slots) {
          expect(s > previous && s % 1000 === 0, `slots of "${e}" increase in whole seconds`).to.equal(true);
          const reading = new Date(wallOf(s, z));
          expect(fields.seconds).to.include(reading.getUTCSeconds());
          expect(fields.minutes).to.include(reading.getUTCMinutes());
          expect(fields.hours).to.include(reading.getUTCHours());
          expect(fields.months).to.include(reading.getUTCMonth() + 1);
          if (fields.daysOfMonth) expect(fields.daysOfMonth).to.include(reading.getUTCDate());
          if (fields.daysOfWeek) expect(fields.daysOfWeek).to.include(reading.getUTCDay());
          // "Last due" at a slot is that slot, and just before it the one before.
          expect(latestSlot(schedule, s)).to.equal(s);
          if (previous !== from) expect(latestSlot(schedule, s - 1)).to.equal(previous);
          previous = s;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('node-cron fires at every slot away from daylight-saving changes, and near them each firing runs the newest slot due, at most the change late', () => {
    let nearChanges = 0;
    fc.assert(
      fc.property(cases, ({ zone: z, expression: e, from }) => {
        const schedule = parseSchedule(e, z);
        const slots = slotsFrom(schedule, from);
        if (slots.length === 0) return;
        const firings = nodeCronFirings(e, z, from, slots.length + 3);
        const last = firings[firings.length - 1]!;
        let delivered: number | null = latestSlot(schedule, from);
        const ran: number[] = [];
        for (const f of firings) {
          const slot = slotOfFiring(schedule, f, delivered);
          const due = latestSlot(schedule, f);
          // A firing never comes before a slot, nor more than an hour (the largest change) after it.
          expect(due, `"${e}" in ${z}: firing ${new Date(f).toISOString()} has a slot due`).to.not.equal(null);
          expect(f - due!).to.be.within(0, HOUR);
          if (calm(z, f, f)) expect(f, `"${e}" in ${z}: a calm firing is a slot`).to.equal(due);
          else nearChanges++;
          if (slot !== null) ran.push((delivered = slot));
        }
        for (const s of slots.filter((x) => x <= last - HOUR)) {
          // Every slot runs, except one passed over in a repeated hour for a newer one.
          const runs = ran.includes(s);
          if (calm(z, s, s)) expect(runs, `"${e}" in ${z}: calm slot ${new Date(s).toISOString()} runs`).to.equal(true);
          if (!runs) {
            const by = ran.find((r) => r > s)!;
            expect(by - s, `"${e}" in ${z}: slot ${new Date(s).toISOString()} superseded`).to.be.below(HOUR);
          }
        }
      }),
      { numRuns: 200 },
    );
    // The generated starts do put firings near the changes.
    expect(nearChanges).to.be.above(200);
  });

  it("BullMQ's parser computes the same next slot wherever no daylight-saving change is near", () => {
    let compared = 0;
    fc.assert(
      fc.property(cases, ({ zone: z, expression: e, from }) => {
        const schedule = parseSchedule(e, z);
        const slots = slotsFrom(schedule, from);
        slots.forEach((s, i) => {
          const next = slots[i + 1];
          if (next === undefined || !calm(z, s, next)) return;
          compared++;
          expect(bullmqNext(e, z, s), `"${e}" in ${z} after ${new Date(s).toISOString()}`).to.equal(next);
        });
      }),
      { numRuns: 200 },
    );
    expect(compared).to.be.above(300);
  });

  describe('where a daylight-saving change makes them differ, the slot arithmetic decides', () => {
    const rows: {
      name: string;
      cron: string;
      zone: string;
      from: string;
      slots: string[];
      nodeCron: string[];
      bullmq: string[];
    }[] = [
      {
        name: 'New York, spring: 02:30 does not exist on 8 March; no slot, node-cron skips it, BullMQ fires at 03:30',
        cron: '0 30 2 * * *',
        zone: 'America/New_York',
        from: '2026-03-07T12:00:00Z',
        slots: ['2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z'],
        nodeCron: ['2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z'],
        bullmq: ['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z'],
      },
      {
        name: 'London, autumn: 01:30 happens twice; the slot is the first (BST), node-cron fires at the second (GMT) and runs it then',
        cron: '0 30 1 * * *',
        zone: 'Europe/London',
        from: '2026-10-24T12:00:00Z',
        slots: ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
        nodeCron: ['2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z'],
        bullmq: ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
      },
      {
        name: 'New York, autumn: the repeated hour has its slots once, BullMQ fires them twice',
        cron: '0 */30 * * * *',
        zone: 'America/New_York',
        from: '2026-11-01T04:40:00Z',
        slots: ['2026-11-01T05:00:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-01T07:00:00.000Z'],
        nodeCron: ['2026-11-01T05:00:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-01T07:00:00.000Z'],
        bullmq: ['2026-11-01T05:00:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-01T06:00:00.000Z'],
      },
      {
        name: "Lord Howe, autumn (a half-hour change): BullMQ's parser computes no time after 00:00, which would end the schedule",
        cron: '0 0 */2 * * *',
        zone: 'Australia/Lord_Howe',
        from: '2026-04-04T12:00:00Z',
        slots: ['2026-04-04T13:00:00.000Z', '2026-04-04T15:30:00.000Z', '2026-04-04T17:30:00.000Z'],
        nodeCron: ['2026-04-04T13:00:00.000Z', '2026-04-04T15:30:00.000Z', '2026-04-04T17:30:00.000Z'],
        bullmq: ['2026-04-04T13:00:00.000Z', 'fails'],
      },
    ];
    for (const r of rows) {
      it(r.name, () => {
        const schedule = parseSchedule(r.cron, r.zone);
        expect(successive((t) => nextSlot(schedule, t), r.from, r.slots.length)).to.deep.equal(r.slots);
        expect(
          nodeCronFirings(r.cron, r.zone, Date.parse(r.from), r.nodeCron.length).map((t) => new Date(t).toISOString()),
        ).to.deep.equal(r.nodeCron);
        expect(successive((t) => bullmqNext(r.cron, r.zone, t), r.from, r.bullmq.length)).to.deep.equal(r.bullmq);
        // Each node-cron firing runs the slot due at it: every slot once.
        let delivered: number | null = null;
        const ran = r.nodeCron.flatMap((f) => {
          const slot = slotOfFiring(schedule, Date.parse(f), delivered);
          return slot === null ? [] : [new Date((delivered = slot)).toISOString()];
        });
        expect(ran).to.deep.equal(r.slots);
      });
    }
  });

  it("node-cron's Runner, driven by mock timers across London's autumn change, fires what getNextRuns lists", async () => {
    const from = Date.parse('2026-10-24T23:00:00Z');
    const listed = nodeCronFirings('0 */30 * * * *', 'Europe/London', from, 6);
    const fired: number[] = [];
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: from });
    const task = cron.createTask('0 */30 * * * *', (ctx) => void fired.push(ctx.date.getTime()), {
      timezone: 'Europe/London',
    });
    try {
      void task.start();
      // Whole seconds: node-cron's slots are whole seconds and a tick ends at its timer's second.
      for (let s = 0; fired.length < listed.length && s < 5 * 3600; s++) {
        mock.timers.tick(1000);
        for (let i = 0; i < 5; i++) await Promise.resolve();
      }
    } finally {
      void task.destroy();
      mock.timers.reset();
    }
    expect(fired).to.deep.equal(listed);
    // The slot arithmetic's slots there: 01:00 and 01:30 of the first (BST) pass, then 02:00 GMT.
    const schedule = parseSchedule('0 */30 * * * *', 'Europe/London');
    expect(
      slotsFrom(schedule, from)
        .slice(0, 4)
        .map((t) => new Date(t).toISOString()),
    ).to.deep.equal([
      '2026-10-24T23:30:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
    expect(listed.slice(0, 4).map((t) => new Date(t).toISOString())).to.deep.equal([
      '2026-10-24T23:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });
});
