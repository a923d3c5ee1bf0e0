/**
 * Several real service processes (service/main as child processes) on one InfluxDB database and
 * one Redis prefix, as a deployment behind a load balancer would run them. Each has a data folder
 * (its spool) of its own. Stop them in an after hook; `kill()` is the crash of a machine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnService, type ServiceProcess } from '../../bench/bench-support.js';
import { rememberToken } from '../../support/service.js';

export interface Instance extends ServiceProcess {
  readonly pid: number;
  /** Its name in the queues' `processedBy`: host and pid, as the service names itself. */
  readonly queueName: string;
  /** SIGKILL: no shutdown, its locks lapse. */
  kill(): Promise<void>;
}

/** Starts `count` instances with the same environment; every one answers before this resolves. */
export async function startInstances(
  count: number,
  env: Record<string, string>,
): Promise<{ instances: Instance[]; stop(): Promise<void> }> {
  const dirs: string[] = [];
  const started = await Promise.all(
    Array.from({ length: count }, async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-instance-'));
      dirs.push(dir);
      const service = await spawnService({
        PULSECAST_DATA_DIR: dir,
        PULSECAST_LOAD_FIXTURES: 'false',
        LOG_LEVEL: 'error',
        ...env,
      });
      rememberToken(service.url, service.token);
      const pid = service.child.pid!;
      return {
        ...service,
        pid,
        queueName: `${os.hostname()}/${pid}`,
        kill: () =>
          new Promise<void>((resolve) => {
            if (service.child.exitCode !== null || service.child.signalCode !== null) return resolve();
            service.child.once('exit', () => resolve());
            service.child.kill('SIGKILL');
          }),
      };
    }),
  );
  return {
    instances: started,
    stop: async () => {
      // A killed child has exited already; ServiceProcess.stop() would wait for an exit that has passed.
      await Promise.all(
        started.map((s) => (s.child.exitCode !== null || s.child.signalCode !== null ? undefined : s.stop())),
      );
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}
