import { expect } from 'chai';
import { csv, jsonBody, request, startTestService, type TestService } from '../../support/service.js';

describe('series API', () => {
  let service: TestService;

  beforeEach(async () => {
    service = await startTestService({ config: { maxBodyBytes: 4096 } });
  });
  afterEach(async () => {
    await service.close();
  });

  it('replaces a restated figure and keeps the earlier value as a revision with when it changed', async () => {
    const row = (value: number, quote: string) => [
      {
        series: 'seres_nev_sales',
        month: '2024-06',
        value,
        unit: 'units',
        source: 'https://a.example',
        quote,
        yoy_pct_stated: 10,
      },
    ];
    await request(service.url, '/api/v1/ingest', jsonBody(row(44000, 'first')));
    const restated = await request(service.url, '/api/v1/ingest', jsonBody(row(44126, 'second')));
    expect(restated.body).to.include({ restated: 1, inserted: 0 });
    const detail = await request(service.url, '/api/v1/series/seres_nev_sales');
    expect(detail.body.points).to.have.length(1);
    expect(detail.body.points[0]).to.include({ value: 44126, quote: 'second' });
    expect(detail.body.points[0].figures).to.have.length(1);
    const revisions = await request(service.url, '/api/v1/series/seres_nev_sales/revisions');
    expect(revisions.body.revisions).to.have.length(1);
    expect(revisions.body.revisions[0]).to.include({ month: '2024-06', previousValue: 44000, value: 44126 });
    expect(Date.parse(revisions.body.revisions[0].changedAt)).to.be.closeTo(Date.now(), 60_000);
  });

  it('computes YoY growth and year to date in code, month by month', async () => {
    const rows = ['2023-01,10', '2023-02,20', '2024-01,15', '2024-02,30'].map((r) => `g,${r},units`).join('\n');
    await request(service.url, '/api/v1/ingest', csv(`series,month,value,unit\n${rows}\n`));
    const list = await request(service.url, '/api/v1/series');
    const g = list.body.series.find((s: { id: string }) => s.id === 'g');
    expect(g).to.include({ latestMonth: '2024-02', latestValue: 30, yoyPct: 50 });
    expect(g.ytd).to.deep.equal({ through: '2024-02', value: 45, lastYear: 30, yoyPct: 50, basis: 'months' });
    // January and February 2024 never reported alone: March's year-to-date total stands in for them.
    const h = [
      'h,2023-01,10,units,monthly',
      'h,2023-02,20,units,monthly',
      'h,2023-03,30,units,monthly',
      'h,2024-03,40,units,monthly',
      'h,2024-03,90,units,ytd',
    ];
    await request(service.url, '/api/v1/ingest', csv(`series,month,value,unit,kind\n${h.join('\n')}\n`));
    const listed = (await request(service.url, '/api/v1/series')).body.series.find((s: { id: string }) => s.id === 'h');
    expect(listed.ytd).to.deep.equal({ through: '2024-03', value: 90, lastYear: 60, yoyPct: 50, basis: 'published' });
  });

  it('gives a share no year to date: its months do not add up', async () => {
    const rows = ['2023-01,40', '2023-02,42', '2024-01,45', '2024-02,47'].map((r) => `share,${r},pct`).join('\n');
    await request(service.url, '/api/v1/ingest', csv(`series,month,value,unit\n${rows}\n`));
    const listed = (await request(service.url, '/api/v1/series')).body.series.find(
      (s: { id: string }) => s.id === 'share',
    );
    expect(listed).to.include({ latestValue: 47, ytd: null });
  });

  it('runs the year to date through a total published without monthly figures (Jan–Feb together)', async () => {
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => `k,2024-${String(i + 1).padStart(2, '0')},${100 + i},units,monthly`),
      'k,2025-02,240,units,ytd',
    ];
    await request(service.url, '/api/v1/ingest', csv(`series,month,value,unit,kind\n${rows.join('\n')}\n`));
    const k = (await request(service.url, '/api/v1/series')).body.series.find((s: { id: string }) => s.id === 'k');
    // The latest month with a figure of its own is still December; the year to date is January–February 2025.
    expect(k).to.include({ latestMonth: '2024-12' });
    expect(k.ytd).to.deep.equal({
      through: '2025-02',
      value: 240,
      lastYear: 201,
      yoyPct: (39 / 201) * 100,
      basis: 'published',
    });
    const detail = (await request(service.url, '/api/v1/series/k')).body;
    expect(detail.published).to.deep.equal([{ month: '2025-02', value: 240 }]);
  });

  it('refuses a body over the size limit with 413 before reading it', async () => {
    const big = `series,month,value,unit\n${'big,2024-01,1,units\n'.repeat(400)}`;
    const res = await request(service.url, '/api/v1/ingest', csv(big));
    expect(res.status).to.equal(413);
    expect(res.body.error.code).to.equal('BODY_TOO_LARGE');
    const json = await request(
      service.url,
      '/api/v1/ingest',
      jsonBody(Array.from({ length: 200 }, () => ({ series: 'big', month: '2024-01', value: 1, unit: 'units' }))),
    );
    expect(json.status).to.equal(413);
    expect((await request(service.url, '/api/v1/series/big')).status, 'nothing of it stored').to.equal(404);
  });

  it('answers an unknown series with 404 and a bad month with 400 naming the parameter', async () => {
    const missing = await request(service.url, '/api/v1/series/nope');
    expect(missing.status).to.equal(404);
    expect(missing.body.error.code).to.equal('NOT_FOUND');
    await request(service.url, '/api/v1/ingest', csv('series,month,value,unit\nh,2024-01,1,units\n'));
    const bad = await request(service.url, '/api/v1/series/h?from=2024-13');
    expect(bad.status).to.equal(400);
    expect(bad.body.error).to.include({ code: 'INVALID_MONTH' });
    expect(bad.body.error.message).to.contain('"from"');
  });

  it('refuses an unsupported content type with 415', async () => {
    const res = await request(service.url, '/api/v1/ingest', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<x/>',
    });
    expect(res.status).to.equal(415);
    expect(res.body.error.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
  });
});
