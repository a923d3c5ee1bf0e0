/**
 * Pieces of bench:scale: the M3 monthly series as service figures, a manual forecast run through
 * the API (a full re-fit takes minutes, longer than fetch waits for headers), and who fitted what,
 * read from the fit queue's own records.
 */
import http from 'node:http';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunRecord } from '../../service/contract/index.js';
import { FIT_QUEUE } from '../../service/scale/refit-queue.js';
import type { RedisKeys } from '../../service/scale/redis.js';
import type { BenchSeries } from './forecast-bench-data.js';

/** Series id in the service for an M3 id. */
export const m3SeriesId = (id: string) => `m3_${id.toLowerCase()}`;

/**
 * M3's start dates are not all calendar facts (year 1, placeholder years: see shared/benchmarks),
 * and the engine uses only the order of the values, so every series is placed from this month on.
 */
const SYNTHETIC_START_YEAR = 1990;

/** Stores the training part of every series, `perRequest` series to a POST; returns the figures stored. */
export async function ingestM3(
  url: string,
  token: string,
  series: readonly BenchSeries[],
  perRequest = 200,
): Promise<number> {
  let stored = 0;
  for (let from = 0; from < series.length; from += perRequest) {
    let csv = 'series,month,value,unit,source\n';
    for (const s of series.slice(from, from + perRequest)) {
      for (const [k, value] of s.train.entries()) {
        const month = `${SYNTHETIC_START_YEAR + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
        csv += `${m3SeriesId(s.id)},${month},${value},units,https://cran.r-project.org/package=Mcomp\n`;
        stored += 1;
      }
    }
    const res = await fetch(`${url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    if (res.status !== 200) throw new Error(`ingesting M3 failed: ${res.status} ${(await res.text()).slice(0, 500)}`);
  }
  return stored;
}

/**
 * POST /api/v1/jobs/forecast/run?full=true (every series, changed or not), waiting as long as the run
 * takes; a 409 (a run in progress) is retried.
 */
export async function runForecastJob(url: string, token: string): Promise<RunRecord> {
  for (;;) {
    const { status, body } = await postLong(`${url}/api/v1/jobs/forecast/run?full=true`, token);
    if (status === 200) return (JSON.parse(body) as { run: RunRecord }).run;
    if (status !== 409) throw new Error(`the forecast run failed: ${status} ${body.slice(0, 500)}`);
    await waitIdle(url);
  }
}

/** Until the forecast job has no run in progress (the start-up run, for one). */
export async function waitIdle(url: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${url}/api/v1/jobs`);
    const { jobs } = (await res.json()) as { jobs: { name: string; running: unknown }[] };
    if (!jobs.some((j) => j.running)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function postLong(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // node:http, not fetch: undici gives up on headers after 300 s, and one instance may need longer.
    const req = http.request(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-length': 0 } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Fits completed through the shared queue, by the instance that made them (`processedBy`). */
export async function fitsByInstance(redis: Redis, keys: RedisKeys): Promise<Map<string, number>> {
  const queue = new Queue(FIT_QUEUE, { connection: redis, prefix: keys.bull });
  try {
    const counts = new Map<string, number>();
    const total = (await queue.getJobCounts('completed')).completed ?? 0;
    for (let from = 0; from < total; from += 500) {
      for (const job of await queue.getJobs(['completed'], from, from + 499)) {
        const by = job.processedBy ?? '?';
        counts.set(by, (counts.get(by) ?? 0) + 1);
      }
    }
    return counts;
  } finally {
    await queue.close();
  }
}
