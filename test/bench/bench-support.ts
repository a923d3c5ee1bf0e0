/**
 * Shared pieces of the benchmarks: the service as a child process (so its memory is its own),
 * a private influxd, and the peak RSS of a process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const compiled = !import.meta.url.endsWith('.ts');
/** The repository root, from test/bench or dist/test/bench. */
export const repoRoot = compiled ? path.resolve(here, '../../..') : path.resolve(here, '../..');

/** The admin token benchmarks give the services they start. */
export const BENCH_TOKEN = 'bench-admin-token-0123456789abcdef';

export interface ServiceProcess {
  readonly url: string;
  /** Send as `Authorization: Bearer` on writes. */
  readonly token: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `service/main` as its own process with the given environment; resolves once it serves. */
export async function spawnService(env: Record<string, string>): Promise<ServiceProcess> {
  const cpuProf = process.env['BENCH_CPU_PROF'];
  const heapProf = process.env['BENCH_HEAP_PROF'];
  const prof = [
    ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []),
    ...(heapProf ? ['--import', path.join(here, 'heap-profile-preload.js')] : []),
  ];
  const args = compiled
    ? [...prof, path.join(repoRoot, 'dist/service/main.js')]
    : ['--import', 'tsx', path.join(repoRoot, 'service/main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', PULSECAST_ADMIN_TOKEN: BENCH_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /dashboard at (http:\/\/\S+?)\/?\s/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) before serving:\n${out}`)));
  });
  return {
    url,
    token: env['PULSECAST_ADMIN_TOKEN'] ?? BENCH_TOKEN,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Peak resident set size of a process so far (VmHWM), in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
