/**
 * npm run bench:overview — the overview with 10,000 series (`BENCH_SERIES`): 36 months of figures
 * each through the ingest API, and a stored forecast for each written straight into InfluxDB (no
 * re-fit: automatic re-fits are off). The service is then restarted, so the overview index is built
 * from the store as at any start, and measured:
 *
 * - `api_p95_ms`: 95th percentile of 100 GET /api/v1/series, one after another, mixing first pages
 *   in every sort, filtered pages and the next pages of sorted ones (cursor);
 * - `first_paint_ms`: in Chromium, from navigation to the first data rows painted (the page's
 *   User Timing mark), the median of 5 fresh pages;
 * - `filter_ms`: from the last keystroke of a filter to its rows painted, debounce included, the
 *   median of 5 filters.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addMonths, monthIndex, yearOf } from '../../common/month.js';
import { isAdditiveUnit } from '../../common/units.js';
import type { SeriesForecast, StoredForecastPoint, YearOutlook } from '../../service/contract/index.js';
import { ForecastStore } from '../../service/forecasts/forecast-store.js';
import { connectInflux } from '../../service/storage/influx-store.js';
import { startManagedInfluxd } from '../../service/storage/local-influxd.js';
import { launchBrowser } from '../support/browser.js';
import { spawnService, type ServiceProcess } from './bench-support.js';
import { syntheticCsv, syntheticSeries, syntheticValue, type SyntheticSeries } from './synthetic-catalogue.js';

const SERIES = Number(process.env['BENCH_SERIES'] ?? 10_000);
const FIRST_MONTH = '2023-10';
const MONTHS = 36;
const LAST_MONTH = addMonths(FIRST_MONTH, MONTHS - 1);
const HORIZON = 12;
const DATABASE = 'bench_overview';
/** What the page's overview marks when it has painted rows (dashboard/src/views/overview.ts). */
const ROWS_PAINTED_MARK = 'pulsecast:overview-rows-painted';

function serviceEnv(dir: string, influxUrl: string): Record<string, string> {
  return {
    INFLUX_URL: influxUrl,
    INFLUX_DATABASE: DATABASE,
    PULSECAST_LOAD_FIXTURES: 'false',
    PULSECAST_DATA_DIR: path.join(dir, 'service'),
    // No re-fit: not after an ingest, and the schedule's latest slot is older than the first run.
    FORECAST_DEBOUNCE_MS: '0',
    FORECAST_CRON: '0 0 0 1 1 *',
  };
}

/** Every series' figures through the API; one month of every hundredth series from a second source that disagrees. */
async function ingest(service: ServiceProcess, series: readonly SyntheticSeries[]): Promise<void> {
  const post = async (csv: string) => {
    const res = await fetch(`${service.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
  };
  for (const csv of syntheticCsv(series, FIRST_MONTH, MONTHS)) await post(csv);
  const disagreeing = series.filter((s) => s.index % 100 === 0);
  await post(
    'series,month,value,unit,source\n' +
      disagreeing
        .map((s) => `${s.id},${LAST_MONTH},${syntheticValue(s, MONTHS - 1) + 1},${s.unit},https://b.example`)
        .join('\n'),
  );
}

/** A forecast as a run would store it: 12 months after the last actual, bands, and this year's outlook. */
function forecastOf(s: SyntheticSeries, fittedAt: string): SeriesForecast {
  const points: StoredForecastPoint[] = Array.from({ length: HORIZON }, (_, i) => {
    const point = syntheticValue(s, MONTHS + i);
    const lastYear = syntheticValue(s, MONTHS + i - 12);
    return {
      month: addMonths(LAST_MONTH, i + 1),
      h: i + 1,
      point,
      lo80: point * 0.9,
      hi80: point * 1.1,
      lo95: point * 0.8,
      hi95: point * 1.2,
      yoyPct: ((point - lastYear) / lastYear) * 100,
      yoyBasis: 'actual',
    };
  });
  const valueAt = (month: string) => {
    const k = monthIndex(month) - monthIndex(FIRST_MONTH);
    return k < MONTHS ? syntheticValue(s, k) : points[k - MONTHS]!.point;
  };
  const year = yearOf(points[0]!.month);
  const months = Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, '0')}`);
  const total = months.reduce((sum, m) => sum + valueAt(m), 0);
  const lastYear = months.reduce((sum, m) => sum + valueAt(addMonths(m, -12)), 0);
  const outlook: YearOutlook = {
    year,
    monthsActual: months.filter((m) => m <= LAST_MONTH).length,
    monthsForecast: months.filter((m) => m > LAST_MONTH).length,
    monthsInTotals: 0,
    monthsFilled: 0,
    fullYear: isAdditiveUnit(s.unit)
      ? { point: total, lo80: total * 0.97, hi80: total * 1.03, lo95: total * 0.95, hi95: total * 1.05 }
      : null,
    fullYearLastYear: isAdditiveUnit(s.unit) ? lastYear : null,
    fullYearYoyPct: isAdditiveUnit(s.unit) ? ((total - lastYear) / lastYear) * 100 : null,
  };
  return {
    series: s.id,
    run: 'bench-direct',
    fittedAt,
    method: 'auto',
    model: 'ETS(A,N,A)',
    reason: 'written by bench:overview',
    calibration: null,
    noBacktest: null,
    lastActual: LAST_MONTH,
    backtest: null,
    years: [outlook],
    points,
    baseline: { method: 'yoy', points },
  };
}

async function writeForecasts(influxUrl: string, series: readonly SyntheticSeries[]): Promise<void> {
  const store = new ForecastStore(await connectInflux({ url: influxUrl, database: DATABASE }));
  const fittedAt = new Date().toISOString();
  let retries = 0;
  for (let i = 0; i < series.length; i += 200) {
    const batch = series.slice(i, i + 200).map((s) => forecastOf(s, fittedAt));
    for (let attempt = 1; ; attempt++) {
      try {
        await store.writeMany(batch);
        break;
      } catch (error) {
        // On a loaded machine InfluxDB may give up on a write after its write-timeout (500); the
        // points are idempotent, so the batch is sent again, its time counted.
        if (attempt === 5) throw error;
        retries++;
      }
    }
  }
  if (retries > 0) console.log(`forecasts: ${retries} batches sent again after InfluxDB refused them`);
}

async function timedGet(url: string): Promise<{ ms: number; body: { nextCursor: string | null; total: number } }> {
  const started = performance.now();
  const res = await fetch(url);
  const body = (await res.json()) as { nextCursor: string | null; total: number };
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, body };
}

/** The first answer, which waits for the index to be built: longer than fetch waits for headers on a loaded machine. */
async function firstAnswer(url: string): Promise<Awaited<ReturnType<typeof timedGet>>> {
  for (;;) {
    try {
      return await timedGet(url);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      console.log(`still building the overview index (${String((error.cause as Error | undefined)?.message)})`);
    }
  }
}

/**
 * 100 requests: first pages in every sort (twice), filtered pages (four times), and each sort's
 * first page followed by its next three pages (cursor).
 */
async function apiTimes(base: string): Promise<number[]> {
  const sorts = [
    'name',
    '-name',
    'latestValue',
    '-latestValue',
    'yoyPct',
    '-yoyPct',
    'ytdPct',
    '-ytdPct',
    '-fyPct',
    '-conflicts',
  ];
  const filters = [
    'q=byd',
    'q=m07',
    'q=eu%20sales',
    'q=tesla_m1',
    'q=xpeng&sort=-yoyPct',
    'metric=deliveries',
    'entity=nio&sort=-latestValue',
    'unit=GWh&sort=-fyPct',
    'hasConflicts=true',
    'q=cn&metric=sales&sort=-ytdPct',
  ];
  const times: number[] = [];
  const timed = async (query: string) => {
    const { ms, body } = await timedGet(`${base}/api/v1/series?limit=100&${query}`);
    times.push(ms);
    return body;
  };
  for (let round = 0; round < 2; round++) for (const sort of sorts) await timed(`sort=${sort}`);
  for (let round = 0; round < 4; round++) for (const filter of filters) await timed(filter);
  for (const sort of sorts) {
    let cursor = (await timed(`sort=${sort}`)).nextCursor;
    for (let page = 0; page < 3 && cursor; page++) cursor = (await timed(`sort=${sort}&cursor=${cursor}`)).nextCursor;
  }
  return times;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const percentile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function browserTimes(base: string, filters: readonly string[]): Promise<{ paint: number[]; filter: number[] }> {
  const browser = await launchBrowser();
  const paint: number[] = [];
  const filter: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`${base}/`);
      const handle = await page.waitForFunction(
        (name) =>
          performance.getEntriesByName(name).find((m) => ((m as PerformanceMark).detail as { rows: number }).rows > 0)
            ?.startTime,
        ROWS_PAINTED_MARK,
      );
      paint.push((await handle.jsonValue()) as number);
      const text = filters[i]!;
      await page.evaluate(() => {
        const input = document.querySelector('#overview-filter')!;
        input.addEventListener('input', () => ((window as unknown as { lastKey: number }).lastKey = performance.now()));
      });
      await page.locator('#overview-filter').pressSequentially(text, { delay: 40 });
      const painted = await page.waitForFunction(
        ([name, q]) => {
          const lastKey = (window as unknown as { lastKey: number }).lastKey;
          const mark = performance
            .getEntriesByName(name)
            .find((m) => m.startTime > lastKey && (m as PerformanceMark).detail?.q === q);
          return mark ? mark.startTime - lastKey : undefined;
        },
        [ROWS_PAINTED_MARK, text] as const,
      );
      filter.push((await painted.jsonValue()) as number);
      const shown = await page.locator('tbody tr[data-series]').count();
      if (shown === 0) throw new Error(`filter "${text}" painted no rows`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { paint, filter };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-bench-overview-'));
  const influxd = await startManagedInfluxd({ dir: path.join(dir, 'influxdb') });
  try {
    const series = syntheticSeries(SERIES);
    const env = serviceEnv(dir, influxd.url);
    let started = performance.now();
    const loader = await spawnService(env);
    try {
      await ingest(loader, series);
    } finally {
      await loader.stop();
    }
    console.log(
      `ingested ${SERIES} series x ${MONTHS} months in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    started = performance.now();
    await writeForecasts(influxd.url, series);
    console.log(
      `wrote ${SERIES} forecasts straight into InfluxDB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    started = performance.now();
    const service = await spawnService(env);
    try {
      const first = await firstAnswer(`${service.url}/api/v1/series?limit=1`);
      if (first.body.total !== SERIES) throw new Error(`the overview holds ${first.body.total} series, not ${SERIES}`);
      console.log(
        `service up and overview index built from the store in ${((performance.now() - started) / 1000).toFixed(1)} s (first answer after ${first.ms.toFixed(0)} ms)`,
      );
      const times = await apiTimes(service.url);
      console.log(
        `api: ${times.length} requests, median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
      );
      const { paint, filter } = await browserTimes(service.url, [
        'byd m07',
        'tesla m1',
        'eu sales',
        'xpeng_m0',
        'nio m12 cn',
      ]);
      console.log(`first paint ms (5 pages): ${paint.map((t) => t.toFixed(0)).join(' ')}`);
      console.log(
        `filter ms (5 filters, 40 ms between keys, debounce included): ${filter.map((t) => t.toFixed(0)).join(' ')}`,
      );
      console.log(
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} on ${os.cpus().length} cores; targets: api_p95_ms < 100, first_paint_ms < 1500, filter_ms < 200`,
      );
      console.log(
        `series=${SERIES} api_p95_ms=${percentile(times, 95).toFixed(1)} first_paint_ms=${median(paint).toFixed(0)} filter_ms=${median(filter).toFixed(0)}`,
      );
    } finally {
      await service.stop();
    }
  } finally {
    await influxd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
