/**
 * Report definitions: what a report covers, who receives it and when. Read from a JSON file (the
 * default one is `config/reports.json`) or given through the API; both go through `parseReport`,
 * so a definition is valid wherever it came from. Pure: the file is read by the caller.
 */
import { Cron } from 'croner';
import { REPORT_CONFIG_INVALID, ReportDefinitionSchema, type ReportConfig } from '../contract/index.js';
import { AppError } from '../errors.js';
import { parseOrThrow } from '../validation.js';

export { REPORT_CONFIG_INVALID, type ReportConfig };

// The contract says what a definition looks like; whether its zone and schedule exist is the
// service's to say.
const definition = ReportDefinitionSchema.superRefine((r, ctx) => {
  if (!isTimeZone(r.timezone))
    ctx.addIssue({
      code: 'custom',
      path: ['timezone'],
      input: r.timezone,
      message: 'must be an IANA time zone such as Asia/Shanghai',
    });
  else if (!isCron(r.cron, r.timezone))
    ctx.addIssue({
      code: 'custom',
      path: ['cron'],
      input: r.cron,
      message: 'must be a cron expression such as "0 9 5 * *"',
    });
});

/**
 * Validates one definition (an untrusted object from a file or a request body) and returns it
 * typed and frozen; the name defaults to `nameHint`, the title to the name. Throws an AppError
 * with code REPORT_CONFIG_INVALID naming the field.
 */
export function parseReport(raw: unknown, nameHint?: string): ReportConfig {
  const named =
    nameHint !== undefined && typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !('name' in raw)
      ? { ...raw, name: nameHint }
      : raw;
  const report = parseOrThrow(definition, named, {
    place: 'field',
    code: REPORT_CONFIG_INVALID,
    whole: 'report',
    details: reportDetail(named, nameHint),
  });
  const name = report.name ?? nameHint;
  if (name === undefined) throw new AppError(400, REPORT_CONFIG_INVALID, 'field "name" is required', { field: 'name' });
  return Object.freeze({
    ...report,
    name,
    title: report.title ?? name,
    recipients: Object.freeze(report.recipients),
    series: Object.freeze(report.series),
  });
}

function reportDetail(raw: unknown, nameHint: string | undefined): { report?: string } {
  const name = (raw as { name?: unknown } | null)?.name ?? nameHint;
  return typeof name === 'string' ? { report: name } : {};
}

/** Parses the reports file's content: `{ "reports": [ ... ] }`. Names must be unique. */
export function parseReportsFile(text: string, file = 'reports file'): ReportConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError(500, REPORT_CONFIG_INVALID, `${file} is not valid JSON: ${(error as Error).message}`, {
      field: 'reports',
    });
  }
  const list = (json as { reports?: unknown } | null)?.reports;
  if (!Array.isArray(list))
    throw new AppError(500, REPORT_CONFIG_INVALID, `${file} must be an object with a "reports" array`, {
      field: 'reports',
    });
  const reports = list.map((entry) => parseReport(entry));
  const seen = new Set<string>();
  for (const r of reports) {
    if (seen.has(r.name))
      throw new AppError(500, REPORT_CONFIG_INVALID, `${file} defines the report "${r.name}" twice`, {
        field: 'name',
        report: r.name,
      });
    seen.add(r.name);
  }
  return reports;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isCron(expr: string, timezone: string): boolean {
  try {
    const cron = new Cron(expr.trim(), { timezone, paused: true });
    return cron.nextRun(new Date(0)) !== null;
  } catch {
    return false;
  }
}
