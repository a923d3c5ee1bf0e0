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
    ['every day', 'cron', /^must have 5 fields .* or 6 \(second first\), not 2$/],
    ['* * * * * * *', 'cron', /, not 7$/],
    ['', 'cron', /, not none$/],
    ['@daily', 'cron', /, not 1$/],
    ['0 24 * * *', 'cron', /^has 24 in its hour field, out of range 0-23$/],
    ['61 * * * *', 'cron', /^has 61 in its minute field, out of range 0-59$/],
    ['0 0 L * *', 'cron', /^has "L" in its day-of-month field, which the schedule grammar does not take/],
    ['0 0 15W * *', 'cron', /^has "15W" in its day-of-month field, which the schedule grammar does not take/],
    ['0 0 * * 5#3', 'cron', /^has "5#3" in its day-of-week field, which the schedule grammar does not take/],
    ['0 0 ? * 1', 'cron', /^has "\?" in its day-of-month field, which the schedule grammar does not take/],
    ['0 0 * JAN *', 'cron', /^has "JAN" in its month field, which the schedule grammar does not take/],
    ['0 0 * * MON', 'cron', /^has "MON" in its day-of-week field, which the schedule grammar does not take/],
    [
      '5/15 * * * *',
      'cron',
      /^has "5\/15" in its minute field: a step needs \* or a range before it .*write 5-59\/15\)$/,
    ],
    [
      '0 22-2 * * *',
      'cron',
      /^has the range 22-2 in its hour field, which runs backwards; write it as two ranges \(22-23,0-2\)$/,
    ],
    ['0 */0 * * *', 'cron', /^has the step 0 in its hour field; a step is from 1 to 24$/],
    ['0 0 1,1-5 * *', 'cron', /^lists 1 twice in its day-of-month field \("1,1-5"\)$/],
    ['0 0 * * 0,7', 'cron', /^lists 7 twice in its day-of-week field \("0,7"\)$/],
    ['0 0 1 * 1', 'cron', /^restricts both its day-of-month and its day-of-week field/],
    ['0 0 30 2 *', 'cron', /^has day 30 in its day-of-month field, which never falls in month 2$/],
    ['0 0 1,,2 * *', 'cron', /^has an empty list item in its day-of-month field/],
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
    expect(() => parseSchedule('0 0 * * *', 'Mars/Base')).to.throw(ScheduleError, /^must be an IANA time zone/);
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
    ['FORECAST_CRON', 'nonsense', /^FORECAST_CRON must have 5 fields .*, not 1; got "nonsense"$/],
    [
      'FORECAST_CRON',
      '61 * * * *',
      /^FORECAST_CRON has 61 in its minute field, out of range 0-59; got "61 \* \* \* \*"$/,
    ],
    ['FORECAST_CRON', '0 0 L * *', /^FORECAST_CRON has "L" in its day-of-month field/],
    ['FORECAST_TZ', 'Mars/Base', /^FORECAST_TZ must be an IANA time zone .*; got "Mars\/Base"$/],
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
