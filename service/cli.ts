/**
 * The `pulsecast` command line. `pulsecast ingest FILE...` stores CSV, JSON or line-protocol files
 * through the same validation as the API: straight into the configured InfluxDB (or the managed
 * one, attached to if the service is running, started and stopped again if not), or through a
 * running service with `--service URL`.
 */
import { parseArgs } from 'node:util';
import { loadProcessConfig } from './config.js';
import { systemClock } from './clock.js';
import { createLogger } from './logger.js';
import { ingestFiles } from './ingest-cli.js';
import { reportCommand, REPORT_USAGE } from './report/report-cli.js';
import { tokenCommand } from './token-cli.js';

const USAGE = `usage:
  pulsecast ingest FILE... [--service URL]   store monthly figures (.csv, .json, or line protocol .lp/.txt)
${REPORT_USAGE}
  pulsecast token create NAME --scope read|write|admin   create an API token (the secret is printed once)
  pulsecast token list | token revoke ID
  pulsecast help

Without --service the files go straight into the InfluxDB the environment names (INFLUX_URL), or into
the managed one in PULSECAST_DATA_DIR (default .pulsecast), which the running service shares.
With --service, the token (write scope) comes from PULSECAST_TOKEN.
Exit status: 0 when every row was stored, 1 when any row was refused, 2 on a usage or connection error.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'ingest') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { service: { type: 'string' } },
    });
    if (positionals.length === 0) {
      process.stderr.write(`pulsecast ingest: name at least one file\n\n${USAGE}\n`);
      return 2;
    }
    // A command says less than the service unless LOG_LEVEL asks for more.
    const config = loadProcessConfig({ overrides: { loadFixtures: false }, defaults: { logLevel: 'warn' } });
    return ingestFiles({
      files: positionals,
      config,
      logger: createLogger(config.logLevel, process.stderr),
      clock: systemClock,
      out: process.stdout,
      err: process.stderr,
      ...(values.service ? { serviceUrl: values.service } : {}),
      ...(config.serviceToken ? { token: config.serviceToken } : {}),
    });
  }
  if (command === 'token') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { scope: { type: 'string' } },
    });
    const config = loadProcessConfig({ overrides: { loadFixtures: false }, defaults: { logLevel: 'warn' } });
    return tokenCommand({
      args: positionals,
      ...(values.scope ? { scope: values.scope } : {}),
      config,
      logger: createLogger(config.logLevel, process.stderr),
      clock: systemClock,
      out: process.stdout,
      err: process.stderr,
    });
  }
  if (command === 'report') {
    const config = loadProcessConfig({ defaults: { logLevel: 'error' } });
    return reportCommand({
      args: rest,
      config,
      logger: createLogger(config.logLevel, process.stderr),
      clock: systemClock,
      out: process.stdout,
      err: process.stderr,
    });
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`pulsecast: unknown command "${command}"\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pulsecast: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
