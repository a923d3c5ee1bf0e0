/**
 * npm run bench:ingest — 10,000 series × 120 months (1.2 M rows) as CSV through the service's
 * HTTP ingest, against the same points written as raw line protocol straight to InfluxDB (batches
 * of 5,000 over two concurrent connections, each batch's new series' metadata in a request ahead of
 * it, as the service writes them) in the same run, on the same private influxd. The figures alone,
 * without the metadata, are written too: the reference of earlier rounds, quoted under `_figures_only`.
 * Each of `BENCH_RUNS` runs (default 3) measures both on fresh databases and fresh services, the
 * service once with the shipped alert rules and once with none (odd runs raw first, even runs the service
 * first); the last line is the summary: the
 * median of the runs' rates, of their ratios and of their peak RSS (rules on), then the rules-off rate
 * and ratio under `_off` keys.
 * `BENCH_CPU_PROF=dir` / `BENCH_HEAP_PROF=dir` write the service's CPU / allocation profiles there
 * (with `BENCH_HEAP_LIVE=1`, the heap profile holds only what the service still holds at exit).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monthToDate } from '../../common/month.js';
import { sourceKeyOf } from '../../ingest/figure.js';
import { InfluxDB } from 'influx';
import { ensureDatabase } from '../../service/storage/influx-store.js';
import { pointLine } from '../../service/storage/line-protocol.js';
import { MEASUREMENT, TAG } from '../../service/storage/schema.js';
import { startManagedInfluxd } from '../../service/storage/local-influxd.js';
import { cpuSeconds, peakRssMb, spawnService } from './bench-support.js';
import {
  SYNTHETIC_MONTHS as MONTHS,
  SYNTHETIC_SOURCE as SOURCE,
  syntheticMonth as monthKey,
  syntheticSeriesId as seriesId,
  syntheticValue as valueOf,
  writeSyntheticCsv,
} from './synthetic-series.js';

const SERIES = Number(process.env['BENCH_SERIES'] ?? 10_000);
const RAW_BATCH = 5000;
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);

/** One raw write: the metadata of the series that start in it (written first, as the service does), and its figures. */
interface RawBatch {
  readonly meta: string | null;
  readonly figures: string;
}

/**
 * The points the service writes for these rows, as line protocol, every field included and typed as
 * the service types it: each batch's figures and, with `withMeta`, the `series_meta` point of each
 * series first seen in it (the service's own line for it), in a request of its own ahead of the figures.
 */
function* rawBatches(now: number, withMeta: boolean): Generator<RawBatch> {
  const src = sourceKeyOf(SOURCE);
  // A batch id as the service gives one (a UUID), so that each point is as long as the service's.
  const batch = randomUUID();
  let lines: string[] = [];
  let meta: string[] = [];
  for (let i = 0; i < SERIES; i++) {
    const id = seriesId(i);
    const cut = id.indexOf('_');
    if (withMeta) {
      const fields = {
        metric_name: id.slice(cut + 1),
        entity_name: id.slice(0, cut),
        unit: 'units',
        name: id,
        created_at: now,
      };
      meta.push(pointLine(MEASUREMENT.seriesMeta, { [TAG.series]: id }, fields, 0));
    }
    for (let m = 0; m < MONTHS; m++) {
      const seconds = monthToDate(monthKey(m)).getTime() / 1000;
      lines.push(
        `report,entity=${id.slice(0, cut)},kind=monthly,metric=${id.slice(cut + 1)},series=${id},src=${src} batch="${batch}",first_ingested_at=${now},has_yoy=false,ingested_at=${now},live=true,quote="",source="${SOURCE}",value=${valueOf(i, m)},yoy_pct_stated=0 ${seconds}`,
      );
      if (lines.length === RAW_BATCH) {
        yield { meta: meta.length ? meta.join('\n') : null, figures: lines.join('\n') };
        lines = [];
        meta = [];
      }
    }
  }
  if (lines.length) yield { meta: meta.length ? meta.join('\n') : null, figures: lines.join('\n') };
}

/** The InfluxDB every run writes to: its address, and its process, whose CPU each phase accounts for. */
interface BenchInfluxd {
  readonly url: string;
  readonly pid: number;
}

/** Raw line protocol: the service's points (figures and series metadata), or its figures alone. */
type RawPoints = 'all' | 'figures';

async function rawWrite(influxd: BenchInfluxd, database: string, points: RawPoints): Promise<number> {
  const influxUrl = influxd.url;
  // The database as the service creates its own (its shard duration), so that both write alike.
  await ensureDatabase(
    new InfluxDB({ host: new URL(influxUrl).hostname, port: Number(new URL(influxUrl).port) }),
    database,
  );
  const batches = rawBatches(Date.now(), points === 'all');
  const cpu0 = await cpuSeconds(influxd.pid);
  const served0 = await httpdCounts(influxUrl);
  const own0 = process.cpuUsage();
  const started = performance.now();
  let retries = 0;
  const post = async (body: string): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${influxUrl}/write?db=${database}&precision=s`, { method: 'POST', body });
      if (res.status === 204) return;
      const answer = await res.text();
      // On a loaded machine InfluxDB may give up on a write after its 10 s write-timeout; the
      // points are idempotent, so the batch is sent again, its time counted.
      if (res.status !== 500 || !answer.includes('timeout') || attempt === 5)
        throw new Error(`raw write failed: ${res.status} ${answer}`);
      retries++;
    }
  };
  const worker = async () => {
    for (let next = batches.next(); !next.done; next = batches.next()) {
      if (next.value.meta !== null) await post(next.value.meta);
      await post(next.value.figures);
    }
  };
  await Promise.all([worker(), worker()]);
  const seconds = (performance.now() - started) / 1000;
  const influxCpu = (await cpuSeconds(influxd.pid)) - cpu0;
  const own = process.cpuUsage(own0);
  const served = servedBetween(served0, await httpdCounts(influxUrl));
  if (retries > 0) console.log(`raw write: ${retries} batches sent again after InfluxDB's write timeout`);
  console.log(
    `raw write (${points === 'all' ? 'figures and series metadata' : 'figures alone'}): ${seconds.toFixed(1)} s; influxd used ${influxCpu.toFixed(1)} CPU-s (${((influxCpu / (SERIES * MONTHS)) * 1e6).toFixed(1)} us a row), the bench building and sending the lines ${((own.user + own.system) / 1e6).toFixed(1)} CPU-s; ${served}`,
  );
  return (SERIES * MONTHS) / seconds;
}

/** What influxd's HTTP endpoint has served so far (its /debug/vars counters). */
interface HttpdCounts {
  readonly writeReq: number;
  readonly writeReqBytes: number;
  readonly queryReq: number;
  readonly queryReqDurationNs: number;
}

async function httpdCounts(influxUrl: string): Promise<HttpdCounts> {
  const vars = (await (await fetch(`${influxUrl}/debug/vars`)).json()) as Record<string, { values?: HttpdCounts }>;
  const httpd = Object.entries(vars).find(([key]) => key.startsWith('httpd'))?.[1].values;
  if (!httpd) throw new Error('influxd /debug/vars has no httpd counters');
  return httpd;
}

/** The requests influxd served between two readings of its counters, in words. */
function servedBetween(before: HttpdCounts, after: HttpdCounts): string {
  const writes = after.writeReq - before.writeReq;
  const mb = (after.writeReqBytes - before.writeReqBytes) / 1048576;
  const queries = after.queryReq - before.queryReq;
  const queryS = (after.queryReqDurationNs - before.queryReqDurationNs) / 1e9;
  return `influxd served ${writes} writes (${mb.toFixed(0)} MB) and ${queries} queries (${queryS.toFixed(1)} s in all)`;
}

async function influxQuery(influxUrl: string, q: string): Promise<void> {
  const res = await fetch(`${influxUrl}/query?q=${encodeURIComponent(q)}`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`${q} failed: ${res.status} ${await res.text()}`);
}

interface RunFigures {
  readonly serviceRate: number;
  readonly rawRate: number;
  /** Service over raw, both measured in this run. */
  readonly ratio: number;
  readonly rssMb: number;
  /** The same upload with no alert rules at all. */
  readonly serviceRateOff: number;
  readonly ratioOff: number;
  /** Raw line protocol of the figures alone (the reference of earlier rounds), and the service over it. */
  readonly rawFiguresRate: number;
  readonly ratioFigures: number;
}

/** The alert rules a service of the bench runs with: the shipped defaults, or none. */
type Rules = 'on' | 'off';

/** One measured phase of a run: a raw write, or the upload through a service. */
type Phase = { readonly raw: RawPoints } | { readonly rules: Rules };

/**
 * The raw writes of the points, and the CSV through a fresh service with the default rules and one with
 * none. Odd runs take them in that order, even runs in the reverse, so that neither the raw writes nor the
 * service always meet the machine later in the run; each phase starts once influxd has settled after the
 * one before (the drop of its database).
 */
async function benchRun(
  run: number,
  dir: string,
  file: string,
  bytes: number,
  influxd: BenchInfluxd,
): Promise<RunFigures> {
  // The reference writes what the service writes; the figures alone are the reference of earlier
  // rounds, which left out the series metadata (10,000 more series in InfluxDB's index).
  const phases: Phase[] = [{ raw: 'all' }, { raw: 'figures' }, { rules: 'on' }, { rules: 'off' }];
  if (run % 2 === 0) phases.reverse();
  const rawRates = new Map<RawPoints, number>();
  const measured = new Map<Rules, { rate: number; rssMb: number }>();
  for (const phase of phases) {
    await settled(influxd);
    if ('raw' in phase) {
      rawRates.set(phase.raw, await rawWrite(influxd, `bench_raw_${phase.raw}_${run}`, phase.raw));
      await influxQuery(influxd.url, `DROP DATABASE "bench_raw_${phase.raw}_${run}"`);
    } else measured.set(phase.rules, await serviceRun(run, phase.rules, dir, file, bytes, influxd));
  }
  const rawRate = rawRates.get('all')!;
  const rawFiguresRate = rawRates.get('figures')!;
  const on = measured.get('on')!;
  const off = measured.get('off')!;
  console.log(
    `run ${run}: raw line protocol ${Math.round(rawRate)} rows/s (figures alone ${Math.round(rawFiguresRate)}); service ${Math.round(on.rate)} rows/s with the alert rules, ${Math.round(off.rate)} without; ratio ${(on.rate / rawRate).toFixed(2)}, ${(off.rate / rawRate).toFixed(2)} without the rules`,
  );
  return {
    serviceRate: on.rate,
    rawRate,
    ratio: on.rate / rawRate,
    rssMb: on.rssMb,
    serviceRateOff: off.rate,
    ratioOff: off.rate / rawRate,
    rawFiguresRate,
    ratioFigures: on.rate / rawFiguresRate,
  };
}

/**
 * Waits until influxd uses under a tenth of a core over half a second (at most 30 s): a dropped
 * database's files and memory are reclaimed after the drop answers, on the next phase's time otherwise.
 */
async function settled(influxd: BenchInfluxd): Promise<void> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const before = await cpuSeconds(influxd.pid);
    await new Promise((resolve) => setTimeout(resolve, 500));
    if ((await cpuSeconds(influxd.pid)) - before < 0.05 || performance.now() > deadline) return;
  }
}

/** The CSV streamed through a fresh service on a fresh database. */
async function serviceRun(
  run: number,
  rules: Rules,
  dir: string,
  file: string,
  bytes: number,
  influxd: BenchInfluxd,
): Promise<{ rate: number; rssMb: number }> {
  const env: Record<string, string> = {
    INFLUX_URL: influxd.url,
    INFLUX_DATABASE: `bench_service_${run}_${rules}`,
    PULSECAST_LOAD_FIXTURES: 'false',
    PULSECAST_MAX_BODY_BYTES: String(bytes + 1024),
    PULSECAST_DATA_DIR: path.join(dir, `service-${run}-${rules}`),
  };
  if (rules === 'off') {
    env['PULSECAST_ALERTS_FILE'] = path.join(dir, 'no-alert-rules.json');
    await writeFile(env['PULSECAST_ALERTS_FILE'], JSON.stringify({ rules: [], channels: [] }));
  }
  const service = await spawnService(env);
  try {
    const pid = service.child.pid!;
    const cpu0 = await Promise.all([cpuSeconds(pid), cpuSeconds(influxd.pid)]);
    const served0 = await httpdCounts(influxd.url);
    const started = performance.now();
    const res = await fetch(`${service.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${service.token}` },
      body: createReadStream(file) as unknown as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const summary = (await res.json()) as { accepted: number; rejected: number };
    const seconds = (performance.now() - started) / 1000;
    const [serviceCpu, influxCpu] = (await Promise.all([cpuSeconds(pid), cpuSeconds(influxd.pid)])).map(
      (cpu, i) => cpu - cpu0[i]!,
    );
    const served = servedBetween(served0, await httpdCounts(influxd.url));
    if (res.status !== 200 || summary.accepted !== SERIES * MONTHS)
      throw new Error(`service ingest failed: ${res.status} ${JSON.stringify(summary).slice(0, 500)}`);
    const serviceRate = (SERIES * MONTHS) / seconds;
    const rssMb = await peakRssMb(pid);
    const perRow = (cpu: number) => ((cpu / (SERIES * MONTHS)) * 1e6).toFixed(1);
    console.log(
      `run ${run}, alert rules ${rules}: service POST /api/v1/ingest (CSV streamed) ${Math.round(serviceRate)} rows/s, ${summary.accepted} accepted in ${seconds.toFixed(1)} s; service peak RSS ${rssMb.toFixed(0)} MB; load ${os.loadavg()[0]!.toFixed(2)}`,
    );
    // Both share the machine's cores: what the service spends a row is taken from InfluxDB's writes.
    console.log(
      `  CPU during the upload: service ${serviceCpu!.toFixed(1)} s (${perRow(serviceCpu!)} us a row), influxd ${influxCpu!.toFixed(1)} s (${perRow(influxCpu!)} us a row); ${served}`,
    );
    return { rate: serviceRate, rssMb };
  } finally {
    await service.stop();
    // Each upload writes 1.2 M points; the next one starts on an InfluxDB that holds none of them.
    await influxQuery(influxd.url, `DROP DATABASE "bench_service_${run}_${rules}"`);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`BENCH_RUNS must be a whole number >= 1; got ${RUNS}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-bench-ingest-'));
  const influxd = await startManagedInfluxd({ dir: path.join(dir, 'influxdb') });
  try {
    const file = path.join(dir, 'bench.csv');
    const bytes = await writeSyntheticCsv(file, SERIES);
    console.log(
      `generated ${SERIES} series x ${MONTHS} months = ${SERIES * MONTHS} rows, ${(bytes / 1048576).toFixed(1)} MB of CSV; raw: batches of ${RAW_BATCH} on 2 connections; ${RUNS} runs on ${os.cpus().length} cores`,
    );
    const runs: RunFigures[] = [];
    for (let run = 1; run <= RUNS; run++) runs.push(await benchRun(run, dir, file, bytes, influxd));
    const serviceRate = median(runs.map((r) => r.serviceRate));
    const rawRate = median(runs.map((r) => r.rawRate));
    const ratio = median(runs.map((r) => r.ratio));
    const rss = median(runs.map((r) => r.rssMb));
    console.log(
      `median of ${RUNS} runs; ratio is the median of each run's own ratio (target >= 0.9); peak RSS target < 300 MB (largest ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB)`,
    );
    const ratioOff = median(runs.map((r) => r.ratioOff));
    console.log(
      `alert rules: the default rules' ratio is ${((ratio / ratioOff - 1) * 100).toFixed(1)} % from the no-rules ratio (target: within 5 %)`,
    );
    console.log(
      `service_rows_per_s=${Math.round(serviceRate)} raw_rows_per_s=${Math.round(rawRate)} ratio=${ratio.toFixed(2)} peak_rss_mb=${Math.round(rss)} ` +
        `service_rows_per_s_off=${Math.round(median(runs.map((r) => r.serviceRateOff)))} ratio_off=${ratioOff.toFixed(2)} ` +
        `raw_figures_only_rows_per_s=${Math.round(median(runs.map((r) => r.rawFiguresRate)))} ratio_figures_only=${median(runs.map((r) => r.ratioFigures)).toFixed(2)}`,
    );
  } finally {
    await influxd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
