import { expect } from 'chai';
import { csv, jsonBody, request, startTestService, type TestService } from '../../support/service.js';

/** `n` months from 2022-01 of a series, values growing by `step` a month from `base`. */
function months(series: string, base: number, step: number, n: number, extra = ''): string {
  return Array.from({ length: n }, (_, i) => {
    const month = `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    return `${series},${month},${base + step * i},units${extra}`;
  }).join('\n');
}

describe('GET /api/v1/series: pages of the overview', () => {
  let service: TestService;
  const ids = ['aito_deliveries', 'byd_sales', 'catl_install', 'nio_deliveries', 'xpeng_deliveries', 'zeekr_sales'];

  before(async () => {
    service = await startTestService({ config: { refitDebounceMs: 0 } });
    // The first run that start gives a new store would hold the job when a test asks for a run.
    await service.jobs.idle();
    const rows = ids.map((id, i) => months(id, 100 * (i + 1), i === 3 ? -1 : i + 1, 30)).join('\n');
    const res = await request(service.url, '/api/v1/ingest', csv(`series,month,value,unit\n${rows}\n`));
    expect(res.status).to.equal(200);
    // A second source disagreeing on one month of one series: a conflict.
    await request(
      service.url,
      '/api/v1/ingest',
      jsonBody([{ series: 'byd_sales', month: '2024-06', value: 1, unit: 'units', source: 'https://b.example' }]),
    );
  });
  after(async () => {
    await service?.close();
  });

  const get = async (query: string) => {
    const res = await request(service.url, `/api/v1/series${query}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  };

  it('answers without parameters as it always did: every summary by id, nothing more', async () => {
    const body = await get('');
    expect(Object.keys(body)).to.deep.equal(['series']);
    expect(body.series.map((s: { id: string }) => s.id)).to.deep.equal(ids);
    expect(body.series[0]).to.not.have.property('spark');
    expect(body.series[0]).to.include({ latestMonth: '2024-06', latestValue: 100 + 29 });
    const byMetric = await get('?metric=deliveries');
    expect(byMetric.series.map((s: { id: string }) => s.id)).to.deep.equal([
      'aito_deliveries',
      'nio_deliveries',
      'xpeng_deliveries',
    ]);
  });

  it('pages in the sort asked for, every series once, with the count and a sparkline of 24 months', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body: { series: { id: string; spark: unknown[] }[]; total: number; nextCursor: string | null } = await get(
        `?limit=4&sort=-latestValue${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(body.total).to.equal(ids.length);
      expect(body.series.length).to.be.at.most(4);
      for (const row of body.series) expect(row.spark).to.have.length(24);
      seen.push(...body.series.map((s) => s.id));
      cursor = body.nextCursor;
    } while (cursor);
    const expected = (await get('')).series
      .sort((a: { latestValue: number }, b: { latestValue: number }) => b.latestValue - a.latestValue)
      .map((s: { id: string }) => s.id);
    expect(seen).to.deep.equal(expected);
  });

  it('keeps its place when a row that was already shown changes before the next page', async () => {
    const first = await get('?limit=2&sort=name');
    expect(first.series.map((s: { id: string }) => s.id)).to.deep.equal(['aito_deliveries', 'byd_sales']);
    // A new series that sorts before the cursor does not shift the next page.
    await request(service.url, '/api/v1/ingest', csv('series,month,value,unit\naaa_first,2024-06,5,units\n'));
    const next = await get(`?limit=2&sort=name&cursor=${first.nextCursor}`);
    expect(next.series.map((s: { id: string }) => s.id)).to.deep.equal(['catl_install', 'nio_deliveries']);
    expect(next.total).to.equal(ids.length + 1);
  });

  it('filters by text in the name or id, metric, entity, unit and conflicts', async () => {
    const ofIds = (body: { series: { id: string }[] }) => body.series.map((s) => s.id);
    expect(ofIds(await get('?q=DELIV'))).to.deep.equal(['aito_deliveries', 'nio_deliveries', 'xpeng_deliveries']);
    expect(ofIds(await get('?q=deliv&entity=nio'))).to.deep.equal(['nio_deliveries']);
    expect(ofIds(await get('?metric=sales&sort=-id'))).to.deep.equal(['zeekr_sales', 'byd_sales']);
    expect((await get('?unit=GWh')).total).to.equal(0);
    expect(ofIds(await get('?hasConflicts=true'))).to.deep.equal(['byd_sales']);
    expect((await get('?hasConflicts=false&limit=1000')).series.map((s: { id: string }) => s.id)).to.not.include(
      'byd_sales',
    );
    expect(ofIds(await get('?series=zeekr_sales,catl_install'))).to.deep.equal(['catl_install', 'zeekr_sales']);
  });

  it('sorts rows without a value last in either direction', async () => {
    await request(service.url, '/api/v1/ingest', csv('series,month,value,unit\nshort_one,2024-06,5,units\n'));
    for (const sort of ['yoyPct', '-yoyPct']) {
      const rows: { id: string; yoyPct: number | null }[] = (await get(`?sort=${sort}&limit=1000`)).series;
      expect(rows[rows.length - 1]!.yoyPct, sort).to.equal(null);
      const known = rows.filter((r) => r.yoyPct !== null).map((r) => r.yoyPct!);
      const dir = sort.startsWith('-') ? -1 : 1;
      expect(known).to.deep.equal([...known].sort((a, b) => (a - b) * dir));
    }
  });

  it('shows an ingest in the next answer and a stored forecast once the run is over', async () => {
    await get('?limit=1');
    const res = await request(
      service.url,
      '/api/v1/ingest',
      csv('series,month,value,unit\ncatl_install,2024-07,9999,units\n'),
    );
    expect(res.status).to.equal(200);
    const [row] = (await get('?series=catl_install')).series;
    expect(row).to.include({ latestMonth: '2024-07', latestValue: 9999 });
    expect(row.spark[23]).to.equal(9999);
    expect(row.outlook).to.equal(null);
    await service.jobs.idle();
    const run = await request(service.url, '/api/v1/jobs/forecast/run', { method: 'POST' });
    expect(run.status, JSON.stringify(run.body)).to.be.oneOf([200, 202]);
    await service.jobs.idle();
    const [fitted] = (await get('?series=catl_install')).series;
    expect(fitted.outlook).to.include({ year: 2024 });
    expect(fitted.outlook.fullYear.point).to.be.a('number');
    const byForecast = (await get('?sort=-fyPct&limit=1000')).series;
    expect(byForecast.filter((r: { outlook: unknown }) => r.outlook !== null)).to.have.length.above(1);
  });

  it('refuses a bad sort, limit, cursor or flag with 400 naming the parameter', async () => {
    const refused = async (query: string, field: string) => {
      const res = await request(service.url, `/api/v1/series${query}`);
      expect(res.status, query).to.equal(400);
      expect(res.body.error.code, query).to.equal('INVALID_PARAMETER');
      expect(res.body.error.details.field, query).to.equal(field);
      expect(res.body.error.message, query).to.contain(`"${field}"`);
    };
    await refused('?sort=size', 'sort');
    await refused('?sort=-', 'sort');
    await refused('?limit=0', 'limit');
    await refused('?limit=1001', 'limit');
    await refused('?limit=ten', 'limit');
    await refused('?cursor=nonsense', 'cursor');
    await refused('?hasConflicts=yes', 'hasConflicts');
    await refused('?q=a&q=b', 'q');
    const page = await get('?limit=1&sort=name');
    await refused(`?limit=1&sort=-name&cursor=${page.nextCursor}`, 'cursor');
  });
});
