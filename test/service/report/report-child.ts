/**
 * The service in a child process, for the crash test: started against the parent's database,
 * reports file and SMTP server, with its clock fixed at REPORT_CHILD_NOW. The parent kills it with
 * SIGKILL mid-send. Not a test file: the crash test runs it.
 */
import { startReportService, TestClock } from './report-service.js';

const env = process.env;
const service = await startReportService(
  {
    influxUrl: env['REPORT_CHILD_INFLUX']!,
    database: env['REPORT_CHILD_DB']!,
    reportsFile: env['REPORT_CHILD_REPORTS']!,
    drop: async () => {},
  },
  { clock: new TestClock(Number(env['REPORT_CHILD_NOW'])), smtpPort: Number(env['REPORT_CHILD_SMTP']) },
);
process.stdout.write(`ready ${service.url}\n`);
