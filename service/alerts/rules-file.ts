/** The alert rules of `config/alerts.json` (or PULSECAST_ALERTS_FILE), checked by the rules' one schema. */
import { readFile } from 'node:fs/promises';
import { parseRules, type AlertRule } from '../../alerting/rules.js';
import { packageConfigFile } from '../package-files.js';

/** The package's own `config/alerts.json`. */
export function defaultAlertsFile(): string {
  return packageConfigFile('alerts.json');
}

/** The rules of the file; throws naming the file, the rule and the field at fault. */
export async function readAlertRules(file: string): Promise<AlertRule[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const rules = (value as { rules?: unknown } | null)?.rules;
  if (rules === undefined) throw new Error(`${file}: must be an object with "rules", a list of alert rules`);
  const parsed = parseRules(rules);
  if ('error' in parsed) throw new Error(`${file}: ${parsed.error}`);
  return parsed.rules;
}
