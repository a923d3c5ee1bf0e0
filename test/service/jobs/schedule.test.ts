import { expect } from 'chai';
import { latestSlot, nextSlot } from '../../../service/jobs/schedule.js';

describe('service/jobs/schedule', () => {
  const cases = [
    { cron: '0 30 6 * * *', tz: 'Asia/Shanghai', now: '2026-11-25T01:00:00Z', latest: '2026-11-24T22:30:00.000Z', next: '2026-11-25T22:30:00.000Z' },
    { cron: '0 30 6 * * *', tz: 'UTC', now: '2026-11-25T06:30:00Z', latest: '2026-11-25T06:30:00.000Z', next: '2026-11-26T06:30:00.000Z' },
    // Monthly on the 1st at 09:00 in Shanghai.
    { cron: '0 0 9 1 * *', tz: 'Asia/Shanghai', now: '2026-11-25T01:00:00Z', latest: '2026-11-01T01:00:00.000Z', next: '2026-12-01T01:00:00.000Z' },
    // Across a daylight-saving change: 02:30 local in New York is 07:30 UTC in winter.
    { cron: '0 30 2 * * *', tz: 'America/New_York', now: '2026-11-02T12:00:00Z', latest: '2026-11-02T07:30:00.000Z', next: '2026-11-03T07:30:00.000Z' },
  ];
  for (const c of cases) {
    it(`"${c.cron}" in ${c.tz} at ${c.now}: latest ${c.latest}, next ${c.next}`, () => {
      const now = Date.parse(c.now);
      expect(new Date(latestSlot(c.cron, c.tz, now)!).toISOString()).to.equal(c.latest);
      expect(new Date(nextSlot(c.cron, c.tz, now)!).toISOString()).to.equal(c.next);
    });
  }
});
