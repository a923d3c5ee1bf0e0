/**
 * A managed InfluxDB 1.x: an `influxd` child process on free loopback ports with its meta, data and
 * WAL folders under one directory that the project owns. A second process that finds a managed
 * influxd already serving that directory uses it instead of starting another, so the CLI and the
 * service can share one database without a second influxd fighting over the same files.
 */
import { spawn } from 'node:child_process';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export interface ManagedInfluxd {
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly pid: number;
  /** True when an influxd that another process started was found and is being shared. */
  readonly reused: boolean;
  /** Stops the process if this handle started it; a reused instance is left running for its owner. */
  stop(): Promise<void>;
}

export interface ManagedInfluxdOptions {
  /** The folder for influxd's state; created when missing. */
  readonly dir: string;
  /** The influxd binary; default `influxd`, looked up along PATH. */
  readonly binary?: string;
  /** How long to wait for `/ping` after starting (ms). */
  readonly startTimeoutMs?: number;
  /** Run in its own process group, so a terminal's Ctrl-C reaches only our process, which then stops influxd in order. */
  readonly detached?: boolean;
}

export class InfluxdMissingError extends Error {
  readonly code = 'INFLUXD_NOT_INSTALLED';
  constructor(binary: string) {
    super(
      `${binary} was not found. Install InfluxDB 1.x from Debian's packages ` +
        `(as root: apt-get update && apt-get install -y influxdb), or set INFLUX_URL to an InfluxDB 1.x server you run yourself.`,
    );
  }
}

interface StateFile {
  readonly pid: number;
  readonly httpPort: number;
  readonly rpcPort: number;
}

const STATE_FILE = 'influxd.json';
const LOCK_FILE = 'influxd.lock';

/** Starts influxd for `dir`, or attaches to the one already serving it. */
export async function startManagedInfluxd(options: ManagedInfluxdOptions): Promise<ManagedInfluxd> {
  const dir = path.resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const running = await findRunning(dir);
  if (running) return running;
  const release = await acquireStartLock(dir);
  try {
    // Another process may have finished starting one while we waited for the lock.
    return (await findRunning(dir)) ?? (await spawnInfluxd(dir, options));
  } finally {
    await release();
  }
}

async function findRunning(dir: string): Promise<ManagedInfluxd | null> {
  const state = await readState(dir);
  if (!state || !isAlive(state.pid)) return null;
  const url = `http://127.0.0.1:${state.httpPort}`;
  if (!(await ping(url))) return null;
  return { url, pid: state.pid, reused: true, stop: async () => {} };
}

async function spawnInfluxd(dir: string, options: ManagedInfluxdOptions): Promise<ManagedInfluxd> {
  const binary = options.binary ?? 'influxd';
  // An influxd that died (crash, SIGKILL) comes back on the ports it had when they are still free,
  // so a service that holds its URL reaches the restarted one without being restarted itself.
  const previous = await readState(dir);
  const [httpPort, rpcPort] =
    previous && (await portsFree([previous.httpPort, previous.rpcPort]))
      ? [previous.httpPort, previous.rpcPort]
      : await freePorts(2);
  const configPath = path.join(dir, 'influxd.conf');
  await writeFile(configPath, renderConfig(dir, httpPort!, rpcPort!));
  const log = await open(path.join(dir, 'influxd.log'), 'a');
  const child = spawn(binary, ['run', '-config', configPath], {
    stdio: ['ignore', log.fd, log.fd],
    detached: options.detached ?? false,
  });
  // Listened for at once: a binary that is not there fails the spawn before the next await.
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  await log.close();
  const url = `http://127.0.0.1:${httpPort}`;
  const ready = await Promise.race([
    waitForPing(url, options.startTimeoutMs ?? 30_000).then((ok) => (ok ? 'ready' : 'timeout')),
    exited.then(() => 'exited' as const),
    spawnError.then(() => 'exited' as const),
  ]);
  // spawn looks the binary up along PATH itself, and says ENOENT when it is nowhere.
  const failed = await Promise.race([spawnError, null]);
  if ((failed as NodeJS.ErrnoException | null)?.code === 'ENOENT') throw new InfluxdMissingError(binary);
  if (ready !== 'ready') {
    child.kill('SIGKILL');
    const tail = await readFile(path.join(dir, 'influxd.log'), 'utf8').catch(() => '');
    throw new Error(`influxd did not start (${ready}); last log lines:\n${tail.split('\n').slice(-15).join('\n')}`);
  }
  const pid = child.pid!;
  // An attached influxd must not outlive its owner (a test run, the CLI): kill it on any exit,
  // including process.exit(). A detached one (the service's) is stopped in order by the service,
  // and one left behind by a crash is found and reused by the next start.
  const killOnExit = () => child.kill('SIGKILL');
  if (!options.detached) process.once('exit', killOnExit);
  await writeFile(
    path.join(dir, STATE_FILE),
    JSON.stringify({ pid, httpPort: httpPort!, rpcPort: rpcPort! } satisfies StateFile),
  );
  if (options.detached) child.unref();
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killTimer);
      }
      process.removeListener('exit', killOnExit);
      await rm(path.join(dir, STATE_FILE), { force: true });
    })();
    return stopped;
  };
  return { url, pid, reused: false, stop };
}

function renderConfig(dir: string, httpPort: number, rpcPort: number): string {
  const q = (p: string) => JSON.stringify(path.join(dir, p));
  // Only loopback listeners; no usage reporting (there is no internet) and no _internal monitor
  // database, which would otherwise write every ten seconds. A write may take as long as the
  // service waits for it (30 s) rather than InfluxDB's default 10 s, after which a merely slow
  // write on a busy machine would answer 500 and send the rest of an upload to the spool. The
  // series index lives on disk (tsi1), not in memory: every forecast run adds index entries for each
  // series it fits (the run is a tag), and the in-memory index grew influxd to several GB at 10,000
  // series; tsi1 also wrote 240,000 figures faster (1.8 s against 2.8 s) and read as fast.
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = ${q('meta')}

[data]
  dir = ${q('data')}
  wal-dir = ${q('wal')}
  query-log-enabled = false
  index-version = "tsi1"

[monitor]
  store-enabled = false

[coordinator]
  write-timeout = "30s"

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  max-body-size = 0

[logging]
  level = "warn"
`;
}

/** Ports that were free a moment ago; the small race with other programs is accepted. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Whether every one of these loopback ports can be listened on now. */
async function portsFree(ports: readonly number[]): Promise<boolean> {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

export async function ping(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
    return res.status === 204;
  } catch {
    return false;
  }
}

async function waitForPing(url: string, timeoutMs: number): Promise<boolean> {
  // A deadline, not a time of day: the monotonic clock, which a clock change does not move.
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await ping(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function readState(dir: string): Promise<StateFile | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, STATE_FILE), 'utf8')) as StateFile;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** An exclusive lock file holding our pid; a lock whose holder died is taken over. */
async function acquireStartLock(dir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dir, LOCK_FILE);
  const deadline = performance.now() + 60_000;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(lockPath, 'utf8').catch(() => 'NaN'));
      if (!Number.isFinite(holder) || !isAlive(holder)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (performance.now() > deadline)
        throw new Error(`another process (pid ${holder}) is still starting influxd in ${dir}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
