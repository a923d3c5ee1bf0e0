/**
 * Report definitions: what a report covers, who receives it and when. Read from a JSON file (the
 * default one is `config/reports.json`) or given through the API; both go through `parseReport`,
 * so a definition is valid wherever it came from. Pure: the file is read by the caller.
 */
import { Cron } from 'croner';
import { AppError } from '../errors.js';

export interface ReportConfig {
  /** Stable name, used in URLs, the send log and Message-IDs: lower-case letters, digits, `-`, `_`. */
  readonly name: string;
  /** A readable title for the email, e.g. "Battery & NEV monthly". Defaults to the name. */
  readonly title: string;
  /** Cron expression (5 fields, or 6 with seconds) read in `timezone`. */
  readonly cron: string;
  /** IANA time zone of the schedule, e.g. `Asia/Shanghai`. */
  readonly timezone: string;
  /** Email addresses that receive the report. */
  readonly recipients: readonly string[];
  /** Series ids, in the order the email shows them. */
  readonly series: readonly string[];
  /** Months of forecast shown, 1 to 36 (default 12). */
  readonly horizon: number;
}

/** Stable code of every definition error. */
export const REPORT_CONFIG_INVALID = 'REPORT_CONFIG_INVALID';

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
// Deliberately loose: the SMTP server is the authority on addresses; this only catches typos.
const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

function invalid(message: string, field: string, name?: string): AppError {
  return new AppError(400, REPORT_CONFIG_INVALID, message, { field, ...(name !== undefined ? { report: name } : {}) });
}

/**
 * Validates one definition (an untrusted object from a file or a request body) and returns it
 * typed and frozen. Throws an AppError with code REPORT_CONFIG_INVALID naming the field.
 */
export function parseReport(raw: unknown, nameHint?: string): ReportConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid('a report must be a JSON object', 'report', nameHint);
  const r = raw as Record<string, unknown>;
  const name = r['name'] ?? nameHint;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw invalid(
      '"name" must be 1-63 lower-case letters, digits, "-" or "_", starting with a letter or digit',
      'name',
      typeof name === 'string' ? name : undefined,
    );
  }
  const title = r['title'] === undefined ? name : r['title'];
  if (typeof title !== 'string' || title.trim() === '' || title.length > 120)
    throw invalid('"title" must be a string of 1-120 characters', 'title', name);
  const timezone = r['timezone'] === undefined ? 'UTC' : r['timezone'];
  if (typeof timezone !== 'string' || !isTimeZone(timezone))
    throw invalid(
      `"timezone" must be an IANA time zone such as Asia/Shanghai; got ${JSON.stringify(timezone)}`,
      'timezone',
      name,
    );
  const cron = r['cron'];
  if (typeof cron !== 'string' || !isCron(cron, timezone))
    throw invalid(`"cron" must be a cron expression such as "0 9 5 * *"; got ${JSON.stringify(cron)}`, 'cron', name);
  const recipients = stringList(r['recipients'], 'recipients', name);
  const bad = recipients.find((a) => !EMAIL.test(a));
  if (bad !== undefined)
    throw invalid(`"recipients" holds "${bad}", which is not an email address`, 'recipients', name);
  const series = stringList(r['series'], 'series', name);
  if (new Set(series).size !== series.length) throw invalid('"series" names a series twice', 'series', name);
  const horizon = r['horizon'] === undefined ? 12 : r['horizon'];
  if (typeof horizon !== 'number' || !Number.isInteger(horizon) || horizon < 1 || horizon > 36)
    throw invalid('"horizon" must be a whole number of months from 1 to 36', 'horizon', name);
  return Object.freeze({
    name,
    title: title.trim(),
    cron: cron.trim(),
    timezone,
    recipients: Object.freeze(recipients),
    series: Object.freeze(series),
    horizon,
  });
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

function stringList(value: unknown, field: string, name: string): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > 100 ||
    !value.every((v) => typeof v === 'string' && v.trim() !== '')
  ) {
    throw invalid(`"${field}" must be a list of 1-100 non-empty strings`, field, name);
  }
  return value.map((v: string) => v.trim());
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
