import { expect } from 'chai';
import { parseSchedule } from '../../../service/jobs/cron-schedule.js';
import { latestSlot, nextSlot } from '../../../service/jobs/slots.js';

describe('service/jobs/slots', () => {
  const cases = [
    {
      cron: '0 30 6 * * *',
      tz: 'Asia/Shanghai',
      now: '2026-11-25T01:00:00Z',
      latest: '2026-11-24T22:30:00.000Z',
      next: '2026-11-25T22:30:00.000Z',
    },
    {
      cron: '0 30 6 * * *',
      tz: 'UTC',
      now: '2026-11-25T06:30:00Z',
      latest: '2026-11-25T06:30:00.000Z',
      next: '2026-11-26T06:30:00.000Z',
    },
    // Monthly on the 1st at 09:00 in Shanghai.
    {
      cron: '0 0 9 1 * *',
      tz: 'Asia/Shanghai',
      now: '2026-11-25T01:00:00Z',
      latest: '2026-11-01T01:00:00.000Z',
      next: '2026-12-01T01:00:00.000Z',
    },
    // Across a daylight-saving change: 02:30 local in New York is 07:30 UTC in winter.
    {
      cron: '0 30 2 * * *',
      tz: 'America/New_York',
      now: '2026-11-02T12:00:00Z',
      latest: '2026-11-02T07:30:00.000Z',
      next: '2026-11-03T07:30:00.000Z',
    },
    // 02:30 does not exist on 8 March 2026 in New York: no slot that day.
    {
      cron: '30 2 * * *',
      tz: 'America/New_York',
      now: '2026-03-08T12:00:00Z',
      latest: '2026-03-07T07:30:00.000Z',
      next: '2026-03-09T06:30:00.000Z',
    },
    // In the second pass over London's repeated hour (01:10 GMT), the 01:30 slot was the first pass's (BST).
    {
      cron: '30 1 * * *',
      tz: 'Europe/London',
      now: '2026-10-25T01:10:00Z',
      latest: '2026-10-25T00:30:00.000Z',
      next: '2026-10-26T01:30:00.000Z',
    },
    // Every 30 minutes through New York's repeated hour: nothing in its second pass.
    {
      cron: '*/30 * * * *',
      tz: 'America/New_York',
      now: '2026-11-01T06:40:00Z',
      latest: '2026-11-01T05:30:00.000Z',
      next: '2026-11-01T07:00:00.000Z',
    },
    // 29 February: the next one is three years away.
    {
      cron: '0 9 29 2 *',
      tz: 'UTC',
      now: '2025-03-01T00:00:00Z',
      latest: '2024-02-29T09:00:00.000Z',
      next: '2028-02-29T09:00:00.000Z',
    },
  ];
  for (const c of cases) {
    it(`"${c.cron}" in ${c.tz} at ${c.now}: latest ${c.latest}, next ${c.next}`, () => {
      const schedule = parseSchedule(c.cron, c.tz);
      const now = Date.parse(c.now);
      expect(new Date(latestSlot(schedule, now)!).toISOString()).to.equal(c.latest);
      expect(new Date(nextSlot(schedule, now)!).toISOString()).to.equal(c.next);
    });
  }

  it('finds no slot due within the look-back', () => {
    const leap = parseSchedule('0 9 29 2 *', 'UTC');
    expect(latestSlot(leap, Date.parse('2026-03-01T00:00:00Z'))).to.equal(null);
    expect(latestSlot(leap, Date.parse('2026-03-01T00:00:00Z'), 3 * 366 * 86_400_000)).to.equal(
      Date.parse('2024-02-29T09:00:00Z'),
    );
  });
});
