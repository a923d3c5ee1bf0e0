import { expect } from 'chai';
import { csv, jsonBody, request, startTestService, type TestService } from '../../support/service.js';

describe('POST /api/v1/ingest', () => {
  let service: TestService;

  beforeEach(async () => {
    service = await startTestService();
  });
  afterEach(async () => {
    await service.close();
  });

  it('stores CSV rows and shows them through the series endpoints', async () => {
    const res = await request(
      service.url,
      '/api/v1/ingest',
      csv(
        '\uFEFFseries,month,value,unit,source\r\nseres_nev_sales,2024-05,"34,130",units,https://a.example\r\nseres_nev_sales,2024-06,"44,126",units,https://a.example\r\n',
      ),
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ rows: 2, accepted: 2, inserted: 2, rejected: 0 });
    expect(res.body.createdSeries).to.deep.equal(['seres_nev_sales']);
    const detail = await request(service.url, '/api/v1/series/seres_nev_sales');
    expect(detail.status).to.equal(200);
    expect(detail.body.points.map((p: { month: string; value: number }) => [p.month, p.value])).to.deep.equal([
      ['2024-05', 34130],
      ['2024-06', 44126],
    ]);
  });

  it('stores the good rows of a batch and names each bad row by line, field and reason', async () => {
    const res = await request(
      service.url,
      '/api/v1/ingest',
      csv(
        'series,month,value,unit\ncatl,2024-01,10,GWh\ncatl,2024-13,11,GWh\ncatl,2024-02,-3,GWh\ncatl,2024-03,abc,GWh\ncatl,2024-04,12,units\ncatl,2024-05,13,GWh\n',
      ),
    );
    expect(res.status).to.equal(422);
    expect(res.body).to.include({ rows: 6, accepted: 2, rejected: 4 });
    const byLine = Object.fromEntries(
      res.body.errors.map((e: { row: number; code: string; field: string }) => [e.row, [e.code, e.field]]),
    );
    expect(byLine).to.deep.equal({
      3: ['INVALID_MONTH', 'month'],
      4: ['NEGATIVE_VALUE', 'value'],
      5: ['INVALID_VALUE', 'value'],
      6: ['UNIT_MISMATCH', 'unit'],
    });
    const detail = await request(service.url, '/api/v1/series/catl');
    expect(detail.body.points.map((p: { month: string }) => p.month)).to.deep.equal(['2024-01', '2024-05']);
  });

  it('changes nothing when the same data is sent again', async () => {
    const rows = [{ series: 'x_sales', month: '2024-01', value: 5, unit: 'units', source: 's1' }];
    expect((await request(service.url, '/api/v1/ingest', jsonBody(rows))).body).to.include({ inserted: 1 });
    const again = await request(service.url, '/api/v1/ingest', jsonBody(rows));
    expect(again.body).to.include({ inserted: 0, unchanged: 1, restated: 0 });
    expect((await request(service.url, '/api/v1/series/x_sales/revisions')).body.revisions).to.deep.equal([]);
  });
});
