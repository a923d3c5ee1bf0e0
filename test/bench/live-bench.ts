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
import { cpuSeconds, peakRssMb, spawnService } from './bench-support.js';
import { fmt, liveLoadLines, percentile, runLiveLoad, seedLiveHistory } from './live-load.js';

const CLIENTS = Number(process.env['LIVE_CLIENTS'] ?? 1000);
const SERIES = Number(process.env['LIVE_SERIES'] ?? 100);
const RATE = Number(process.env['LIVE_RATE'] ?? 50);
const SECONDS = Number(process.env['LIVE_SECONDS'] ?? 60);

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
  try {
    // History first: every series exists, with enough months for the re-fits the posts set off.
    await seedLiveHistory(service.url, token, SERIES);
    let cpu0 = 0;
    let load0 = 0;
    let cpu = 0;
    let wall = 0;
    const result = await runLiveLoad({
      urls: [service.url],
      token,
      clients: CLIENTS,
      series: SERIES,
      rate: RATE,
      seconds: SECONDS,
      beforePosting: async () => {
        cpu0 = await cpuSeconds(pid);
        load0 = os.loadavg()[0]!;
      },
      afterPosting: async (seconds) => {
        cpu = (await cpuSeconds(pid)) - cpu0;
        wall = seconds;
      },
      log: (line) => process.stdout.write(`${line} (${service.url})\n`),
    });
    const rss = await peakRssMb(pid);
    const p50 = percentile(result.latencies, 50);
    const p99 = percentile(result.latencies, 99);
    const max = result.latencies[result.latencies.length - 1] ?? Number.NaN;
    for (const line of liveLoadLines(result)) process.stdout.write(`${line}\n`);
    // Other work on the machine shows in every latency: say how busy it was.
    process.stdout.write(
      `machine cores=${os.cpus().length} loadavg_1m=${os.loadavg()[0]!.toFixed(2)} (at start ${load0.toFixed(2)})\n`,
    );
    process.stdout.write(
      `server cpu_s=${cpu.toFixed(1)} cpu_pct_of_one_core=${((cpu / wall) * 100).toFixed(1)} peak_rss_mb=${rss.toFixed(1)}\n`,
    );
    process.stdout.write(
      `clients=${CLIENTS} p50_ms=${fmt(p50)} p99_ms=${fmt(p99)} max_ms=${fmt(max)} rss_mb=${rss.toFixed(1)}\n`,
    );
  } finally {
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `live bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
