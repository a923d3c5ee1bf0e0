/**
 * npm run bench:scale — 1, 2 and 3 instances of the service (compiled, each its own process) on one
 * InfluxDB and the machine's Redis (a key prefix per step, deleted after), as behind a load balancer.
 *
 * For each number of instances:
 * - re-fit: a full forecast run of the M3 monthly series (training part, from test/bench/data/m3)
 *   started on the first instance, its fits spread over all of them through the fit queue; the time
 *   is the run record's, and the share of the series each instance fitted comes from the queue's own
 *   record of who processed each fit;
 * - live: the bench:live load (live-load.ts) with its clients and POSTs spread round-robin over the
 *   instances, each POST timed to its arrival at every subscribed client, wherever that client is.
 *
 * Prints a table; the last line is `refit_s_1=… refit_s_2=… refit_s_3=… share_min_2=… p99_ms_3=…`.
 * Options (environment): SCALE_INSTANCES (1,2,3), SCALE_SERIES (all), LIVE_CLIENTS (1000),
 * LIVE_SERIES (100), LIVE_RATE (50), LIVE_SECONDS (60), REDIS_URL (redis://127.0.0.1:6379).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../../service/logger.js';
import { connectRedis, deleteKeys, redisKeys } from '../../service/scale/redis.js';
import { startManagedInfluxd } from '../../service/storage/local-influxd.js';
import { BENCH_TOKEN, cpuSeconds, spawnService, type ServiceProcess } from './bench-support.js';
import { loadBenchData } from './forecast-bench-data.js';
import { fmt, percentile, runLiveLoad, seedLiveHistory, type LiveLoadResult } from './live-load.js';
import { fitsByInstance, ingestM3, runForecastJob, waitIdle } from './scale-bench-parts.js';
import { M3 } from './m3-data.js';

const COUNTS = (process.env['SCALE_INSTANCES'] ?? '1,2,3').split(',').map(Number);
const SERIES_LIMIT = Number(process.env['SCALE_SERIES'] ?? Number.POSITIVE_INFINITY);
const LIVE = {
  clients: Number(process.env['LIVE_CLIENTS'] ?? 1000),
  series: Number(process.env['LIVE_SERIES'] ?? 100),
  rate: Number(process.env['LIVE_RATE'] ?? 50),
  seconds: Number(process.env['LIVE_SECONDS'] ?? 60),
};
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const out = (line: string) => process.stdout.write(`${line}\n`);

interface Row {
  readonly instances: number;
  readonly refitS: number;
  readonly fitted: number;
  readonly total: number;
  /** Fraction of the fits each instance made, in instance order. */
  readonly shares: readonly number[];
  /** CPU seconds each instance used during the re-fit. */
  readonly cpuS: readonly number[];
  readonly live: LiveLoadResult;
}

async function startGroup(count: number, env: Record<string, string>, dir: string): Promise<ServiceProcess[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const dataDir = await mkdtemp(path.join(dir, `instance-${i + 1}-`));
      return spawnService({
        ...env,
        PULSECAST_DATA_DIR: dataDir,
        PULSECAST_LOAD_FIXTURES: 'false',
        PULSECAST_WRITE_RATE_PER_MIN: '10000000',
        PULSECAST_AUTH_FAILURES_PER_MIN: '100000',
      });
    }),
  );
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-scale-bench-'));
  const influxd = await startManagedInfluxd({ dir: path.join(dir, 'influxdb') });
  const redis = await connectRedis(REDIS_URL, createLogger('warn'));
  const run = randomBytes(4).toString('hex');
  const m3 = loadBenchData(M3.data, M3.meta).slice(0, SERIES_LIMIT);
  const rows: Row[] = [];
  const prefixes: string[] = [];
  try {
    for (const [step, n] of COUNTS.entries()) {
      // Re-fit: every step fits the same stored series; no re-fit after ingests, so the only run is the one timed.
      const refitKeys = redisKeys(`pulsecast-bench-${run}-refit${n}`);
      prefixes.push(refitKeys.prefix);
      const base = { INFLUX_URL: influxd.url, REDIS_URL, LOG_LEVEL: 'warn' };
      const refitGroup = await startGroup(
        n,
        {
          ...base,
          INFLUX_DATABASE: 'scale_refit',
          PULSECAST_REDIS_PREFIX: refitKeys.prefix,
          FORECAST_DEBOUNCE_MS: '0',
        },
        dir,
      );
      let refit: { seconds: number; fitted: number; total: number; shares: number[]; cpuS: number[] };
      try {
        const first = refitGroup[0]!;
        if (step === 0) {
          const t0 = performance.now();
          const figures = await ingestM3(first.url, BENCH_TOKEN, m3);
          out(
            `stored ${figures} figures of ${m3.length} M3 monthly series in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
          );
        }
        await waitIdle(first.url);
        const cpu0 = await Promise.all(refitGroup.map((s) => cpuSeconds(s.child.pid!)));
        out(`re-fit with ${n} instance(s)…`);
        const record = await runForecastJob(first.url, BENCH_TOKEN);
        const cpuS = (await Promise.all(refitGroup.map((s) => cpuSeconds(s.child.pid!)))).map((c, i) => c - cpu0[i]!);
        const by = await fitsByInstance(redis, refitKeys);
        const made = refitGroup.map((s) =>
          [...by].filter(([name]) => name.endsWith(`/${s.child.pid}`)).reduce((sum, [, count]) => sum + count, 0),
        );
        const fits = made.reduce((a, b) => a + b, 0);
        refit = {
          seconds: record.durationMs! / 1000,
          fitted: record.seriesFitted,
          total: record.seriesTotal,
          shares: made.map((m) => m / fits),
          cpuS,
        };
        out(
          `  ${record.status}: ${record.message} in ${refit.seconds.toFixed(1)} s; fits by instance ${made.join(' / ')}; cpu_s ${cpuS.map((c) => c.toFixed(1)).join(' / ')}`,
        );
      } finally {
        await Promise.all(refitGroup.map((s) => s.stop()));
      }

      // Live: a database of its own per step, so every POST is a new figure (and an event).
      const liveKeys = redisKeys(`pulsecast-bench-${run}-live${n}`);
      prefixes.push(liveKeys.prefix);
      const liveGroup = await startGroup(
        n,
        { ...base, INFLUX_DATABASE: `scale_live${n}`, PULSECAST_REDIS_PREFIX: liveKeys.prefix },
        dir,
      );
      let live: LiveLoadResult;
      try {
        await seedLiveHistory(liveGroup[0]!.url, BENCH_TOKEN, LIVE.series);
        live = await runLiveLoad({
          urls: liveGroup.map((s) => s.url),
          token: BENCH_TOKEN,
          ...LIVE,
          log: (line) => out(`  ${line}`),
        });
        out(
          `  live: deliveries ${live.latencies.length}/${live.expected}, posts ok ${live.ok}/${live.posts}, p99 ${fmt(percentile(live.latencies, 99))} ms`,
        );
      } finally {
        await Promise.all(liveGroup.map((s) => s.stop()));
      }
      rows.push({
        instances: n,
        refitS: refit.seconds,
        fitted: refit.fitted,
        total: refit.total,
        shares: refit.shares,
        cpuS: refit.cpuS,
        live,
      });
    }
    printTable(rows);
  } finally {
    for (const prefix of prefixes) await deleteKeys(redis, prefix);
    await redis.quit();
    await influxd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function printTable(rows: readonly Row[]): void {
  out('');
  out(
    '| instances | re-fit s | series fitted | share fitted by each | re-fit CPU s by each | live posts ok | deliveries / owed | p50 ms | p99 ms | max ms |',
  );
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const l = r.live;
    out(
      `| ${r.instances} | ${r.refitS.toFixed(1)} | ${r.fitted}/${r.total} | ${r.shares.map((s) => s.toFixed(3)).join(' / ')} | ${r.cpuS.map((c) => c.toFixed(0)).join(' / ')} | ` +
        `${l.ok}/${l.posts} | ${l.latencies.length}/${l.expected} | ${fmt(percentile(l.latencies, 50))} | ${fmt(percentile(l.latencies, 99))} | ${fmt(l.latencies[l.latencies.length - 1] ?? Number.NaN)} |`,
    );
  }
  const of = (n: number) => rows.find((r) => r.instances === n);
  const num = (x: number | undefined, digits: number) =>
    x === undefined || !Number.isFinite(x) ? 'NaN' : x.toFixed(digits);
  out(
    `refit_s_1=${num(of(1)?.refitS, 1)} refit_s_2=${num(of(2)?.refitS, 1)} refit_s_3=${num(of(3)?.refitS, 1)} ` +
      `share_min_2=${num(of(2) ? Math.min(...of(2)!.shares) : undefined, 3)} p99_ms_3=${num(of(3) ? percentile(of(3)!.live.latencies, 99) : undefined, 2)}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `scale bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
