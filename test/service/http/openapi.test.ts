import { expect } from 'chai';
import type { Express } from 'express';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApiDocument } from '../../../service/http/openapi.js';
import { AnswerChecker, type OpenApiDocument } from '../../support/openapi-answers.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';
import { csv, jsonBody, request, startTestService, type TestService } from '../../support/service.js';
import { RULES } from '../../support/transitions.js';
import { waitFor } from '../../support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

interface Layer {
  rawPath?: string | RegExp;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every `METHOD /path` the app routes, with express's `:id` written as OpenAPI's `{id}`. */
function routesOf(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`.replace(/:(\w+)/g, '{$1}'));
      } else if (layer.handle.stack && typeof layer.rawPath === 'string') {
        walk(layer.handle.stack, layer.rawPath === '/' ? prefix : prefix + layer.rawPath);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(found)].sort();
}

const doc = openApiDocument() as unknown as OpenApiDocument;

const documented = (): string[] =>
  Object.entries(doc.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();

/** Every documented answer, as `GET /api/v1/series/{id} 404`. */
const documentedAnswers = (): string[] =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([m, op]) =>
      Object.keys(op.responses).map((status) => `${m.toUpperCase()} ${path} ${status}`),
    ),
  );

/**
 * Documented answers this test cannot bring about without breaking something on purpose; other
 * tests do (named in each reason).
 */
const NOT_EXERCISED: Record<string, string> = {
  'POST /api/v1/ingest 202': 'InfluxDB unreachable: test/service/faults/influxd-killed.test.ts',
  'POST /api/v1/ingest 503': 'storage failing part-way: test/service/faults',
  'POST /write 500': 'storage failing: test/service/faults',
  'POST /write 503': 'storage failing: test/service/faults',
  'GET /readyz 503': 'InfluxDB unreachable: test/service/faults/influxd-killed.test.ts',
};
/** Every non-open endpoint documents 429; the limits are tested in test/service/auth/auth.test.ts. */
const isRateLimit = (answer: string) => answer.endsWith(' 429');

/** 36 months of a seasonal, growing series: enough for a fit with a backtest. */
const history = (series: string, from: number, months: number, source = 'https://a.example') =>
  Array.from({ length: months }, (_, i) => {
    const n = from + i;
    const month = `${2021 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    const value = Math.round(1000 * (1 + 0.02 * n) * (1 + 0.3 * Math.sin((2 * Math.PI * (n % 12)) / 12)));
    return { series, month, value, unit: 'units', source, quote: `${series} ${month}` };
  });

const put = (value: unknown): RequestInit => ({ ...jsonBody(value), method: 'PUT' });
const REPORT = { cron: '0 9 * * 1', timezone: 'Europe/Berlin', recipients: ['ops@example.com'], series: ['alpha'] };

describe('OpenAPI document', () => {
  let service: TestService;
  let smtp: TestSmtp;
  let receiver: WebhookReceiver;
  let dir: string;
  const checker = new AnswerChecker(doc);
  /** The first successful exchange of each operation, replayed with bad and low-scope tokens. */
  const firstOk = new Map<string, { url: string; init: RequestInit }>();
  const exercised = new Set<string>();

  /** Sends one request for `op` and checks the answer, whatever its status, against the document. */
  async function checked(op: string, url: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
    const method = op.split(' ')[0]!;
    const res = await request(service.url, url, { ...init, method });
    const answer = { status: res.status, contentType: res.headers.get('content-type'), body: res.body };
    expect(checker.problems(op, answer), `${op} ${url}`).to.deep.equal([]);
    exercised.add(`${op} ${res.status}`);
    if (res.status < 300 && !firstOk.has(op)) firstOk.set(op, { url, init });
    return res;
  }

  /** As `checked`, expecting `status`; answers the body. */
  async function exchange(op: string, url: string, status: number, init: RequestInit = {}): Promise<any> {
    const res = await checked(op, url, init);
    expect(res.status, `${op} ${url}: ${JSON.stringify(res.body)}`).to.equal(status);
    return res.body;
  }

  before(async () => {
    smtp = await startSmtp();
    receiver = await startWebhookReceiver();
    dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-openapi-'));
    const alertsFile = path.join(dir, 'alerts.json');
    await writeFile(
      alertsFile,
      JSON.stringify({ rules: RULES, channels: [{ id: 'planning', type: 'email', to: ['p@example.com'] }] }),
    );
    const reportsFile = path.join(dir, 'reports.json');
    await writeFile(reportsFile, JSON.stringify({ reports: [{ ...REPORT, name: 'monthly', cron: '0 9 5 * *' }] }));
    service = await startTestService({
      config: {
        reportsFile,
        alertsFile,
        smtpPort: smtp.port,
        smtpAttempts: 1,
        maxBodyBytes: 64 * 1024,
        refitDebounceMs: 20,
        authFailuresPerMinute: 1_000_000,
      },
    });
    await service.jobs.idle();
  });
  after(async () => {
    await service.close();
    await smtp.close();
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('describes exactly the routes the app serves', () => {
    expect(documented()).to.deep.equal(routesOf(service.app));
  });

  it('is served at /api/v1/openapi.json as OpenAPI 3.1', async () => {
    const body = await exchange('GET /api/v1/openapi.json', '/api/v1/openapi.json', 200);
    expect(body.openapi).to.equal('3.1.0');
    expect(body).to.deep.equal(JSON.parse(JSON.stringify(doc)));
  });

  it('resolves every $ref it uses', () => {
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of new Set(refs)) expect(doc.components.schemas, ref).to.have.property(ref.split('/').pop()!);
  });

  it('answers ingests as documented', async () => {
    const op = 'POST /api/v1/ingest';
    await exchange(op, '/api/v1/ingest', 200, jsonBody(history('alpha', 0, 37)));
    const bravo = history('bravo', 30, 2).map((r) => `${r.series},${r.month},${r.value},units`);
    await exchange(op, '/api/v1/ingest', 200, csv(`series,month,value,unit\n${bravo.join('\n')}\n`));
    await exchange(op, '/api/v1/ingest', 422, jsonBody([{ series: 'alpha', month: '2024-13', value: 1 }]));
    await exchange(op, '/api/v1/ingest', 400, { headers: { 'content-type': 'application/json' }, body: '[{' });
    await exchange(op, '/api/v1/ingest', 400, { headers: { 'content-type': 'text/csv' }, body: Buffer.from([0xc3]) });
    await exchange(op, '/api/v1/ingest', 413, csv('series,month,value\n'.padEnd(100 * 1024, 'x')));
    await exchange(op, '/api/v1/ingest', 415, { headers: { 'content-type': 'application/xml' }, body: '<x/>' });
  });

  it('answers jobs, runs and forecasts as documented', async () => {
    await exchange('GET /api/v1/jobs', '/api/v1/jobs', 200);
    const forecast = 'GET /api/v1/forecasts/{id}';
    await waitFor(
      async () => (await checked(forecast, '/api/v1/forecasts/alpha')).body.forecast,
      'the re-fit after the ingests',
    );
    await exchange('POST /api/v1/ingest', '/api/v1/ingest', 200, jsonBody(history('alpha', 37, 1)));
    const outcomes = 'GET /api/v1/forecasts/{id}/outcomes';
    await waitFor(
      async () => (await checked(outcomes, '/api/v1/forecasts/alpha/outcomes')).body.outcomes.length > 0,
      "the outcome of the earlier forecast's month",
    );
    await exchange(outcomes, '/api/v1/forecasts/nope/outcomes', 404);

    const run = 'POST /api/v1/jobs/{name}/run';
    // A re-fit after an ingest may still run: 409 JOB_BUSY is the documented answer then; ask again.
    const manual = await waitFor(async () => {
      const res = await checked(run, '/api/v1/jobs/forecast/run');
      return res.status === 200 ? res.body.run : null;
    }, 'a manual run');
    // bravo is too short to fit: it waits for figures, which is no failure of the run.
    expect(manual.errors).to.deep.equal([]);
    expect(manual.message).to.match(/; 1 need more figures before any forecast$/);
    // Two at once: the one that comes second finds the other running.
    await waitFor(async () => {
      const both = await Promise.all([1, 2].map(() => checked(run, '/api/v1/jobs/forecast/run')));
      return both.some((res) => res.status === 409);
    }, 'a run that finds one running');
    await exchange(run, '/api/v1/jobs/nope/run', 404);
    await exchange(run, '/api/v1/jobs/forecast/run?everything=yes', 400);

    await exchange('GET /api/v1/runs', '/api/v1/runs?job=forecast&limit=5', 200);
    await exchange('GET /api/v1/runs', '/api/v1/runs?limit=0', 400);
    await exchange('GET /api/v1/runs/{id}', `/api/v1/runs/${manual.id}`, 200);
    await exchange('GET /api/v1/runs/{id}', '/api/v1/runs/nope', 404);
    const runForecasts = 'GET /api/v1/runs/{id}/forecasts';
    await exchange(runForecasts, `/api/v1/runs/${manual.id}/forecasts?series=alpha`, 200);
    await exchange(runForecasts, `/api/v1/runs/${manual.id}/forecasts?series=${'a,'.repeat(6000)}`, 400);
    await exchange(runForecasts, '/api/v1/runs/nope/forecasts', 404);

    await exchange('GET /api/v1/forecasts', '/api/v1/forecasts', 200);
    await exchange('GET /api/v1/forecasts', '/api/v1/forecasts?series=a&series=b', 400);
    expect((await exchange(forecast, '/api/v1/forecasts/alpha', 200)).history).to.have.length.above(1);
    await exchange(forecast, '/api/v1/forecasts/bravo', 200);
    await exchange(forecast, '/api/v1/forecasts/nope', 404);
  });

  it('answers series reads as documented', async () => {
    const restated = history('alpha', 28, 1).map((r) => ({ ...r, value: r.value + 7 }));
    const otherSource = history('alpha', 29, 1, 'https://b.example').map((r) => ({ ...r, value: r.value + 50 }));
    await exchange('POST /api/v1/ingest', '/api/v1/ingest', 200, jsonBody([...restated, ...otherSource]));
    await exchange('GET /api/v1/series', '/api/v1/series', 200);
    await exchange('GET /api/v1/series', '/api/v1/series?metric=a&metric=b', 400);
    const page = await exchange('GET /api/v1/series', '/api/v1/series?limit=1&sort=-latestValue', 200);
    expect(page.nextCursor).to.be.a('string');
    await exchange('GET /api/v1/series', `/api/v1/series?limit=1&sort=-latestValue&cursor=${page.nextCursor}`, 200);
    await exchange('GET /api/v1/series', '/api/v1/series?sort=size', 400);
    await exchange('GET /api/v1/series', '/api/v1/series?limit=0', 400);
    await exchange('GET /api/v1/series', '/api/v1/series?cursor=nonsense', 400);
    await exchange('GET /api/v1/series', '/api/v1/series?hasConflicts=maybe', 400);
    const op = 'GET /api/v1/series/{id}';
    const detail = await exchange(op, '/api/v1/series/alpha?from=2023-01&to=2023-12', 200);
    expect(detail.points.some((p: { conflicts: string[] }) => p.conflicts.length > 0)).to.equal(true);
    await exchange(op, '/api/v1/series/alpha?from=2024-13', 400);
    await exchange(op, '/api/v1/series/alpha?from=2024-02&to=2024-01', 400);
    await exchange(op, '/api/v1/series/nope', 404);
    const revisions = await exchange('GET /api/v1/series/{id}/revisions', '/api/v1/series/alpha/revisions', 200);
    expect(revisions.revisions).to.have.length(1);
    await exchange('GET /api/v1/series/{id}/revisions', '/api/v1/series/nope/revisions', 404);
    const conflicts = await exchange('GET /api/v1/conflicts', '/api/v1/conflicts', 200);
    expect(conflicts.conflicts).to.have.length.above(0);
    await exchange('GET /api/v1/conflicts', '/api/v1/conflicts?series=alpha&reviewed=false', 200);
    await exchange('GET /api/v1/conflicts', '/api/v1/conflicts?series=a&series=b', 400);
    await exchange('GET /api/v1/conflicts', '/api/v1/conflicts?reviewed=maybe', 400);
    await exchange('GET /api/v1/conflicts', '/api/v1/conflicts?series=nope', 404);
  });

  it('answers alerts, silences and alert rules as documented', async () => {
    // A conflict rule beside the test's rules, for as long as this test runs.
    const rules = await exchange('GET /api/v1/alert-rules', '/api/v1/alert-rules', 200);
    const withConflict = { rules: [...rules.rules, { id: 'conflict-check', kind: 'conflict' }] };
    await exchange('PUT /api/v1/alert-rules', '/api/v1/alert-rules', 200, put(withConflict));
    // Two sources disagree on gamma's January: a conflict alert.
    const gamma = (value: number, source: string) => ({
      series: 'gamma',
      month: '2024-01',
      value,
      unit: 'units',
      source,
    });
    await exchange('POST /api/v1/ingest', '/api/v1/ingest', 200, jsonBody([gamma(1, 'https://a.example')]));
    await exchange('POST /api/v1/ingest', '/api/v1/ingest', 200, jsonBody([gamma(2, 'https://b.example')]));
    await service.alerts.idle();
    const firing = await exchange('GET /api/v1/alerts', '/api/v1/alerts?state=firing,pending', 200);
    const conflict = firing.alerts.find((a: { id: string }) => a.id === 'conflict-check|gamma|2024-01');
    expect(conflict, JSON.stringify(firing)).to.not.equal(undefined);
    await exchange('GET /api/v1/alerts', '/api/v1/alerts?state=burning', 400);
    const id = encodeURIComponent(conflict.id);
    const one = await exchange('GET /api/v1/alerts/{id}', `/api/v1/alerts/${id}`, 200);
    expect(one.history.map((h: { change: string }) => h.change)).to.deep.equal(['fired']);
    await exchange('GET /api/v1/alerts/{id}', '/api/v1/alerts/nope', 404);
    const ack = 'POST /api/v1/alerts/{id}/ack';
    expect((await exchange(ack, `/api/v1/alerts/${id}/ack`, 200)).alert.acknowledged).to.not.equal(null);
    await exchange(ack, '/api/v1/alerts/nope/ack', 404);
    const review = 'POST /api/v1/series/{id}/conflicts/{month}/review';
    const reviewOf = (series: string, month: string) => `/api/v1/series/${series}/conflicts/${month}/review`;
    const reviewed = await exchange(
      review,
      reviewOf('gamma', '2024-01'),
      200,
      jsonBody({ source: 'https://a.example', reason: 'a is audited' }),
    );
    expect(reviewed.point.reviewed.value).to.equal(1);
    const settled = await exchange('GET /api/v1/conflicts', '/api/v1/conflicts?series=gamma&reviewed=true', 200);
    expect(settled.conflicts.map((c: { reviewed: { value: number } }) => c.reviewed.value)).to.deep.equal([1]);
    await exchange(review, reviewOf('gamma', '2024-01'), 400, jsonBody({ value: 3, reason: 'no such figure' }));
    await exchange(review, reviewOf('nope', '2024-01'), 404, jsonBody({ value: 1, reason: 'r' }));
    const reviews = 'GET /api/v1/series/{id}/conflicts/{month}/reviews';
    const kept = await exchange(reviews, '/api/v1/series/gamma/conflicts/2024-01/reviews', 200);
    expect(kept.reviews.map((r: { reason: string }) => r.reason)).to.deep.equal(['a is audited']);
    await exchange(reviews, '/api/v1/series/gamma/conflicts/2024-13/reviews', 400);
    await exchange(reviews, '/api/v1/series/nope/conflicts/2024-01/reviews', 404);
    // The second source restated to agree: resolved, nothing left to acknowledge or review.
    await exchange('POST /api/v1/ingest', '/api/v1/ingest', 200, jsonBody([gamma(1, 'https://b.example')]));
    await service.alerts.idle();
    await exchange(ack, `/api/v1/alerts/${id}/ack`, 409);
    await exchange(review, reviewOf('gamma', '2024-01'), 409, jsonBody({ value: 1, reason: 'r' }));

    const until = new Date(Date.now() + 3_600_000).toISOString();
    const create = 'POST /api/v1/silences';
    const made = await exchange(create, '/api/v1/silences', 201, jsonBody({ series: 'alpha', reason: 'known', until }));
    await exchange(create, '/api/v1/silences', 400, jsonBody({ reason: 'nothing named', until }));
    await exchange(
      create,
      '/api/v1/silences',
      400,
      jsonBody({ rule: 'conflict', reason: 'past', until: '2001-01-01T00:00:00Z' }),
    );
    await exchange('GET /api/v1/silences', '/api/v1/silences', 200);
    await exchange('DELETE /api/v1/silences/{id}', `/api/v1/silences/${made.silence.id}`, 204);
    await exchange('DELETE /api/v1/silences/{id}', `/api/v1/silences/${made.silence.id}`, 404);

    await exchange('PUT /api/v1/alert-rules', '/api/v1/alert-rules', 200, put({ rules: rules.rules }));
    await exchange(
      'PUT /api/v1/alert-rules',
      '/api/v1/alert-rules',
      400,
      put({ rules: [{ id: 'x', kind: 'weather' }] }),
    );

    const target = 'PUT /api/v1/targets/{series}/{year}';
    const odds = await exchange(target, '/api/v1/targets/alpha/2024', 200, put({ target: 1 }));
    expect(odds.probability).to.be.a('number');
    await exchange(target, '/api/v1/targets/alpha/year', 400, put({ target: 1 }));
    await exchange(target, '/api/v1/targets/alpha/2024', 400, put({ target: -1 }));
    await exchange(target, '/api/v1/targets/nope/2024', 404, put({ target: 1 }));
  });

  it('answers reports as documented', async () => {
    const one = 'GET /api/v1/reports/{name}';
    const define = 'PUT /api/v1/reports/{name}';
    await exchange(define, '/api/v1/reports/weekly', 201, put(REPORT));
    await exchange(define, '/api/v1/reports/weekly', 200, put({ ...REPORT, horizon: 6 }));
    await exchange(define, '/api/v1/reports/weekly', 400, put({ ...REPORT, cron: 'every day' }));
    await exchange(define, '/api/v1/reports/weekly', 400, put({ ...REPORT, recipients: ['ops.example.com'] }));
    await exchange(define, '/api/v1/reports/monthly', 409, put(REPORT));
    await exchange('GET /api/v1/reports', '/api/v1/reports', 200);
    await exchange(one, '/api/v1/reports/weekly', 200);
    await exchange(one, '/api/v1/reports/Not-A-Name', 400);
    await exchange(one, '/api/v1/reports/nope', 404);

    const sent = await exchange('POST /api/v1/reports/{name}/send', '/api/v1/reports/monthly/send', 202);
    await exchange('POST /api/v1/reports/{name}/send', '/api/v1/reports/Not-A-Name/send', 400);
    await exchange('POST /api/v1/reports/{name}/send', '/api/v1/reports/nope/send', 404);
    await service.jobs.idle();
    const sends = 'GET /api/v1/reports/{name}/sends';
    expect((await exchange(sends, '/api/v1/reports/monthly/sends?limit=5', 200)).sends).to.have.length(1);
    await exchange(sends, '/api/v1/reports/monthly/sends?limit=x', 400);
    await exchange(sends, '/api/v1/reports/nope/sends', 404);
    const send = 'GET /api/v1/reports/{name}/sends/{send}';
    const record = await exchange(send, `/api/v1/reports/monthly/sends/${encodeURIComponent(sent.send)}`, 200);
    expect(record.send.state).to.equal('sent');
    // A send asked for while one of the same report waits on the SMTP server.
    smtp.reply('hold');
    await exchange('POST /api/v1/reports/{name}/send', '/api/v1/reports/monthly/send', 202);
    await smtp.waitForHeld();
    await exchange('POST /api/v1/reports/{name}/send', '/api/v1/reports/monthly/send', 409);
    smtp.reply('accept');
    smtp.release();
    await service.jobs.idle();
    await exchange(send, '/api/v1/reports/Not-A-Name/sends/x', 400);
    await exchange(send, '/api/v1/reports/monthly/sends/nope', 404);
    await exchange('GET /api/v1/reports/{name}/preview', '/api/v1/reports/monthly/preview', 200);
    await exchange('GET /api/v1/reports/{name}/preview', '/api/v1/reports/Not-A-Name/preview', 400);
    await exchange('GET /api/v1/reports/{name}/preview', '/api/v1/reports/nope/preview', 404);

    const remove = 'DELETE /api/v1/reports/{name}';
    await exchange(remove, '/api/v1/reports/monthly', 409);
    await exchange(remove, '/api/v1/reports/Not-A-Name', 400);
    await exchange(remove, '/api/v1/reports/weekly', 204);
    await exchange(remove, '/api/v1/reports/weekly', 404);
  });

  it('answers alert channels as documented', async () => {
    const one = 'GET /api/v1/alert-channels/{id}';
    const define = 'PUT /api/v1/alert-channels/{id}';
    const hook = { type: 'webhook', url: receiver.url, secret: 'sixteen-characters-or-more', retry: { attempts: 1 } };
    await exchange(define, '/api/v1/alert-channels/ops-hook', 201, put(hook));
    await exchange(define, '/api/v1/alert-channels/ops-hook', 200, put({ ...hook, secret: undefined }));
    await exchange(define, '/api/v1/alert-channels/ops-hook', 400, put({ ...hook, url: 'ftp://example.com/x' }));
    await exchange(define, '/api/v1/alert-channels/planning', 409, put(hook));
    await exchange('GET /api/v1/alert-channels', '/api/v1/alert-channels', 200);
    await exchange(one, '/api/v1/alert-channels/ops-hook', 200);
    await exchange(one, '/api/v1/alert-channels/nope', 404);
    const test = 'POST /api/v1/alert-channels/{id}/test';
    await exchange(test, '/api/v1/alert-channels/ops-hook/test', 200);
    receiver.script([410]);
    await exchange(test, '/api/v1/alert-channels/ops-hook/test', 502);
    await exchange(test, '/api/v1/alert-channels/nope/test', 404);
    const remove = 'DELETE /api/v1/alert-channels/{id}';
    await exchange(remove, '/api/v1/alert-channels/planning', 409);
    await exchange(remove, '/api/v1/alert-channels/ops-hook', 204);
    await exchange(remove, '/api/v1/alert-channels/ops-hook', 404);
    // Put back for the token test below, which replays the first successful exchange of each.
    await exchange(define, '/api/v1/alert-channels/ops-hook', 201, put(hook));
  });

  it('answers tokens, status and the InfluxDB-compatible endpoints as documented', async () => {
    await exchange('POST /api/v1/tokens', '/api/v1/tokens', 201, jsonBody({ name: 'reader', scope: 'read' }));
    const temp = await exchange('POST /api/v1/tokens', '/api/v1/tokens', 201, jsonBody({ name: 't', scope: 'write' }));
    await exchange('POST /api/v1/tokens', '/api/v1/tokens', 400, jsonBody({ name: 'x', scope: 'root' }));
    await exchange('GET /api/v1/tokens', '/api/v1/tokens', 200);
    await exchange('DELETE /api/v1/tokens/{id}', `/api/v1/tokens/${temp.id}`, 204);
    await exchange('DELETE /api/v1/tokens/{id}', '/api/v1/tokens/nope', 404);
    await exchange('GET /api/v1/status', '/api/v1/status', 200);

    await exchange('GET /healthz', '/healthz', 200);
    await exchange('GET /readyz', '/readyz', 200);
    await exchange('GET /metrics', '/metrics', 200);
    const line = (text: string): RequestInit => ({ headers: { 'content-type': 'text/plain' }, body: text });
    await exchange('POST /write', '/write?db=x&precision=s', 204, line('m,series=alpha value=1 1717200000'));
    await exchange('POST /write', '/write', 400, line('m,series=alpha value=x 1717200000000000000'));
    await exchange('POST /write', '/write?precision=days', 400, line(''));
    await exchange('POST /write', '/write', 413, line('x'.repeat(100 * 1024)));
    await exchange('GET /ping', '/ping', 204);
    await exchange('HEAD /ping', '/ping', 204);
    await exchange('GET /query', '/query?q=CREATE%20DATABASE%20telegraf', 200);
    await exchange('GET /query', '/query?q=SHOW%20DATABASES', 200);
    await exchange('GET /query', '/query?q=DROP%20DATABASE%20x', 400);
    await exchange('POST /query', '/query?q=CREATE%20DATABASE%20telegraf', 200);
    await exchange('POST /query', '/query?q=SELECT%201', 400);
  });

  it('answers a bad token with 401 and a token of too low a scope with 403, as each endpoint documents', async () => {
    const reader = await exchange('POST /api/v1/tokens', '/api/v1/tokens', 201, jsonBody({ name: 'r', scope: 'read' }));
    for (const answer of documentedAnswers()) {
      const [method, path, status] = answer.split(' ') as [string, string, string];
      if (status !== '401' && status !== '403') continue;
      const op = `${method} ${path}`;
      const ok = firstOk.get(op);
      expect(ok, `${op} was answered successfully before`).to.not.equal(undefined);
      const headers = new Headers(ok!.init.headers);
      headers.set('authorization', `Bearer ${status === '401' ? 'not-a-token' : reader.token}`);
      await exchange(op, ok!.url, Number(status), { ...ok!.init, headers });
    }
  });

  it('was exercised on every documented answer, but those named as not', () => {
    const missing = documentedAnswers().filter((a) => !exercised.has(a) && !isRateLimit(a) && !(a in NOT_EXERCISED));
    expect(missing, 'documented answers no test here brought about').to.deep.equal([]);
    const stale = Object.keys(NOT_EXERCISED).filter((a) => exercised.has(a) || !documentedAnswers().includes(a));
    expect(stale, 'NOT_EXERCISED entries that are exercised or no longer documented').to.deep.equal([]);
  });
});
