import { expect } from 'chai';
import { DEFAULTS, loadConfig } from '../../../service/config.js';
import { parseSchedule, ScheduleError, type CronFields } from '../../../service/jobs/cron-schedule.js';

describe('service/jobs/cron-schedule', () => {
  const accepted: [string, Partial<CronFields>][] = [
    ['0 30 6 * * *', { seconds: [0], minutes: [30], hours: [6], daysOfMonth: null, daysOfWeek: null }],
    ['30 6 * * *', { seconds: [0], minutes: [30], hours: [6] }],
    [
      '*/20 9-17/4 * 1,7 1-5',
      { minutes: [0, 20, 40], hours: [9, 13, 17], months: [1, 7], daysOfWeek: [1, 2, 3, 4, 5] },
    ],
    ['0 0 * * 7', { daysOfWeek: [0] }],
    ['0 0 * * 5-7', { daysOfWeek: [0, 5, 6] }],
    ['  0   0  1,15  *  * ', { daysOfMonth: [1, 15] }],
    ['0 0 29 2 *', { daysOfMonth: [29], months: [2] }],
  ];
  for (const [cron, fields] of accepted) {
    it(`reads "${cron}"`, () => {
      const schedule = parseSchedule(cron, 'Europe/London');
      expect(schedule.fields).to.deep.include(fields);
      expect(schedule.cron).to.equal(cron.trim().split(/\s+/).join(' '));
    });
  }

  const refused: [string, string, RegExp][] = [
    ['every day', 'cron', /has 2 fields/],
    ['* * * * * * *', 'cron', /has 7 fields/],
    ['', 'cron', /has no fields/],
    ['@daily', 'cron', /has 1 field;/],
    ['0 24 * * *', 'cron', /field "hour": 24 is out of range 0-23/],
    ['61 * * * *', 'cron', /field "minute": 61 is out of range 0-59/],
    ['0 0 L * *', 'cron', /field "day-of-month": "L" is not part of the grammar/],
    ['0 0 15W * *', 'cron', /field "day-of-month": "15W" is not part of the grammar/],
    ['0 0 * * 5#3', 'cron', /field "day-of-week": "5#3" is not part of the grammar/],
    ['0 0 ? * 1', 'cron', /field "day-of-month": "\?" is not part of the grammar/],
    ['0 0 * JAN *', 'cron', /field "month": "JAN" is not part of the grammar/],
    ['0 0 * * MON', 'cron', /field "day-of-week": "MON" is not part of the grammar/],
    ['5/15 * * * *', 'cron', /field "minute": "5\/15": a step needs \* or a range/],
    ['0 22-2 * * *', 'cron', /field "hour": the range 22-2 runs backwards/],
    ['0 */0 * * *', 'cron', /field "hour": the step 0 must be from 1 to 24/],
    ['0 0 1,1-5 * *', 'cron', /field "day-of-month": 1 is listed twice/],
    ['0 0 * * 0,7', 'cron', /field "day-of-week": 7 is listed twice/],
    ['0 0 1 * 1', 'cron', /field "day-of-week": restricts the day twice/],
    ['0 0 30 2 *', 'cron', /field "day-of-month": day 30 never falls in month 2/],
    ['0 0 1,,2 * *', 'cron', /field "day-of-month": an empty list item/],
  ];
  for (const [cron, field, message] of refused) {
    it(`refuses "${cron}" and says why`, () => {
      try {
        parseSchedule(cron, 'UTC');
        expect.fail('accepted');
      } catch (error) {
        expect(error).to.be.instanceOf(ScheduleError);
        expect((error as ScheduleError).field).to.equal(field);
        expect((error as Error).message).to.match(message);
      }
    });
  }

  it('refuses a time zone the runtime does not know', () => {
    expect(() => parseSchedule('0 0 * * *', 'Mars/Base')).to.throw(
      ScheduleError,
      /"Mars\/Base" is not an IANA time zone/,
    );
  });
});

describe('the forecast schedule in the configuration', () => {
  it('defaults to 06:30 daily in Asia/Shanghai with a 2 s re-fit debounce', () => {
    expect(DEFAULTS).to.include({
      forecastCron: '0 30 6 * * *',
      forecastTimezone: 'Asia/Shanghai',
      refitDebounceMs: 2000,
    });
  });

  const bad: [string, string, RegExp][] = [
    ['FORECAST_CRON', 'nonsense', /^FORECAST_CRON: "nonsense" has 1 field/],
    ['FORECAST_CRON', '61 * * * *', /^FORECAST_CRON: .*field "minute"/],
    ['FORECAST_CRON', '0 0 L * *', /^FORECAST_CRON: .*field "day-of-month"/],
    ['FORECAST_TZ', 'Mars/Base', /^FORECAST_TZ: /],
    ['FORECAST_DEBOUNCE_MS', '-1', /^FORECAST_DEBOUNCE_MS/],
  ];
  for (const [name, value, message] of bad) {
    it(`refuses ${name}="${value}" and names the variable`, () => {
      expect(() => loadConfig({ [name]: value }, '/tmp')).to.throw(message);
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
