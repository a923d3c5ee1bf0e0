/**
 * The alert rules in force: those of the rules file, or, once an admin replaced them through the
 * API, those kept in InfluxDB (in force across restarts, over the file). Evaluations read them
 * anew each time, so a change applies at once.
 */
import type { InfluxDB } from 'influx';
import { parseRules, type AlertRule } from '../../alerting/rules.js';
import type { Clock } from '../clock.js';
import { ident, MEASUREMENT } from '../storage/schema.js';
import { queryRows, toStoreError } from '../storage/store-error.js';

export class RuleSet {
  private constructor(
    private readonly client: InfluxDB,
    private readonly clock: Clock,
    private current: readonly AlertRule[],
    private origin: 'file' | 'api',
  ) {}

  /** The rules kept in InfluxDB if an admin set some, else the file's. */
  static async load(client: InfluxDB, clock: Clock, fileRules: readonly AlertRule[]): Promise<RuleSet> {
    const rows = await queryRows(client, `SELECT * FROM ${ident(MEASUREMENT.alertRules)}`);
    const stored = rows[0]?.['json'];
    if (typeof stored !== 'string') return new RuleSet(client, clock, fileRules, 'file');
    const parsed = parseRules(JSON.parse(stored));
    // Stored rules were valid when written; a later version that refuses them falls back to the file.
    if ('error' in parsed) return new RuleSet(client, clock, fileRules, 'file');
    return new RuleSet(client, clock, parsed.rules, 'api');
  }

  rules(): readonly AlertRule[] {
    return this.current;
  }

  source(): 'file' | 'api' {
    return this.origin;
  }

  /** Replaces the rules (already checked by the contract's schema) and keeps them. */
  async replace(rules: readonly AlertRule[], by: string): Promise<void> {
    try {
      await this.client.writePoints(
        [
          {
            measurement: MEASUREMENT.alertRules,
            fields: { json: JSON.stringify(rules), updated_at: this.clock.now(), by },
            timestamp: new Date(0),
          },
        ],
        { precision: 'ms' },
      );
    } catch (error) {
      throw toStoreError(error, 'write');
    }
    this.current = rules;
    this.origin = 'api';
  }
}
