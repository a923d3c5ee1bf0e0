import { expect } from 'chai';
import { request, startTestService, type TestService } from '../../support/service.js';

const lp = (body: string, query = 'db=telegraf'): RequestInit & { query: string } => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'text/plain' },
  query,
});
const ns = (iso: string) => `${BigInt(Date.parse(iso)) * 1_000_000n}`;

describe('InfluxDB-compatible endpoints', () => {
  let service: TestService;

  beforeEach(async () => {
    service = await startTestService();
  });
  afterEach(async () => {
    await service.close();
  });

  it('answers /ping with 204 and a version header, as InfluxDB does', async () => {
    const res = await request(service.url, '/ping');
    expect(res.status).to.equal(204);
    expect(res.headers.get('x-influxdb-version')).to.match(/^1\./);
  });

  it('answers the CREATE DATABASE that Telegraf sends at start-up', async () => {
    const res = await request(service.url, `/query?q=${encodeURIComponent('CREATE DATABASE "telegraf"')}`, {
      method: 'POST',
    });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ results: [{ statement_id: 0 }] });
  });

  it('stores line protocol: the series tag, unit tag and value field, the month the timestamp falls in', async () => {
    const body = [
      `ev,series=catl_install,unit=GWh value=26.3 ${ns('2026-02-15T08:00:00Z')}`,
      `ev,series=catl_install,unit=GWh value=31i ${ns('2026-01-01T00:00:00Z')}`,
    ].join('\n');
    const res = await request(service.url, '/write?db=anything', lp(body));
    expect(res.status).to.equal(204);
    const detail = await request(service.url, '/api/v1/series/catl_install');
    expect(detail.body.points.map((p: { month: string; value: number }) => [p.month, p.value])).to.deep.equal([
      ['2026-01', 31],
      ['2026-02', 26.3],
    ]);
  });

  it('answers a batch with bad points as InfluxDB does: 400 partial write, the good points stored', async () => {
    const body = [
      `ev,series=x,unit=units value=5 ${ns('2024-01-01T00:00:00Z')}`,
      `ev,series=x,unit=units value=-1 ${ns('2024-02-01T00:00:00Z')}`,
      'not line protocol',
    ].join('\n');
    const res = await request(service.url, '/write?precision=ns', lp(body));
    expect(res.status).to.equal(400);
    expect(res.body.error).to.match(/^partial write: 2 of 3 points rejected, 1 stored/);
    expect(res.body.error).to.contain('line 2');
    const detail = await request(service.url, '/api/v1/series/x');
    expect(detail.body.points.map((p: { value: number }) => p.value)).to.deep.equal([5]);
  });

  it('honours the precision parameter', async () => {
    const seconds = Date.parse('2025-05-20T00:00:00Z') / 1000;
    expect(
      (await request(service.url, '/write?precision=s', lp(`m,series=y,unit=GWh value=57.1 ${seconds}`))).status,
    ).to.equal(204);
    const detail = await request(service.url, '/api/v1/series/y');
    expect(detail.body.points[0].month).to.equal('2025-05');
  });
});
