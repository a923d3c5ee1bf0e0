/**
 * Process entry and composition root: configuration, logger, clock, the service, and signals.
 */
import { loadProcessConfig } from './config.js';
import { systemClock } from './clock.js';
import { startService } from './lifecycle.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  const config = loadProcessConfig();
  const logger = createLogger(config.logLevel);
  const service = await startService({ config, logger, clock: systemClock });
  if (service.generatedAdminToken) {
    // Shown this once: only its hash is stored.
    process.stdout.write(
      `\nAn admin API token was created for this database (shown once; only its hash is kept):\n  ${service.generatedAdminToken}\n` +
        `Use it as "Authorization: Bearer <token>" to ingest or administer, or set PULSECAST_ADMIN_TOKEN to use your own.\n`,
    );
  }
  process.stdout.write(
    `\npulsecast is running: dashboard at ${service.url}/  (API at ${service.url}/api/v1, stop with Ctrl-C)\n\n`,
  );
  let stopping = false;
  // The first signal shuts down in order (requests under way finish, the spool is flushed); a
  // second one, from someone who will not wait, exits at once: spooled rows are safe on disk.
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
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
