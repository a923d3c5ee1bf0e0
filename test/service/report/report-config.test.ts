import { expect } from 'chai';
import { parseReport, parseReportsFile, REPORT_CONFIG_INVALID } from '../../../service/report/report-config.js';
import { AppError } from '../../../service/errors.js';

const valid = {
  name: 'example',
  cron: '0 9 5 * *',
  timezone: 'Asia/Shanghai',
  recipients: ['cfo@example.com'],
  series: ['caam_nev_sales'],
  horizon: 12,
};

describe('report-config', () => {
  it('accepts a full definition and fills title and horizon defaults', () => {
    const { title: _t, horizon: _h, ...bare } = { ...valid, title: '' };
    expect(parseReport(bare)).to.deep.equal({ ...valid, title: 'example', horizon: 12 });
  });

  const refused: { name: string; patch: Record<string, unknown>; field: string }[] = [
    { name: 'an upper-case name', patch: { name: 'Example' }, field: 'name' },
    { name: 'a cron expression with a bad field', patch: { cron: '0 9 32 * *' }, field: 'cron' },
    { name: 'words instead of a cron expression', patch: { cron: 'monthly' }, field: 'cron' },
    { name: 'a cron expression outside the one grammar (L)', patch: { cron: '0 9 L * *' }, field: 'cron' },
    { name: 'an unknown time zone', patch: { timezone: 'Mars/Olympus' }, field: 'timezone' },
    { name: 'no recipients', patch: { recipients: [] }, field: 'recipients' },
    { name: 'a recipient that is not an address', patch: { recipients: ['cfo.example.com'] }, field: 'recipients' },
    { name: 'a series named twice', patch: { series: ['a', 'a'] }, field: 'series' },
    { name: 'a horizon over 36 months', patch: { horizon: 37 }, field: 'horizon' },
    { name: 'a fractional horizon', patch: { horizon: 1.5 }, field: 'horizon' },
  ];
  for (const c of refused) {
    it(`refuses ${c.name} and names the field`, () => {
      const error = catchError(() => parseReport({ ...valid, ...c.patch }));
      expect(error).to.be.instanceOf(AppError);
      expect(error).to.include({ code: REPORT_CONFIG_INVALID, status: 400 });
      expect((error as AppError).details).to.deep.include({ field: c.field });
    });
  }

  it('says which cron field is wrong, in the words FORECAST_CRON gets too', () => {
    const error = catchError(() => parseReport({ ...valid, cron: '0 9 L * *' }));
    expect((error as Error).message).to.equal(
      'field "cron" has "L" in its day-of-month field, which the schedule grammar does not take: numbers, ranges (1-5), steps (*/15, 1-31/2) and lists (1,15) only; no names (JAN, MON), L, W, # or ?; got "0 9 L * *"',
    );
  });

  it("keeps the expression in the grammar's spacing", () => {
    expect(parseReport({ ...valid, cron: '  0  9 5 * * ' }).cron).to.equal('0 9 5 * *');
  });

  it('reads a reports file and refuses one that defines a name twice', () => {
    expect(parseReportsFile(JSON.stringify({ reports: [valid] }))[0]!.name).to.equal('example');
    const error = catchError(() => parseReportsFile(JSON.stringify({ reports: [valid, valid] }), 'reports.json'));
    expect((error as Error).message).to.equal('reports.json defines the report "example" twice');
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
