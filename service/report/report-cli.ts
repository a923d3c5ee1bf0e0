/**
 * `pulsecast report NAME --dry-run [--out DIR]` writes the email (.eml, a self-contained .html and
 * the CSV) to DIR for a person to look at; `pulsecast report NAME --send` sends it now. Both run on
 * their own on a fresh clone (managed InfluxDB started, fixtures loaded, a forecast run stored when
 * none exists), and against the running service's database when it runs (the managed influxd of
 * the data folder is attached to, never started twice).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { FORECAST_JOB } from '../jobs/refit-job.js';
import type { Logger } from '../logger.js';
import { Root } from '../root.js';
import { csvFileName, inlineImages } from './compose.js';
import { toEml } from './mailer.js';
import { reportJobName } from './report-job.js';

export const REPORT_USAGE = `  pulsecast report NAME --dry-run [--out DIR]   write the email (.eml, .html, .csv) to DIR (default .pulsecast/outbox)
  pulsecast report NAME --send                  send the report now`;

export interface ReportCliOptions {
  readonly args: readonly string[];
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

/** Returns the exit status: 0 done, 1 the send failed, 2 a usage, report or connection error. */
export async function reportCommand(options: ReportCliOptions): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...options.args],
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, send: { type: 'boolean' }, out: { type: 'string' } },
  });
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0 || values['dry-run'] === values.send) {
    options.err.write(`pulsecast report: name one report and either --dry-run or --send\n\n${REPORT_USAGE}\n`);
    return 2;
  }
  const { config, logger, clock } = options;
  // The reports, the job table (not firing) and what they read; nothing is spooled or served.
  const root = new Root({ config, logger, clock, role: 'command' });
  try {
    const catalog = await root.seriesCatalog();
    if (config.loadFixtures && catalog.list().length === 0) {
      options.err.write('the database is empty: loading the fixtures\n');
      await root.fixtures();
    }
    // Say what is going on while a send waits to retry: backoff can take minutes.
    root.sent.connect((r) => {
      if (r.state === 'sending' && r.error) options.err.write(`attempt ${r.attempts} failed: ${r.error.message}\n`);
    });
    const [reports, jobs, forecasts] = [await root.reports(), await root.jobs(), await root.forecasts()];
    const report = reports.catalog.get(name).config;
    const stored = await forecasts.latest(report.series);
    if (stored.length === 0) {
      options.err.write('no forecast is stored for these series yet: running the forecast job once\n');
      const run = await jobs.trigger(FORECAST_JOB, 'manual');
      options.err.write(`forecast run ${run.id}: ${run.status}, ${run.message}\n`);
    }
    if (values.send) {
      // A send now is a run of the report's row, kept in the run log like any other.
      const send = `manual-${new Date(clock.now()).toISOString()}`;
      const run = await jobs.trigger(reportJobName(report.name), 'manual', { options: { send } });
      const record = await reports.log.get(report.name, send);
      if (!record) {
        options.err.write(`${run.message}\n`);
        return 1;
      }
      const line =
        record.state === 'sent'
          ? `sent ${record.messageId} to ${record.recipients.join(', ')} (${record.attempts} attempt${record.attempts === 1 ? '' : 's'}): ${record.response}`
          : `not sent after ${record.attempts} attempts: ${record.error?.code} ${record.error?.message}`;
      (record.state === 'sent' ? options.out : options.err).write(`${record.subject}\n${line}\n`);
      return record.state === 'sent' ? 0 : 1;
    }
    const { model, mail } = await reports.sender.preview(report);
    const dir = path.resolve(values.out ?? path.join(config.dataDir, 'outbox'));
    await mkdir(dir, { recursive: true });
    const base = path.join(dir, `${report.name}-${model.asOf ?? 'none'}`);
    await writeFile(`${base}.eml`, await toEml(mail));
    await writeFile(`${base}.html`, inlineImages(mail));
    await writeFile(
      path.join(dir, csvFileName(model)),
      mail.attachments.find((a) => a.contentType.startsWith('text/csv'))!.content,
    );
    options.out.write(
      `${mail.subject}\nto ${mail.to.join(', ')} · ${mail.messageId}\nwrote ${base}.eml\nwrote ${base}.html\nwrote ${path.join(dir, csvFileName(model))}\n`,
    );
    return 0;
  } catch (error) {
    options.err.write(`pulsecast report: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    await root.close();
  }
}
