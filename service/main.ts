/**
 * Process entry and composition root: configuration, logger, clock, the service, and signals.
 */
import { loadConfig } from './config.js';
import { systemClock } from './clock.js';
import { startService } from './lifecycle.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.cwd());
  const logger = createLogger(config.logLevel);
  const service = await startService({ config, logger, clock: systemClock });
  process.stdout.write(`\npulsecast is running: dashboard at ${service.url}/  (API at ${service.url}/api/v1, stop with Ctrl-C)\n\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`pulsecast could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
