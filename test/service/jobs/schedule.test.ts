import { expect } from 'chai';
import { DEFAULTS, loadConfig } from '../../../service/config.js';
import { latestSlot, nextSlot } from '../../../service/jobs/schedule.js';

describe('service/jobs/schedule', () => {
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
  ];
  for (const c of cases) {
    it(`"${c.cron}" in ${c.tz} at ${c.now}: latest ${c.latest}, next ${c.next}`, () => {
      const now = Date.parse(c.now);
      expect(new Date(latestSlot(c.cron, c.tz, now)!).toISOString()).to.equal(c.latest);
      expect(new Date(nextSlot(c.cron, c.tz, now)!).toISOString()).to.equal(c.next);
    });
  }
});

describe('the forecast schedule in the configuration', () => {
  it('defaults to 06:30 daily in Asia/Shanghai with a 2 s re-fit debounce', () => {
    expect(DEFAULTS).to.include({
      forecastCron: '0 30 6 * * *',
      forecastTimezone: 'Asia/Shanghai',
      refitDebounceMs: 2000,
    });
  });

  const bad: [string, string][] = [
    ['FORECAST_CRON', 'nonsense'],
    ['FORECAST_CRON', '61 * * * *'],
    ['FORECAST_TZ', 'Mars/Base'],
    ['FORECAST_DEBOUNCE_MS', '-1'],
  ];
  for (const [name, value] of bad) {
    it(`refuses ${name}="${value}" and names the variable`, () => {
      expect(() => loadConfig({ [name]: value }, '/tmp')).to.throw(name);
    });
  }

  it('takes a valid schedule from the environment', () => {
    const config = loadConfig(
      { FORECAST_CRON: '0 0 9 1 * *', FORECAST_TZ: 'Europe/Berlin', FORECAST_DEBOUNCE_MS: '0' },
      '/tmp',
    );
    expect(config).to.include({ forecastCron: '0 0 9 1 * *', forecastTimezone: 'Europe/Berlin', refitDebounceMs: 0 });
  });
});
