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
import { SeriesCatalog } from '../../ingest/series-catalog.js';
import { loadFixtures } from '../../fixtures/load.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { Ingestor } from '../ingestor.js';
import { FORECAST_JOB } from '../jobs/refit-job.js';
import { forecastingPart } from '../jobs/forecasting-part.js';
import type { Scheduler } from '../jobs/scheduler.js';
import { connectConfiguredInflux, openInflux } from '../lifecycle.js';
import { silentPublisher } from '../live/publisher.js';
import type { Logger } from '../logger.js';
import { SeriesReader } from '../series-reader.js';
import { InfluxSeriesStore } from '../storage/influx-store.js';
import { csvFileName, inlineImages } from './compose.js';
import { toEml } from './mailer.js';
import { reportingPart } from './reporting-part.js';

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

// The CLI schedules nothing: it sends or writes one email and exits.
const noSchedule: Scheduler = { schedule: () => ({ stop: () => {} }) };

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
  const influx = await openInflux(config, logger);
  try {
    const client = await connectConfiguredInflux(config, influx.url);
    const store = new InfluxSeriesStore(client);
    const catalog = await SeriesCatalog.load(store);
    if (config.loadFixtures && catalog.list().length === 0) {
      options.err.write('the database is empty: loading the fixtures\n');
      await loadFixtures({ ingestor: new Ingestor({ store, catalog, clock }), catalog });
    }
    const reader = new SeriesReader(store, catalog);
    const forecasting = forecastingPart({
      client,
      catalog,
      reader,
      config: { ...config, refitDebounceMs: 0 },
      clock,
      logger,
      publisher: silentPublisher,
      scheduler: noSchedule,
    });
    const reporting = await reportingPart({
      client,
      reader,
      forecasts: forecasting.forecasts,
      config,
      clock,
      logger,
      scheduler: noSchedule,
      // Say what is going on while a send waits to retry: backoff can take minutes.
      onRecord: (r) => {
        if (r.state === 'sending' && r.error) options.err.write(`attempt ${r.attempts} failed: ${r.error.message}\n`);
      },
    });
    try {
      const report = reporting.catalog.get(name).config;
      const stored = await forecasting.forecasts.latest(report.series);
      if (stored.length === 0) {
        options.err.write('no forecast is stored for these series yet: running the forecast job once\n');
        const run = await forecasting.jobs.trigger(FORECAST_JOB, 'manual');
        options.err.write(`forecast run ${run.id}: ${run.status}, ${run.message}\n`);
      }
      if (values.send) {
        const record = await reporting.sender.sendNow(report);
        const line =
          record.state === 'sent'
            ? `sent ${record.messageId} to ${record.recipients.join(', ')} (${record.attempts} attempt${record.attempts === 1 ? '' : 's'}): ${record.response}`
            : `not sent after ${record.attempts} attempts: ${record.error?.code} ${record.error?.message}`;
        (record.state === 'sent' ? options.out : options.err).write(`${record.subject}\n${line}\n`);
        return record.state === 'sent' ? 0 : 1;
      }
      const { model, mail } = await reporting.sender.preview(report);
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
    } finally {
      await reporting.stop();
      await forecasting.stop();
    }
  } catch (error) {
    options.err.write(`pulsecast report: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    await influx.managed?.stop();
  }
}
