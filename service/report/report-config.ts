/**
 * Report definitions: what a report covers, who receives it and when. Read from a JSON file (the
 * default one is `config/reports.json`) or given through the API; both go through `parseReport`,
 * so a definition is valid wherever it came from. Pure: the file is read by the caller.
 */
import { REPORT_CONFIG_INVALID, ReportDefinitionSchema, type ReportConfig } from '../contract/index.js';
import { AppError } from '../errors.js';
import { parseSchedule, ScheduleError } from '../jobs/cron-schedule.js';
import { parseOrThrow } from '../validation.js';

export { REPORT_CONFIG_INVALID, type ReportConfig };

// The contract says what a definition looks like; whether its zone exists and its schedule is one
// of the grammar every job's schedule is held to is the service's to say (jobs/cron-schedule.ts).
const definition = ReportDefinitionSchema.superRefine((r, ctx) => {
  try {
    parseSchedule(r.cron, r.timezone);
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    ctx.addIssue({ code: 'custom', path: [error.field], input: r[error.field], message: error.message });
  }
}).transform((r) => ({ ...r, cron: parseSchedule(r.cron, r.timezone).cron }));

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
