/**
 * Two real service processes on one InfluxDB database and the machine's Redis (a key prefix of
 * this run's own): the live channel, job slots and report slots are shared, and a slot whose
 * instance dies is finished by the other.
 */
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { slotOf, slotQueueName } from '../../../service/scale/bullmq-scheduler.js';
import type { RunRecord } from '../../../service/contract/index.js';
import { createTestDatabase } from '../../support/influxd.js';
import { startTestRedis, type TestRedis } from '../../support/redis.js';
import { csv, jsonBody, request } from '../../support/service.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';
import { connectLive, nextEvent, subscribe, type LiveSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait-for.js';
import { startInstances, type Instance } from './instances.js';

const SERIES = 12;
const seriesId = (i: number) => `scale_s${String(i).padStart(2, '0')}`;
const monthOf = (k: number) => `${2021 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
const valueOf = (i: number, k: number) =>
  Math.round((300 + 17 * i) * (1 + k / 40) * (1 + 0.2 * Math.sin((2 * Math.PI * (k % 12)) / 12)));

/** Every run of the forecast job the shared run log holds. */
async function forecastRuns(via: Instance): Promise<RunRecord[]> {
  const res = await request(via.url, '/api/v1/runs?job=forecast&limit=1000');
  expect(res.status).to.equal(200);
  return res.body.runs as RunRecord[];
}

const completed = (r: RunRecord) => r.status === 'ok' || r.status === 'partial';

/** A TCP balancer in front of the instances whose target can change, and which can drop everything. */
async function switchableProxy(initial: Instance) {
  let target: Instance | null = initial;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!target) return void client.destroy();
    const { hostname, port } = new URL(target.url);
    const upstream = net.connect(Number(port), hostname);
    const drop = () => (client.destroy(), upstream.destroy());
    for (const side of [client, upstream]) {
      open.add(side);
      side.on('error', drop).on('close', () => (open.delete(side), drop()));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    /** Drops every connection and sends new ones to `next` (none: refused). */
    switchTo(next: Instance | null) {
      target = next;
      for (const side of open) side.destroy();
    },
    close: () =>
      new Promise<void>(
        (resolve) => ((target = null), [...open].forEach((side) => side.destroy()), server.close(() => resolve())),
      ),
  };
}

describe('scale: two instances on one Redis', function () {
  this.timeout(120_000);
  let smtp: TestSmtp;
  let redis: TestRedis;
  let db: { url: string; database: string; drop: () => Promise<void> };
  let reportsDir: string;
  let stopAll: () => Promise<void> = async () => {};
  let a: Instance;
  let b: Instance;
  const sockets: LiveSocket[] = [];

  before(async () => {
    [smtp, redis, db] = await Promise.all([startSmtp(), startTestRedis(), createTestDatabase()]);
    reportsDir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-scale-reports-'));
    const reportsFile = path.join(reportsDir, 'reports.json');
    await writeFile(
      reportsFile,
      JSON.stringify({
        reports: [
          {
            name: 'scale',
            cron: '*/5 * * * * *',
            timezone: 'UTC',
            recipients: ['planning@example.com'],
            series: [seriesId(0)],
            horizon: 6,
          },
        ],
      }),
    );
    const started = await startInstances(2, {
      INFLUX_URL: db.url,
      INFLUX_DATABASE: db.database,
      REDIS_URL: redis.url,
      PULSECAST_REDIS_PREFIX: redis.keys.prefix,
      // A dead instance's slot is taken over within two lock lifetimes.
      PULSECAST_JOB_LOCK_MS: '2000',
      // Slots far enough apart that a taken-over slot finishes before the next one is due.
      FORECAST_CRON: '*/20 * * * * *',
      FORECAST_TZ: 'UTC',
      FORECAST_DEBOUNCE_MS: '0',
      PULSECAST_REPORTS_FILE: reportsFile,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
    });
    stopAll = started.stop;
    [a, b] = started.instances as [Instance, Instance];
    let body = 'series,month,value,unit,source\n';
    for (let i = 0; i < SERIES; i++)
      for (let k = 0; k < 36; k++)
        body += `${seriesId(i)},${monthOf(k)},${valueOf(i, k)},units,https://example.com/scale\n`;
    const seeded = await request(a.url, '/api/v1/ingest', csv(body));
    expect(seeded.status, JSON.stringify(seeded.body)).to.equal(200);
  });

  after(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await stopAll();
    await Promise.all([
      smtp?.close(),
      db?.drop(),
      redis?.close(),
      reportsDir ? rm(reportsDir, { recursive: true, force: true }) : undefined,
    ]);
  });

  it('counts Redis in its readiness', async () => {
    const ready = await request(a.url, '/readyz');
    expect(ready.status).to.equal(200);
    expect(ready.body.checks).to.include({ influxdb: 'reachable', redis: 'reachable' });
  });

  it('delivers a figure ingested on one instance to a dashboard on the other, and the other knows what changed', async () => {
    const socket = await connectLive(b.url);
    sockets.push(socket);
    const ack = await subscribe(socket, { series: [seriesId(0)] });
    if (!ack.ok) throw new Error(ack.error.message);
    const arrived = nextEvent(socket, 'actuals', (e) => e.series === seriesId(0) && e.months.includes('2024-01'));
    const posted = await request(
      a.url,
      '/api/v1/ingest',
      jsonBody([
        { series: seriesId(0), month: '2024-01', value: 812, unit: 'units', source: 'https://example.com/scale' },
      ]),
    );
    expect(posted.status, JSON.stringify(posted.body)).to.equal(200);
    expect((await arrived).months).to.deep.equal(['2024-01']);
    // B's overview, answered from its memory, reads the series again when told of A's figure.
    await waitFor(async () => {
      const row = (await request(b.url, `/api/v1/series?series=${seriesId(0)}`)).body.series[0];
      return row?.latestMonth === '2024-01' && row.latestValue === 812 ? row : null;
    }, "B's overview to show A's figure");
    // A client whose session was lost re-subscribes on B with the time of its last event: B's change log heard of A's figure.
    const late = await connectLive(b.url);
    sockets.push(late);
    const missed = await waitFor(async () => {
      const again = await subscribe(late, { series: [seriesId(0)], since: ack.serverTime });
      return again.ok && again.missed?.series.some((s) => s.id === seriesId(0) && s.actuals) ? again.missed : null;
    }, "B's change log to hold A's figure");
    expect(missed.complete).to.equal(true);
  });

  it('shows a conflict review made on one instance on the other, without a restart', async () => {
    // A second source disagrees with one of the seeded months; B shows the newer figure until an admin reviews it on A.
    const [series, month, seeded] = [seriesId(2), monthOf(5), valueOf(2, 5)];
    const other = seeded + 50;
    const posted = await request(
      a.url,
      '/api/v1/ingest',
      csv(`series,month,value,unit,source\n${series},${month},${other},units,https://other.example/\n`),
    );
    expect(posted.status, JSON.stringify(posted.body)).to.equal(200);
    const onB = async () => (await request(b.url, `/api/v1/series/${series}?from=${month}`)).body.points?.[0];
    await waitFor(async () => (await onB())?.value === other, 'B to show the newer of the two figures');

    const reviewed = await request(
      a.url,
      `/api/v1/series/${series}/conflicts/${month}/review`,
      jsonBody({ source: 'https://example.com/scale', reason: 'the seeded source audits its figures' }),
    );
    expect(reviewed.status, JSON.stringify(reviewed.body)).to.equal(200);
    // B read the reviews again when A announced the month.
    const point = await waitFor(async () => {
      const p = await onB();
      return p?.value === seeded ? p : null;
    }, "B to show A's review");
    expect(point.reviewed).to.include({ value: seeded, reason: 'the seeded source audits its figures' });
  });

  it('recovers a dropped dashboard on the other instance, missed events included', async () => {
    const proxy = await switchableProxy(b);
    try {
      const socket = await connectLive(proxy.url);
      sockets.push(socket);
      const ack = await subscribe(socket, { series: [seriesId(1)] });
      if (!ack.ok) throw new Error(ack.error.message);
      // One event first: a client asks for recovery from the offset of the last packet it got.
      const first = nextEvent(socket, 'actuals', (e) => e.series === seriesId(1) && e.months.includes('2024-02'));
      await request(
        a.url,
        '/api/v1/ingest',
        jsonBody([
          { series: seriesId(1), month: '2024-02', value: 501, unit: 'units', source: 'https://example.com/scale' },
        ]),
      );
      await first;
      const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
      proxy.switchTo(null);
      await gone;
      // Published while the client is away; it comes back through the other instance.
      await request(
        a.url,
        '/api/v1/ingest',
        jsonBody([
          { series: seriesId(1), month: '2024-03', value: 502, unit: 'units', source: 'https://example.com/scale' },
        ]),
      );
      const missed = nextEvent(
        socket,
        'actuals',
        (e) => e.series === seriesId(1) && e.months.includes('2024-03'),
        20_000,
      );
      const back = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
      proxy.switchTo(a);
      await back;
      expect((await missed).months).to.deep.equal(['2024-03']);
      expect(socket.recovered).to.equal(true);
    } finally {
      await proxy.close();
    }
  });

  it('emails each report slot once, whichever instance takes it', async () => {
    const sendOf = (i: number) => String(smtp.accepted[i]!.parsed.headers.get('x-pulsecast-send'));
    await waitFor(
      () => new Set(smtp.accepted.map((_, i) => sendOf(i))).size >= 2,
      'two report slots to be emailed',
      30_000,
    );
    const sends = smtp.accepted.map((_, i) => sendOf(i));
    expect(sends.length, `sends: ${sends.join(', ')}`).to.equal(new Set(sends).size);
    type Send = { send: string; state: string; resends: number; attempts: number };
    // The server has accepted them; their records say so a moment later.
    const log = await waitFor(async () => {
      const records = (await request(a.url, '/api/v1/reports/scale/sends?limit=1000')).body.sends as Send[];
      return sends.every((send) => records.some((r) => r.send === send && r.state !== 'sending')) ? records : null;
    }, 'the send log to record the sends');
    for (const send of new Set(sends))
      expect(
        log.find((s) => s.send === send),
        `send log of ${send}`,
      ).to.include({ state: 'sent', resends: 0, attempts: 1 });
  });

  it('runs a scheduled job slot once across both instances', async () => {
    const done = await waitFor(
      async () =>
        (await forecastRuns(b)).find((r) => r.trigger === 'schedule' && completed(r) && r.seriesTotal === SERIES),
      'a scheduled run of every series',
      30_000,
    );
    const runs = await forecastRuns(a);
    const ofSlot = runs.filter((r) => r.slot === done.slot && r.status !== 'skipped');
    expect(ofSlot.map((r) => r.id)).to.deep.equal([done.id]);
    expect(done).to.include({ seriesFitted: SERIES, status: 'ok' });
    // And no slot so far, start-up catch-up included, was run twice.
    const bySlot = new Map<string, number>();
    for (const r of runs.filter((r) => r.slot !== null && r.status !== 'skipped'))
      bySlot.set(r.slot!, (bySlot.get(r.slot!) ?? 0) + 1);
    expect([...bySlot].filter(([, n]) => n > 1)).to.deep.equal([]);
  });

  it('lets the other instance finish a slot whose instance was killed mid-run', async () => {
    const queue = new Queue(slotQueueName('forecast'), { connection: redis.redis, prefix: redis.keys.bull });
    try {
      const after = Math.max(
        0,
        ...(await forecastRuns(a)).filter((r) => r.slot !== null).map((r) => Date.parse(r.slot!)),
      );
      // A new month for every series, so the next slot has fits to do (a run with nothing changed ends
      // in milliseconds, before its instance can be killed in the middle of it).
      let body = 'series,month,value,unit,source\n';
      for (let i = 0; i < SERIES; i++)
        body += `${seriesId(i)},${monthOf(36)},${valueOf(i, 36)},units,https://example.com/scale\n`;
      const added = await request(a.url, '/api/v1/ingest', csv(body));
      expect(added.status, JSON.stringify(added.body)).to.equal(200);
      // The next scheduled slot, once its run has started (its record says running) on one of them.
      const taken = await waitFor(
        async () => {
          const [job] = (await queue.getJobs(['active'])).filter((j) => (slotOf(j) ?? 0) > after);
          if (!job) return null;
          const slot = new Date(slotOf(job)!).toISOString();
          const running = (await forecastRuns(a)).some((r) => r.slot === slot && r.status === 'running');
          return running ? { job, slot } : null;
        },
        'a scheduled slot under way',
        40_000,
        20,
      );
      const holder = [a, b].find((i) => i.queueName === taken.job.processedBy);
      expect(holder, `processedBy ${taken.job.processedBy}`).to.not.equal(undefined);
      const survivor = holder === a ? b : a;
      await holder!.kill();
      const finished = await waitFor(
        async () => (await forecastRuns(survivor)).find((r) => r.slot === taken.slot && completed(r)),
        'the survivor to finish the slot',
        40_000,
      );
      // Every series is accounted for: fitted now, or left as the killed run stored it (incremental re-fit).
      expect(finished).to.include({ seriesTotal: SERIES, status: 'ok' });
      const unchanged = Number(/(\d+) unchanged since their last forecast/.exec(finished.message ?? '')?.[1] ?? 0);
      expect(finished.seriesFitted + unchanged, finished.message ?? '').to.equal(SERIES);
      const ofSlot = (await forecastRuns(survivor)).filter((r) => r.slot === taken.slot);
      // The killed run's record stays as it was when its process died; one run completed the slot.
      expect(ofSlot.filter(completed)).to.have.length(1);
      expect(ofSlot.filter((r) => r.status === 'running')).to.have.length(1);
      const job = await queue.getJob(taken.job.id!);
      expect(await job?.getState()).to.equal('completed');
      expect(job?.processedBy).to.equal(survivor.queueName);
    } finally {
      await queue.close();
    }
  });
});
