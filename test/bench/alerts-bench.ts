/**
 * npm run bench:alerts — 10,000 series (`BENCH_SERIES`) with 24 months of history and a stored
 * forecast of the next month with known bands, written straight to InfluxDB (no re-fit: automatic
 * re-fits are off); the service (a child process on a private influxd) has the surprise rule alone,
 * notifying a local webhook receiver (no grouping). One month is ingested for every series in one
 * request, every 20th series far outside its 95 % band and the rest on its forecast. Printed:
 * expected and fired alerts, duplicates (calls beyond the first per Idempotency-Key), invalid
 * signatures, and the time from the ingest request's start to each webhook's first arrival; the
 * ingest request's own duration is the reference measured in the same run.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addMonths } from '../../common/month.js';
import type { SeriesForecast } from '../../service/contract/index.js';
import { ForecastStore } from '../../service/forecasts/forecast-store.js';
import { connectInflux } from '../../service/storage/influx-store.js';
import { startManagedInfluxd } from '../../service/storage/local-influxd.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { spawnService, type ServiceProcess } from './bench-support.js';

const SERIES = Number(process.env['BENCH_SERIES'] ?? 10_000);
const HISTORY_MONTHS = 24;
const FIRST_MONTH = '2023-01';
const TARGET = addMonths(FIRST_MONTH, HISTORY_MONTHS);
const SECRET = 'alerts-bench-secret-0123456789';
const DATABASE = 'alerts_bench';
/** Every OUTSIDE_EVERY-th series gets a figure far outside its 95 % band: 5 %. */
const OUTSIDE_EVERY = 20;
/** After the last expected call, how long to keep listening for duplicates (ms). */
const QUIET_MS = 3000;
const TIMEOUT_MS = 120_000;

const seriesId = (i: number) => `bench_${String(i).padStart(5, '0')}`;
const base = (i: number) => 1000 + (i % 97) * 37;
const isOutside = (i: number) => i % OUTSIDE_EVERY === 7;

function forecastOf(i: number): SeriesForecast {
  const point = base(i);
  return {
    series: seriesId(i),
    run: 'bench-run',
    fittedAt: new Date(Date.now() - 24 * 3600_000).toISOString(),
    method: 'bench',
    model: 'bench',
    reason: 'known bands written by the benchmark',
    calibration: null,
    noBacktest: null,
    lastActual: addMonths(TARGET, -1),
    backtest: null,
    years: [],
    points: [
      {
        month: TARGET,
        h: 1,
        point,
        lo80: point * 0.87,
        hi80: point * 1.13,
        lo95: point * 0.8,
        hi95: point * 1.2,
        yoyPct: null,
        yoyBasis: null,
      },
    ],
    baseline: { method: 'yoy', points: [] },
  };
}

/** Ingests `body`; rows a loaded InfluxDB did not take in time wait in the spool, and are waited for. */
async function post(service: ServiceProcess, body: string): Promise<void> {
  const res = await fetch(`${service.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${service.token}` },
    body,
  });
  if (res.status !== 200 && res.status !== 202)
    throw new Error(`ingest failed: ${res.status} ${(await res.text()).slice(0, 500)}`);
  await res.arrayBuffer();
  if (res.status === 202) await spoolDrained(service);
}

async function spoolDrained(service: ServiceProcess): Promise<void> {
  for (;;) {
    const res = await fetch(`${service.url}/api/v1/status`, { headers: { authorization: `Bearer ${service.token}` } });
    const status = (await res.json()) as { spool: { rows: number } };
    if (status.spool.rows === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Answers once the overview has applied every change announced so far. */
async function overviewCurrent(service: ServiceProcess): Promise<void> {
  const res = await fetch(`${service.url}/api/v1/series?limit=1`, {
    headers: { authorization: `Bearer ${service.token}` },
  });
  if (!res.ok) throw new Error(`GET /api/v1/series answered ${res.status}`);
  await res.arrayBuffer();
}

/** CSV of `series,month,value` lines. */
function rows(lines: readonly string[]): string {
  return `series,month,value,unit,source\n${lines.map((l) => `${l},units,https://bench.example/\n`).join('')}`;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function waitForCalls(receiver: WebhookReceiver, expected: number): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (receiver.calls.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // Duplicates would come later than the first calls: listen on for a quiet while.
  let seen = receiver.calls.length;
  for (;;) {
    await new Promise((r) => setTimeout(r, QUIET_MS));
    if (receiver.calls.length === seen) return;
    seen = receiver.calls.length;
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-alerts-bench-'));
  const influxd = await startManagedInfluxd({ dir: path.join(dir, 'influxdb') });
  const receiver = await startWebhookReceiver();
  let service: ServiceProcess | null = null;
  try {
    const alertsFile = path.join(dir, 'alerts.json');
    await writeFile(
      alertsFile,
      JSON.stringify({
        rules: [{ id: 'surprise', kind: 'surprise', series: 'all', notifyFrom: 'critical', channels: ['*'] }],
        channels: [
          { id: 'bench', type: 'webhook', url: receiver.url, secret: SECRET, retry: { attempts: 6, baseDelayMs: 200 } },
        ],
      }),
    );
    service = await spawnService({
      INFLUX_URL: influxd.url,
      INFLUX_DATABASE: DATABASE,
      PULSECAST_DATA_DIR: path.join(dir, 'data'),
      PULSECAST_LOAD_FIXTURES: 'false',
      PULSECAST_ALERTS_FILE: alertsFile,
      PULSECAST_MAX_BODY_BYTES: String(512 * 1024 * 1024),
      PULSECAST_WRITE_RATE_PER_MIN: '10000000',
      FORECAST_DEBOUNCE_MS: '0',
      // Yearly: no scheduled re-fit while the benchmark runs.
      FORECAST_CRON: '0 0 1 1 *',
    });
    let t = performance.now();
    const history = (i: number) =>
      Array.from({ length: HISTORY_MONTHS }, (_, m) => `${seriesId(i)},${addMonths(FIRST_MONTH, m)},${base(i)}`);
    for (let i = 0; i < SERIES; i += 1000)
      await post(service, rows(Array.from({ length: Math.min(1000, SERIES - i) }, (_, k) => history(i + k)).flat()));
    const store = new ForecastStore(await connectInflux({ url: influxd.url, database: DATABASE }));
    for (let i = 0; i < SERIES; i += 500)
      await store.writeMany(Array.from({ length: Math.min(500, SERIES - i) }, (_, k) => forecastOf(i + k)));
    console.log(
      `seeded ${SERIES} series × ${HISTORY_MONTHS} months and a forecast of ${TARGET} each in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    // The overview has read the history back (a page waits for that), and the evaluation of the
    // history (nothing to find: no forecast covers it) has finished: the month arrives at a quiet service.
    await overviewCurrent(service);
    await new Promise((r) => setTimeout(r, 2000));

    const expected = Array.from({ length: SERIES }, (_, i) => i).filter(isOutside).length;
    const body = rows(
      Array.from(
        { length: SERIES },
        (_, i) => `${seriesId(i)},${TARGET},${isOutside(i) ? Math.round(base(i) * 1.6) : base(i)}`,
      ),
    );
    const started = Date.now();
    t = performance.now();
    await post(service, body);
    const ingestMs = performance.now() - t;
    await waitForCalls(receiver, expected);

    const first = new Map<string, number>();
    let invalid = 0;
    let fired = 0;
    for (const call of receiver.calls) {
      const signature = `sha256=${createHmac('sha256', SECRET).update(call.body).digest('hex')}`;
      if (call.headers['x-pulsecast-signature'] !== signature) invalid++;
      const key = String(call.headers['idempotency-key']);
      if (first.has(key)) continue;
      first.set(key, call.at - started);
      const payload = JSON.parse(call.body) as { transition?: { change: string; alert: { kind: string } } };
      if (payload.transition?.change === 'fired' && payload.transition.alert.kind === 'surprise') fired++;
    }
    const duplicates = receiver.calls.length - first.size;
    const latencies = [...first.values()].sort((a, b) => a - b);
    console.log(
      `ingest of ${SERIES} figures (${TARGET}) answered in ${ingestMs.toFixed(0)} ms; ${receiver.calls.length} webhook calls, ${invalid} with an invalid signature; last arrival ${latencies.at(-1)?.toFixed(0) ?? 'none'} ms after the ingest started; load ${os.loadavg()[0]!.toFixed(2)}`,
    );
    console.log(
      `series=${SERIES} expected=${expected} fired=${fired} duplicates=${duplicates} p50_ms=${quantile(latencies, 0.5).toFixed(0)} p99_ms=${quantile(latencies, 0.99).toFixed(0)}`,
    );
  } finally {
    await service?.stop();
    await receiver.close();
    await influxd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
