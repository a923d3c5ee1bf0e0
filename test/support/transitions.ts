/**
 * Alert transitions built by hand, for testing the notification side without the evaluator: a
 * surprise on a series and month, fired or resolved, with the severity and silence a test needs.
 */
import type { AlertTransition, TransitionChange } from '../../service/contract/index.js';

export interface TransitionOptions {
  readonly series?: string;
  readonly month?: string;
  readonly rule?: string;
  readonly change?: TransitionChange;
  readonly severity?: 'warning' | 'critical';
  /** ISO instant; the start of the current minute unless given (the outbox replays recent ones). */
  readonly at?: string;
  readonly silenced?: boolean;
  /** Distinguishes transitions of one alert (a fire, its resolve). */
  readonly seq?: number;
}

export function surpriseTransition(options: TransitionOptions = {}): AlertTransition {
  const series = options.series ?? 'aito_deliveries';
  const month = options.month ?? '2025-06';
  const rule = options.rule ?? 'surprise';
  const change = options.change ?? 'fired';
  const at = options.at ?? new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const id = `${rule}|${series}|${month}`;
  return {
    id: `${id}|${change}|${options.seq ?? 1}`,
    change,
    at,
    alert: {
      id,
      rule,
      kind: 'surprise',
      series,
      month,
      severity: options.severity ?? 'critical',
      status: change === 'resolved' ? 'resolved' : 'firing',
      since: at,
      updatedAt: at,
      resolvedAt: change === 'resolved' ? at : null,
      summary: `${series} ${month}: 12,000 against a forecast of 40,000 (−70.0 %), below its 95 % band`,
      details: {
        kind: 'surprise',
        actual: 12_000,
        forecast: 40_000,
        run: 'run-1',
        lo80: 35_000,
        hi80: 45_000,
        lo95: 32_000,
        hi95: 48_000,
        surprisePct: -70,
        bandWidths: 2.3,
        source: 'https://example.com/aito-june',
        quote: 'AITO delivered 12,000 vehicles in June',
      },
      silenced: options.silenced
        ? { silence: 'sil-1', by: 'test-admin', until: '2030-01-01T00:00:00.000Z', reason: 'known outage' }
        : null,
      acknowledged: null,
    },
  };
}

/** The alerts file's rules for tests of the notification side: the surprise rule, notifying from critical. */
export const RULES = [{ id: 'surprise', kind: 'surprise', series: 'all', notifyFrom: 'critical' }];
