import { expect } from 'chai';
import { csv, jsonBody, request } from '../../support/service.js';
import { alertEnv, ingest, type AlertEnv } from '../alerts/alert-service.js';
import { A, B, review, row } from './review-requests.js';

describe('service/reviews: POST /api/v1/series/:id/conflicts/:month/review', function () {
  this.timeout(60_000);
  let env: AlertEnv;
  afterEach(async () => {
    await env.close();
  });

  it('shows the chosen figure, resolves the conflict alert at once, survives a restart, and is replaced by a second review', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    let service = await env.start();
    await ingest(service, row('2024-06', 90, 'a') + row('2024-07', 100, 'a'));
    await ingest(service, row('2024-07', 120, 'b'));
    expect(env.notifier.changes()).to.deep.equal(['fired conflict|c|2024-07 warning']);
    const before = await request(service.url, '/api/v1/series/c?from=2024-07');
    expect(before.body.points[0]).to.deep.include({ value: 120, source: B, reviewed: null });

    env.clock.set('2024-08-03T10:00:00Z');
    const first = await review(service.url, '2024-07', { source: A, reason: 'a audits its figures' });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    const made = {
      series: 'c',
      month: '2024-07',
      value: 100,
      source: A,
      kind: 'monthly',
      reason: 'a audits its figures',
      by: 'PULSECAST_ADMIN_TOKEN',
      at: '2024-08-03T10:00:00.000Z',
    };
    expect(first.body.review).to.deep.equal(made);
    expect(first.body.replaced).to.equal(null);
    expect(first.body.point).to.deep.include({ value: 100, source: A, reviewed: made });
    // Decided before the answer: no waiting for the alert.
    expect(env.notifier.changes()).to.deep.equal([
      'fired conflict|c|2024-07 warning',
      'resolved conflict|c|2024-07 warning',
    ]);

    await service.stop();
    service = await env.start();
    const after = await request(service.url, '/api/v1/series/c?from=2024-07');
    expect(after.body.points[0]).to.deep.include({ value: 100, source: A, reviewed: made });
    expect((await request(service.url, '/api/v1/series')).body.series[0]).to.deep.include({ latestValue: 100 });
    // The disagreeing figure sent again: the answer lists the conflict with the review that settles it.
    const resent = await request(
      service.url,
      '/api/v1/ingest',
      csv(`series,month,value,unit,source\n${row('2024-07', 120, 'b')}`),
    );
    expect(resent.status, JSON.stringify(resent.body)).to.equal(200);
    expect(resent.body.conflicts).to.have.length(1);
    expect(resent.body.conflicts[0]).to.deep.include({ series: 'c', month: '2024-07', reviewed: made });

    env.clock.set('2024-08-04T10:00:00Z');
    const second = await review(service.url, '2024-07', { value: 120, reason: 'b is the registry' });
    expect(second.status, JSON.stringify(second.body)).to.equal(200);
    expect(second.body.replaced).to.deep.equal(made);
    expect(second.body.point).to.deep.include({ value: 120, source: B });
    expect(second.body.point.reviewed).to.deep.include({ reason: 'b is the registry', source: B });
    expect(env.notifier.given).to.have.length(2);
  });

  it('fires the conflict again when a figure the review did not see joins it', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    const service = await env.start();
    await ingest(service, row('2024-07', 100, 'a') + row('2024-07', 120, 'b'));
    expect((await review(service.url, '2024-07', { source: A, reason: 'a audits' })).status).to.equal(200);
    await ingest(service, row('2024-07', 130, 'd'));
    expect(env.notifier.changes()).to.deep.equal([
      'fired conflict|c|2024-07 warning',
      'resolved conflict|c|2024-07 warning',
      'fired conflict|c|2024-07 warning',
    ]);
    const shown = await request(service.url, '/api/v1/series/c?from=2024-07');
    expect(shown.body.points[0].reviewed).to.equal(null);
  });

  it('refuses bad input naming the field, an unknown series, and a month without a conflict, each with a stable code', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    const service = await env.start();
    await ingest(service, row('2024-06', 90, 'a') + row('2024-07', 100, 'a') + row('2024-07', 120, 'b'));
    const refusals: [string, string, unknown, number, string, string | undefined][] = [
      ['c', '2024-13', { source: A, reason: 'r' }, 400, 'INVALID_MONTH', 'month'],
      ['c', '2024-07', { source: A }, 400, 'INVALID_FIELD', 'reason'],
      ['c', '2024-07', { reason: 'r' }, 400, 'INVALID_FIELD', 'source'],
      ['c', '2024-07', { value: 'high', reason: 'r' }, 400, 'INVALID_FIELD', 'value'],
      ['c', '2024-07', { source: 'https://nobody.example/', reason: 'r' }, 400, 'INVALID_FIELD', 'source'],
      ['c', '2024-07', { value: 110, reason: 'r' }, 400, 'INVALID_FIELD', 'value'],
      ['nope', '2024-07', { source: A, reason: 'r' }, 404, 'NOT_FOUND', undefined],
      ['c', '2024-06', { source: A, reason: 'r' }, 409, 'NO_CONFLICT', undefined],
    ];
    for (const [series, month, body, status, code, field] of refusals) {
      const res = await request(service.url, `/api/v1/series/${series}/conflicts/${month}/review`, jsonBody(body));
      const what = `${series} ${month} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`;
      expect(res.status, what).to.equal(status);
      expect(res.body.error.code, what).to.equal(code);
      if (field) {
        expect(res.body.error.details.field, what).to.equal(field);
        expect(res.body.error.message, what).to.include(`"${field}"`);
      }
    }
    expect(env.notifier.changes()).to.deep.equal(['fired conflict|c|2024-07 warning']);
  });
});
