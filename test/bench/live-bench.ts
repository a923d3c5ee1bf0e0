/**
 * npm run bench:live — 1,000 socket.io clients subscribed across 100 series (10 per series) on a
 * service running as its own process with its own influxd; figures are POSTed to /api/v1/ingest at
 * a fixed rate (open loop: a slow answer does not slow the sender) for a fixed time. Each POST is
 * timed from its start to the arrival of its event at every client subscribed to its series (both
 * ends in this process, on one clock). Prints delivery counts, latency percentiles and the
 * server's CPU and RSS; the last line is the summary with bare numbers.
 *
 * Options (environment): LIVE_CLIENTS (1000), LIVE_SERIES (100), LIVE_RATE (posts/s, 50),
 * LIVE_SECONDS (60).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../service/live/events.js';
import { cpuSeconds, peakRssMb, spawnService } from './bench-support.js';

const CLIENTS = Number(process.env['LIVE_CLIENTS'] ?? 1000);
const SERIES = Number(process.env['LIVE_SERIES'] ?? 100);
const RATE = Number(process.env['LIVE_RATE'] ?? 50);
const SECONDS = Number(process.env['LIVE_SECONDS'] ?? 60);
/** Months of history per series before the run, so that the re-fits the posts trigger are real fits. */
const HISTORY_MONTHS = 36;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const seriesId = (i: number) => `live_${String(i).padStart(3, '0')}`;
const monthOf = (k: number) => `${2015 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
const valueOf = (i: number, k: number) => Math.round((500 + i * 13) * (1 + k / 48) * (1 + 0.25 * Math.sin((2 * Math.PI * (k % 12)) / 12)));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'NaN');

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-live-bench-'));
  const token = randomBytes(24).toString('hex');
  const service = await spawnService({
    PULSECAST_DATA_DIR: dir,
    PULSECAST_LOAD_FIXTURES: 'false',
    PULSECAST_ADMIN_TOKEN: token,
    PULSECAST_WRITE_RATE_PER_MIN: '10000000',
    PULSECAST_AUTH_FAILURES_PER_MIN: '100000',
  });
  const pid = service.child.pid!;
  const clients: Client[] = [];
  try {
    const auth = { authorization: `Bearer ${token}` };
    // History first: every series exists, with enough months for the re-fits the posts set off.
    let csv = 'series,month,value,unit,source\n';
    for (let i = 0; i < SERIES; i++) for (let k = 0; k < HISTORY_MONTHS; k++) csv += `${seriesId(i)},${monthOf(k)},${valueOf(i, k)},units,https://bench.example/history\n`;
    const seeded = await fetch(`${service.url}/api/v1/ingest`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    if (!seeded.ok) throw new Error(`seeding the history failed: ${seeded.status} ${await seeded.text()}`);

    // Clients: client c follows series c mod SERIES.
    const started = new Map<string, number>();
    const latencies: number[] = [];
    let unmatched = 0;
    for (let c = 0; c < CLIENTS; c++) {
      const socket: Client = io(service.url, { transports: ['websocket'], forceNew: true, auth: { token } });
      socket.on('actuals', (e) => {
        const at = performance.now();
        for (const month of e.months) {
          const t0 = started.get(`${e.series}|${month}`);
          if (t0 === undefined) unmatched += 1;
          else latencies.push(at - t0);
        }
      });
      clients.push(socket);
    }
    await Promise.all(
      clients.map(async (socket, c) => {
        if (!socket.connected) await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));
        const ack = await socket.timeout(30_000).emitWithAck('subscribe', { series: [seriesId(c % SERIES)] });
        if (!ack.ok) throw new Error(`subscribe refused: ${ack.error.message}`);
      }),
    );
    process.stdout.write(`live bench: ${CLIENTS} clients on ${SERIES} series connected; posting ${RATE}/s for ${SECONDS} s to ${service.url}\n`);

    // Open loop: post k starts at k / RATE seconds, whatever became of the earlier ones.
    const total = Math.round(RATE * SECONDS);
    const perSeries = new Array<number>(SERIES).fill(HISTORY_MONTHS);
    let ok = 0;
    let failed = 0;
    /** Deliveries owed: each stored post, once per client following its series. */
    let expected = 0;
    const followers = (i: number) => Math.floor(CLIENTS / SERIES) + (i < CLIENTS % SERIES ? 1 : 0);
    const postMs: number[] = [];
    const failures = new Map<string, number>();
    const inflight: Promise<void>[] = [];
    const cpu0 = await cpuSeconds(pid);
    const wall0 = performance.now();
    for (let k = 0; k < total; k++) {
      const due = wall0 + (k * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const i = k % SERIES;
      const month = monthOf(perSeries[i]!++);
      const body = JSON.stringify([{ series: seriesId(i), month, value: valueOf(i, perSeries[i]!), unit: 'units', source: 'https://bench.example/live' }]);
      const t0 = performance.now();
      started.set(`${seriesId(i)}|${month}`, t0);
      inflight.push(
        fetch(`${service.url}/api/v1/ingest`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body }).then(
          async (res) => {
            const text = await res.text();
            postMs.push(performance.now() - t0);
            if (res.ok) {
              ok += 1;
              expected += followers(i);
            } else {
              failed += 1;
              const code = `${res.status} ${(/"code":"(\w+)"/.exec(text) ?? [])[1] ?? ''}`.trim();
              failures.set(code, (failures.get(code) ?? 0) + 1);
            }
          },
          (error: unknown) => {
            failed += 1;
            const code = error instanceof Error ? error.message : String(error);
            failures.set(code, (failures.get(code) ?? 0) + 1);
          },
        ),
      );
    }
    await Promise.all(inflight);
    const wall = (performance.now() - wall0) / 1000;
    const cpu = (await cpuSeconds(pid)) - cpu0;
    // Let the last events land: every expected delivery, or two seconds of nothing new.
    for (let last = latencies.length, quiet = 0; latencies.length < expected && quiet < 20; quiet = latencies.length === last ? quiet + 1 : 0, last = latencies.length) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const rss = await peakRssMb(pid);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const max = sorted[sorted.length - 1] ?? Number.NaN;
    process.stdout.write(`posts=${ok + failed} ok=${ok} failed=${failed} seconds=${wall.toFixed(1)} posts_per_s=${((ok + failed) / wall).toFixed(1)}\n`);
    const posts = [...postMs].sort((a, b) => a - b);
    process.stdout.write(`post_response_ms p50=${fmt(percentile(posts, 50))} p99=${fmt(percentile(posts, 99))} max=${fmt(posts[posts.length - 1] ?? Number.NaN)}${failures.size ? ` failures=${JSON.stringify(Object.fromEntries(failures))}` : ''}\n`);
    process.stdout.write(`deliveries=${latencies.length} expected=${expected} missing=${expected - latencies.length} unmatched=${unmatched}\n`);
    process.stdout.write(`ingest_to_client_ms p50=${fmt(p50)} p90=${fmt(percentile(sorted, 90))} p99=${fmt(p99)} p99_9=${fmt(percentile(sorted, 99.9))} max=${fmt(max)}\n`);
    process.stdout.write(`server cpu_s=${cpu.toFixed(1)} cpu_pct_of_one_core=${((cpu / wall) * 100).toFixed(1)} peak_rss_mb=${rss.toFixed(1)}\n`);
    process.stdout.write(`clients=${CLIENTS} p50_ms=${fmt(p50)} p99_ms=${fmt(p99)} max_ms=${fmt(max)} rss_mb=${rss.toFixed(1)}\n`);
  } finally {
    for (const socket of clients) socket.disconnect();
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`live bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
