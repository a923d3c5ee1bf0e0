/**
 * npm run bench:refit — what a re-fit costs at 10,000 series on one instance. The synthetic series
 * of bench:ingest (synthetic-series.ts: BENCH_SERIES, default 10,000, × 120 months) are loaded into
 * a service with its own influxd, with re-fits after ingests off; then a second service process on
 * the same data (re-fits after ingests on, as deployed) is timed:
 *
 * - full_s: a cold full re-fit (`POST /api/v1/jobs/forecast/run?full=true`, nothing forecast
 *   before), from the job's start to its last stored forecast (the run record's duration), while
 *   100 socket.io clients receive live ingests at 10 a second (live-load.ts), timed from each POST
 *   to its arrival at every client: live_p99_ms;
 * - new_month_s: one new month for every series in one upload, from the upload's answer to the
 *   end of the re-fit it sets off (the quiet time before it, FORECAST_DEBOUNCE_MS, included);
 * - restated_s: one old month restated for 1,000 series, timed the same way.
 *
 * The same live load without a re-fit, for BENCH_LIVE_REF_S seconds (default 20) before the full
 * one, is the reference measured in the same run: on a shared machine the absolute latencies move
 * with whatever else runs. Prints each step, the service's peak RSS (worker threads included), then
 * the summary line `series=… full_s=… new_month_s=… restated_s=… peak_rss_mb=… live_p99_ms=…`.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunRecord } from '../../service/contract/index.js';
import { startManagedInfluxd } from '../../service/storage/local-influxd.js';
import { peakRssMb, spawnService } from './bench-support.js';
import { fmt, liveLoadLines, percentile, runLiveLoad, seedLiveHistory } from './live-load.js';
import { runForecastJob, waitIdle } from './scale-bench-parts.js';
import {
  SYNTHETIC_MONTHS,
  SYNTHETIC_SOURCE,
  syntheticMonth,
  syntheticSeriesId,
  syntheticValue,
  uploadCsvFile,
  writeSyntheticCsv,
} from './synthetic-series.js';

const SERIES = Number(process.env['BENCH_SERIES'] ?? 10_000);
const RESTATED_SERIES = Math.min(1000, SERIES);
/** The bench:live load scaled down: 100 clients on 10 series, 10 ingests a second. */
const LIVE = { clients: 100, series: 10, rate: 10 };
const LIVE_REF_SECONDS = Number(process.env['BENCH_LIVE_REF_S'] ?? 20);
const out = (line: string) => process.stdout.write(`${line}\n`);

/** One month of figures for the first `series` series, as CSV; `bump` changes the stored value (a restatement). */
async function writeMonthCsv(file: string, series: number, month: number, bump: number): Promise<void> {
  const csv = createWriteStream(file);
  csv.write('series,month,value,unit,source\n');
  for (let i = 0; i < series; i++) {
    const value = syntheticValue(i, month) + bump;
    if (!csv.write(`${syntheticSeriesId(i)},${syntheticMonth(month)},${value},units,${SYNTHETIC_SOURCE}\n`))
      await once(csv, 'drain');
  }
  csv.end();
  await once(csv, 'finish');
}

async function forecastRuns(url: string): Promise<RunRecord[]> {
  const res = await fetch(`${url}/api/v1/runs?job=forecast&limit=100`);
  return ((await res.json()) as { runs: RunRecord[] }).runs;
}

/** The re-fit runs an ingest answered at `since` set off, once they have covered `series` series and ended. */
async function refitAfter(url: string, since: number, series: number): Promise<RunRecord[]> {
  for (;;) {
    const runs = (await forecastRuns(url)).filter(
      (r) => r.trigger === 'ingest' && Date.parse(r.startedAt) >= since - 5_000,
    );
    const covered = runs.reduce((n, r) => n + r.seriesTotal, 0);
    if (covered >= series && runs.every((r) => r.status !== 'running')) return runs;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** What went wrong in a run, by code, with the first message of each: `code×n (message)`. */
function errorSummary(run: RunRecord): string {
  const byCode = new Map<string, { n: number; first: string }>();
  for (const e of run.errors) {
    const entry = byCode.get(e.code) ?? { n: 0, first: e.message };
    entry.n += 1;
    byCode.set(e.code, entry);
  }
  return [...byCode].map(([code, { n, first }]) => `; ${code}x${n} (${first})`).join('');
}

/** Uploads one month for `series` series and times the re-fit it sets off, in seconds. */
async function timedMonth(
  url: string,
  token: string,
  file: string,
  what: { series: number; month: number; bump: number; name: string },
): Promise<number> {
  await writeMonthCsv(file, what.series, what.month, what.bump);
  const accepted = await uploadCsvFile(url, token, file);
  const answered = Date.now();
  const runs = await refitAfter(url, answered, what.series);
  const end = Math.max(...runs.map((r) => Date.parse(r.finishedAt!)));
  const seconds = (end - answered) / 1000;
  out(
    `${what.name}: ${accepted} figures of ${syntheticMonth(what.month)}; re-fit in ${runs.length} run(s): ` +
      runs
        .map((r) => `${r.status} "${r.message}" ${(r.durationMs! / 1000).toFixed(1)} s${errorSummary(r)}`)
        .join(', ') +
      `; ${seconds.toFixed(1)} s from the upload's answer to the last stored forecast`,
  );
  return seconds;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-bench-refit-'));
  const influxd = await startManagedInfluxd({ dir: path.join(dir, 'influxdb') });
  const env = {
    INFLUX_URL: influxd.url,
    INFLUX_DATABASE: 'bench_refit',
    PULSECAST_LOAD_FIXTURES: 'false',
    PULSECAST_DATA_DIR: path.join(dir, 'service'),
    PULSECAST_MAX_BODY_BYTES: String(1024 ** 3),
    PULSECAST_WRITE_RATE_PER_MIN: '10000000',
    PULSECAST_AUTH_FAILURES_PER_MIN: '100000',
    // Once a year: no scheduled run falls inside the bench.
    FORECAST_CRON: '0 0 0 1 1 *',
    FORECAST_TZ: 'UTC',
  };
  try {
    out(`machine cores=${os.availableParallelism()} loadavg_1m=${os.loadavg()[0]!.toFixed(2)} at start`);
    const file = path.join(dir, 'series.csv');
    const bytes = await writeSyntheticCsv(file, SERIES);
    const loader = await spawnService({ ...env, FORECAST_DEBOUNCE_MS: '0' });
    try {
      const started = performance.now();
      await waitIdle(loader.url);
      const accepted = await uploadCsvFile(loader.url, loader.token, file);
      await seedLiveHistory(loader.url, loader.token, LIVE.series);
      out(
        `loaded ${SERIES} series x ${SYNTHETIC_MONTHS} months (${accepted} figures, ${(bytes / 1048576).toFixed(1)} MB of CSV) ` +
          `and ${LIVE.series} live series in ${((performance.now() - started) / 1000).toFixed(1)} s, re-fits after ingests off`,
      );
    } finally {
      await loader.stop();
    }

    const service = await spawnService(env);
    try {
      const { url, token } = service;
      await waitIdle(url);
      const reference = await runLiveLoad({ urls: [url], token, ...LIVE, seconds: LIVE_REF_SECONDS });
      for (const line of liveLoadLines(reference)) out(`live without a re-fit (reference): ${line}`);
      // The reference's own re-fit of the live series must not overlap the full one.
      await waitIdle(url);
      const full = runForecastJob(url, token);
      const live = await runLiveLoad({ urls: [url], token, ...LIVE, seconds: 0, until: full });
      const record = await full;
      const fullS = record.durationMs! / 1000;
      out(`full re-fit: ${record.status} "${record.message}" in ${fullS.toFixed(1)} s${errorSummary(record)}`);
      for (const line of liveLoadLines(live)) out(`live during the full re-fit: ${line}`);
      const liveP99 = percentile(live.latencies, 99);
      // The live ingests' own re-fit follows the full one.
      await waitIdle(url);

      const month = path.join(dir, 'month.csv');
      const newMonthS = await timedMonth(url, token, month, {
        name: 'new month',
        series: SERIES,
        month: SYNTHETIC_MONTHS,
        bump: 0,
      });
      const restatedS = await timedMonth(url, token, month, {
        name: 'restated month',
        series: RESTATED_SERIES,
        month: 17,
        bump: 7,
      });

      const rss = await peakRssMb(service.child.pid!);
      out(`service peak RSS: ${rss.toFixed(0)} MB (targets: full <= 600 s, new month <= 300 s, restated <= 120 s,`);
      out(`  peak RSS <= 1000 MB, live p99 < 50 ms); machine loadavg_1m=${os.loadavg()[0]!.toFixed(2)} at the end`);
      out(
        `live p99 during the full re-fit ${fmt(liveP99)} ms against ${fmt(percentile(reference.latencies, 99))} ms without one (reference, same run)`,
      );
      out(
        `series=${SERIES} full_s=${fullS.toFixed(1)} new_month_s=${newMonthS.toFixed(1)} restated_s=${restatedS.toFixed(1)} ` +
          `peak_rss_mb=${Math.round(rss)} live_p99_ms=${fmt(liveP99)}`,
      );
    } finally {
      await service.stop();
    }
  } finally {
    await influxd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `refit bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
