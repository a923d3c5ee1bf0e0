/**
 * The live-latency load shared by bench:live and bench:scale: socket.io clients subscribed across
 * series, figures POSTed to /api/v1/ingest at a fixed rate (open loop: a slow answer does not slow
 * the sender) for a fixed time, and each POST timed from its start to the arrival of its event at
 * every client subscribed to its series (both ends in this process, on one clock). With several
 * service URLs, clients and POSTs are spread over them round-robin, as a load balancer would.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../service/contract/index.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveLoadOptions {
  /** Services to connect clients to and POST to, round-robin. */
  readonly urls: readonly string[];
  /** Write token for the POSTs (and the handshake). */
  readonly token: string;
  readonly clients: number;
  readonly series: number;
  /** POSTs a second. */
  readonly rate: number;
  readonly seconds: number;
  /** Posting stops when this settles, instead of after `seconds` (a load that lasts as long as a re-fit). */
  readonly until?: Promise<unknown>;
  /** Called once the clients are subscribed, just before the first POST. */
  readonly beforePosting?: () => Promise<void>;
  /** Called when the last POST was answered, before waiting for the last deliveries. */
  readonly afterPosting?: (wallSeconds: number) => Promise<void>;
  readonly log?: (line: string) => void;
}

export interface LiveLoadResult {
  readonly posts: number;
  readonly ok: number;
  /** Of the ok posts, those answered 202: stored later, from the spool, when InfluxDB was slow to take them. */
  readonly queued: number;
  readonly failed: number;
  readonly wallSeconds: number;
  /** POST answer times, ms, ascending. */
  readonly postMs: readonly number[];
  readonly failures: ReadonlyMap<string, number>;
  /** Deliveries owed: each stored post, once per client following its series. */
  readonly expected: number;
  /** Ingest-to-client times of every delivery, ms, ascending. */
  readonly latencies: readonly number[];
  readonly unmatched: number;
}

/** Months of history per series before the run, so that the re-fits the posts trigger are real fits. */
export const HISTORY_MONTHS = 36;

export const liveSeriesId = (i: number) => `live_${String(i).padStart(3, '0')}`;
const monthOf = (k: number) => `${2015 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
const valueOf = (i: number, k: number) =>
  Math.round((500 + i * 13) * (1 + k / 48) * (1 + 0.25 * Math.sin((2 * Math.PI * (k % 12)) / 12)));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'NaN');

/** Every series with HISTORY_MONTHS of figures, in one POST. */
export async function seedLiveHistory(url: string, token: string, series: number): Promise<void> {
  let csv = 'series,month,value,unit,source\n';
  for (let i = 0; i < series; i++)
    for (let k = 0; k < HISTORY_MONTHS; k++)
      csv += `${liveSeriesId(i)},${monthOf(k)},${valueOf(i, k)},units,https://bench.example/history\n`;
  const seeded = await fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  if (!seeded.ok) throw new Error(`seeding the history failed: ${seeded.status} ${await seeded.text()}`);
}

export async function runLiveLoad(options: LiveLoadOptions): Promise<LiveLoadResult> {
  const { urls, token, rate, seconds } = options;
  const CLIENTS = options.clients;
  const SERIES = options.series;
  const auth = { authorization: `Bearer ${token}` };
  const started = new Map<string, number>();
  const latencies: number[] = [];
  let unmatched = 0;
  const clients: Client[] = [];
  try {
    // Clients: client c follows series c mod SERIES, on service c mod urls.
    for (let c = 0; c < CLIENTS; c++) {
      const socket: Client = io(urls[c % urls.length]!, { transports: ['websocket'], forceNew: true, auth: { token } });
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
        if (!socket.connected)
          await new Promise<void>(
            (resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)),
          );
        const ack = await socket.timeout(30_000).emitWithAck('subscribe', { series: [liveSeriesId(c % SERIES)] });
        if (!ack.ok) throw new Error(`subscribe refused: ${ack.error.message}`);
      }),
    );
    options.log?.(
      `live load: ${CLIENTS} clients on ${SERIES} series connected to ${urls.length} service(s); posting ${rate}/s for ${seconds} s`,
    );

    // Open loop: post k starts at k / rate seconds, whatever became of the earlier ones.
    const total = options.until ? Number.POSITIVE_INFINITY : Math.round(rate * seconds);
    let over = false;
    const end = () => (over = true);
    options.until?.then(end, end);
    const perSeries = new Array<number>(SERIES).fill(HISTORY_MONTHS);
    let ok = 0;
    let queued = 0;
    let failed = 0;
    let expected = 0;
    const followers = (i: number) => Math.floor(CLIENTS / SERIES) + (i < CLIENTS % SERIES ? 1 : 0);
    const postMs: number[] = [];
    const failures = new Map<string, number>();
    const inflight: Promise<void>[] = [];
    await options.beforePosting?.();
    const wall0 = performance.now();
    for (let k = 0; k < total; k++) {
      const due = wall0 + (k * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (over) break;
      const i = k % SERIES;
      const month = monthOf(perSeries[i]!++);
      const body = JSON.stringify([
        {
          series: liveSeriesId(i),
          month,
          value: valueOf(i, perSeries[i]!),
          unit: 'units',
          source: 'https://bench.example/live',
        },
      ]);
      const t0 = performance.now();
      started.set(`${liveSeriesId(i)}|${month}`, t0);
      inflight.push(
        fetch(`${urls[k % urls.length]!}/api/v1/ingest`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body,
        }).then(
          async (res) => {
            const text = await res.text();
            postMs.push(performance.now() - t0);
            if (res.ok) {
              ok += 1;
              if (res.status === 202) queued += 1;
              // A figure already stored (a load that posts months an earlier load posted) changes
              // nothing and is told to nobody; a queued one is told once its replay stores it.
              const changed = /"(inserted|restated)":\s*[1-9]/.test(text);
              if (res.status === 202 || changed) expected += followers(i);
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
    const wallSeconds = (performance.now() - wall0) / 1000;
    await options.afterPosting?.(wallSeconds);
    // Let the last events land: every expected delivery, or two seconds of nothing new (thirty when
    // posts were queued: their events come when the spool's replay stores them).
    const patience = queued > 0 ? 300 : 20;
    for (
      let last = latencies.length, quiet = 0;
      latencies.length < expected && quiet < patience;
      quiet = latencies.length === last ? quiet + 1 : 0, last = latencies.length
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return {
      posts: ok + failed,
      ok,
      queued,
      failed,
      wallSeconds,
      postMs: [...postMs].sort((a, b) => a - b),
      failures,
      expected,
      latencies: [...latencies].sort((a, b) => a - b),
      unmatched,
    };
  } finally {
    for (const socket of clients) socket.disconnect();
  }
}

/** The lines both benches print about a load: posts, answer times, deliveries, latency percentiles. */
export function liveLoadLines(r: LiveLoadResult): string[] {
  const max = r.latencies[r.latencies.length - 1] ?? Number.NaN;
  return [
    `posts=${r.posts} ok=${r.ok} queued=${r.queued} failed=${r.failed} seconds=${r.wallSeconds.toFixed(1)} posts_per_s=${(r.posts / r.wallSeconds).toFixed(1)}`,
    `post_response_ms p50=${fmt(percentile(r.postMs, 50))} p99=${fmt(percentile(r.postMs, 99))} max=${fmt(r.postMs[r.postMs.length - 1] ?? Number.NaN)}${r.failures.size ? ` failures=${JSON.stringify(Object.fromEntries(r.failures))}` : ''}`,
    `deliveries=${r.latencies.length} expected=${r.expected} missing=${r.expected - r.latencies.length} unmatched=${r.unmatched}`,
    `ingest_to_client_ms p50=${fmt(percentile(r.latencies, 50))} p90=${fmt(percentile(r.latencies, 90))} p99=${fmt(percentile(r.latencies, 99))} p99_9=${fmt(percentile(r.latencies, 99.9))} max=${fmt(max)}`,
  ];
}
