import { expect } from 'chai';
import { request } from '../../support/service.js';
import { alertEnv, ingest, type AlertEnv } from '../alerts/alert-service.js';
import { A, review, row } from './review-requests.js';

/** `month reviewed-by-reason` per listed conflict, or `month open`: what a planner tells apart. */
const marks = (conflicts: { month: string; reviewed: { by: string; reason: string } | null }[]) =>
  conflicts.map((c) => `${c.month} ${c.reviewed ? `${c.reviewed.by}: ${c.reviewed.reason}` : 'open'}`);

describe('service/reviews: GET /api/v1/conflicts marks reviewed months', function () {
  this.timeout(60_000);
  let env: AlertEnv;
  afterEach(async () => {
    await env.close();
  });

  it('marks a conflict whose month a review settles, filters on it, and reopens it when a figure the review did not see joins', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    const service = await env.start();
    await ingest(service, row('2024-06', 90, 'a') + row('2024-06', 95, 'b'));
    await ingest(service, row('2024-07', 100, 'a') + row('2024-07', 120, 'b'));
    env.clock.set('2024-08-03T10:00:00Z');
    expect((await review(service.url, '2024-07', { source: A, reason: 'a audits its figures' })).status).to.equal(200);

    const all = await request(service.url, '/api/v1/conflicts');
    expect(all.status, JSON.stringify(all.body)).to.equal(200);
    expect(marks(all.body.conflicts)).to.deep.equal([
      '2024-06 open',
      '2024-07 PULSECAST_ADMIN_TOKEN: a audits its figures',
    ]);
    const july = all.body.conflicts[1];
    // The fields the list always had, and the review beside them.
    expect(Object.keys(july).sort()).to.deep.equal([
      'code',
      'kind',
      'message',
      'month',
      'reviewed',
      'series',
      'values',
    ]);
    expect(july.reviewed).to.deep.equal({
      series: 'c',
      month: '2024-07',
      value: 100,
      source: A,
      kind: 'monthly',
      reason: 'a audits its figures',
      by: 'PULSECAST_ADMIN_TOKEN',
      at: '2024-08-03T10:00:00.000Z',
    });

    const settled = await request(service.url, '/api/v1/conflicts?reviewed=true');
    expect(marks(settled.body.conflicts)).to.deep.equal(['2024-07 PULSECAST_ADMIN_TOKEN: a audits its figures']);
    const open = await request(service.url, '/api/v1/conflicts?series=c&reviewed=false');
    expect(marks(open.body.conflicts)).to.deep.equal(['2024-06 open']);
    // The overview counts open conflicts: the settled month no longer.
    const overview = async () => (await request(service.url, '/api/v1/series?series=c')).body.series[0].conflicts;
    expect(await overview()).to.equal(1);

    // A third value: the review settled the disagreement it saw, not this one.
    await ingest(service, row('2024-07', 130, 'd'));
    const reopened = await request(service.url, '/api/v1/conflicts?series=c&reviewed=false');
    expect(marks(reopened.body.conflicts)).to.deep.equal(['2024-06 open', '2024-07 open']);
    expect((await request(service.url, '/api/v1/conflicts?reviewed=true')).body.conflicts).to.deep.equal([]);
    expect(await overview()).to.equal(2);
  });

  it('refuses a reviewed value that is neither true nor false, naming the parameter', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    const service = await env.start();
    for (const bad of ['yes', 'TRUE', '1', '']) {
      const res = await request(service.url, `/api/v1/conflicts?reviewed=${bad}`);
      expect(res.status, bad).to.equal(400);
      expect(res.body.error.code, bad).to.equal('INVALID_PARAMETER');
      expect(res.body.error.details.field, bad).to.equal('reviewed');
      expect(res.body.error.message, bad).to.include('query parameter "reviewed" must be true or false');
    }
  });
});

describe('service/reviews: GET /api/v1/series/:id/conflicts/:month/reviews', function () {
  this.timeout(60_000);
  let env: AlertEnv;
  afterEach(async () => {
    await env.close();
  });
  const history = (url: string, series: string, month: string) =>
    request(url, `/api/v1/series/${series}/conflicts/${month}/reviews`);

  it('lists every review of the month newest first, the second in force, after a restart; none for a month never reviewed', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    let service = await env.start();
    await ingest(service, row('2024-06', 90, 'a') + row('2024-07', 100, 'a') + row('2024-07', 120, 'b'));
    expect((await history(service.url, 'c', '2024-07')).body).to.deep.equal({
      series: 'c',
      month: '2024-07',
      reviews: [],
    });
    env.clock.set('2024-08-03T10:00:00Z');
    expect((await review(service.url, '2024-07', { source: A, reason: 'a audits its figures' })).status).to.equal(200);
    env.clock.set('2024-08-04T10:00:00Z');
    expect((await review(service.url, '2024-07', { value: 120, reason: 'b is the registry' })).status).to.equal(200);

    // Read back from InfluxDB, not from the instance that made them.
    await service.stop();
    service = await env.start();
    const res = await history(service.url, 'c', '2024-07');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const made = { series: 'c', month: '2024-07', kind: 'monthly', by: 'PULSECAST_ADMIN_TOKEN' };
    expect(res.body.reviews).to.deep.equal([
      {
        ...made,
        value: 120,
        source: 'https://b.example/',
        reason: 'b is the registry',
        at: '2024-08-04T10:00:00.000Z',
        inForce: true,
        settles: true,
      },
      {
        ...made,
        value: 100,
        source: A,
        reason: 'a audits its figures',
        at: '2024-08-03T10:00:00.000Z',
        inForce: false,
        settles: false,
      },
    ]);
    expect((await history(service.url, 'c', '2024-06')).body.reviews).to.deep.equal([]);

    // A value the reviews did not see: the newest is still the one in force, but settles nothing.
    await ingest(service, row('2024-07', 130, 'd'));
    const reopened = (await history(service.url, 'c', '2024-07')).body.reviews;
    expect(reopened.map((r: { inForce: boolean; settles: boolean }) => [r.inForce, r.settles])).to.deep.equal([
      [true, false],
      [false, false],
    ]);
  });

  it('answers 404 NOT_FOUND for an unknown series and 400 INVALID_MONTH for a bad month', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    const service = await env.start();
    await ingest(service, row('2024-07', 100, 'a'));
    const unknown = await history(service.url, 'nope', '2024-07');
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.code).to.equal('NOT_FOUND');
    const bad = await history(service.url, 'c', '2024-13');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('INVALID_MONTH');
    expect(bad.body.error.details.field).to.equal('month');
  });
});
