import { expect } from 'chai';
import { jsonBody, request } from '../../support/service.js';
import { alertEnv, ingest, type AlertEnv } from './alert-service.js';

describe('service/alerts API', function () {
  this.timeout(60_000);
  let env: AlertEnv;
  afterEach(async () => {
    await env.close();
  });

  it('marks silenced alerts (they still show) and hands their transitions over marked', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    const service = await env.start();
    const until = '2024-08-03T00:00:00.000Z';
    const made = await request(
      service.url,
      '/api/v1/silences',
      jsonBody({ series: 'quiet', reason: 'a known disagreement', until }),
    );
    expect(made.status).to.equal(201);
    expect(made.body.silence).to.deep.include({ series: 'quiet', rule: null, by: 'PULSECAST_ADMIN_TOKEN', until });
    await ingest(
      service,
      'quiet,2024-07,100,units,https://a/\nquiet,2024-07,120,units,https://b/\nloud,2024-07,1,units,https://a/\nloud,2024-07,2,units,https://b/\n',
    );
    const { body } = await request(service.url, '/api/v1/alerts?state=firing');
    const marks = Object.fromEntries(body.alerts.map((a: any) => [a.id, a.silenced?.reason ?? null]));
    expect(marks).to.deep.equal({ 'conflict|quiet|2024-07': 'a known disagreement', 'conflict|loud|2024-07': null });
    expect(env.notifier.given.map((t) => [t.alert.id, t.alert.silenced !== null])).to.have.deep.members([
      ['conflict|quiet|2024-07', true],
      ['conflict|loud|2024-07', false],
    ]);
    // Past its end, the silence is gone and the alert unmarked.
    env.clock.set('2024-08-03T00:00:01Z');
    expect((await request(service.url, '/api/v1/silences')).body.silences).to.deep.equal([]);
    expect((await request(service.url, '/api/v1/alerts/conflict%7Cquiet%7C2024-07')).body.alert.silenced).to.equal(
      null,
    );
  });

  it('judges YoY growth on a series its own upload creates, from the figures that upload stored', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    const service = await env.start();
    const rules = [{ id: 'falling', kind: 'threshold', settings: { measure: 'yoyPct', op: '<', bound: 0 } }];
    const put = await request(service.url, '/api/v1/alert-rules', { ...jsonBody({ rules }), method: 'PUT' });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    const months = ['2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12'];
    const later = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07'];
    // July 2024 is 90 against 100 a year earlier: -10 %.
    await ingest(
      service,
      [...months, ...later].map((m) => `u,${m},${m === '2024-07' ? 90 : 100},units,https://a/\n`).join(''),
    );
    expect(env.notifier.changes()).to.deep.equal(['fired falling|u|2024-07 warning']);
    expect(env.notifier.given[0]!.alert.details).to.deep.include({ measure: 'yoyPct', observed: -10 });
  });

  it('keeps rules an admin set across a restart, and applies them at once', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    let service = await env.start();
    const rules = [
      { id: 'low', kind: 'threshold', severity: 'critical', settings: { measure: 'value', op: '<', bound: 10 } },
    ];
    const put = await request(service.url, '/api/v1/alert-rules', { ...jsonBody({ rules }), method: 'PUT' });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    expect(put.body.source).to.equal('api');
    await ingest(service, 't,2024-07,5,units,https://a/\n');
    expect(env.notifier.changes()).to.deep.equal(['fired low|t|2024-07 critical']);
    await service.stop();
    service = await env.start();
    const got = await request(service.url, '/api/v1/alert-rules');
    expect(got.body.rules.map((r: { id: string }) => r.id)).to.deep.equal(['low']);
    await ingest(service, 't,2024-08,50,units,https://a/\n');
    expect(env.notifier.changes()).to.deep.equal(['fired low|t|2024-07 critical', 'resolved low|t|2024-07 critical']);
  });

  it('fires a target alert when a target becomes unlikely and resolves it when the target is lowered', async () => {
    env = await alertEnv('2024-07-02T09:00:00Z');
    const service = await env.start();
    const rules = [{ id: 'target', kind: 'target' }];
    expect(
      (await request(service.url, '/api/v1/alert-rules', { ...jsonBody({ rules }), method: 'PUT' })).status,
    ).to.equal(200);
    const rows = Array.from({ length: 30 }, (_, i) => {
      const month = `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      return `t,${month},${Math.round(1000 * (1 + 0.01 * i) * (1 + 0.2 * Math.sin((2 * Math.PI * i) / 12)))},units,https://a/\n`;
    });
    await ingest(service, rows.join(''));
    expect((await service.jobs.trigger('forecast', 'manual', { query: {} })).seriesFitted).to.equal(1);
    const target = (value: number) =>
      request(service.url, '/api/v1/targets/t/2024', { ...jsonBody({ target: value }), method: 'PUT' });
    const high = await target(1_000_000);
    expect(high.status, JSON.stringify(high.body)).to.equal(200);
    expect(high.body.probability).to.be.below(0.5);
    expect(high.body.alerts.map((a: any) => [a.id, a.status])).to.deep.equal([['target|t|2024-12', 'firing']]);
    const low = await target(1);
    expect(low.body.probability).to.be.above(0.5);
    expect(low.body.alerts.map((a: any) => a.status)).to.deep.equal(['resolved']);
    expect(env.notifier.changes()).to.deep.equal([
      'fired target|t|2024-12 warning',
      'resolved target|t|2024-12 warning',
    ]);
    const details = env.notifier.given[0]!.alert.details;
    expect(details).to.deep.include({ kind: 'target', year: 2024, target: 1_000_000, threshold: 0.5 });
  });

  it('refuses a rule naming the rule and the field', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    const service = await env.start();
    const rules = [{ id: 'low', kind: 'threshold', settings: { measure: 'value', op: '!=', bound: 10 } }];
    const res = await request(service.url, '/api/v1/alert-rules', { ...jsonBody({ rules }), method: 'PUT' });
    expect(res.status).to.equal(400);
    expect(res.body.error.message).to.match(/rules\[0\]\.settings\.op|rules\.0\.settings\.op/);
  });
});
