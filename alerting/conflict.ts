/**
 * `conflict`: a month whose figures disagree by the rules that report conflicts (ingest/resolve.ts:
 * sources at any difference, monthly against year-to-date above 0.5 %, a stated YoY that does not
 * fit). It holds while the disagreement does, and ends when a restatement removes it or an admin
 * reviews the month and says which figure stands.
 */
import type { ConflictDetails } from './details.js';
import type { RuleOf } from './rules.js';
import type { Condition } from './state-machine.js';

/** A disagreement as resolve.ts reports it. */
export interface ConflictFact {
  readonly month: string;
  readonly code: string;
  readonly message: string;
  readonly values: readonly { value: number; source: string; kind: string }[];
}

/** The conflicting months of a series, each with its condition; reviewed months are settled. */
export function conflictConditions(
  facts: readonly ConflictFact[],
  reviewed: ReadonlySet<string>,
  rule: RuleOf<'conflict'>,
  label: string,
): Map<string, Condition> {
  const codes = new Set<string>(rule.settings.codes);
  const byMonth = new Map<string, ConflictFact[]>();
  for (const f of facts) {
    if (!codes.has(f.code) || reviewed.has(f.month)) continue;
    const list = byMonth.get(f.month) ?? [];
    list.push(f);
    byMonth.set(f.month, list);
  }
  const found = new Map<string, Condition>();
  for (const [month, list] of byMonth) {
    const values = new Map<string, ConflictDetails['values'][number]>();
    for (const f of list)
      for (const v of f.values) {
        // A value derived from year-to-date figures is named by the year-to-date figure it came from.
        const kind = v.kind === 'monthly' ? 'monthly' : 'ytd';
        values.set(`${v.value}\u0000${v.source}\u0000${kind}`, { value: v.value, source: v.source, kind });
      }
    const details: ConflictDetails = {
      kind: 'conflict',
      codes: [...new Set(list.map((f) => f.code))].sort(),
      message: list.map((f) => f.message).join('; '),
      values: [...values.values()],
    };
    found.set(month, { severity: rule.severity, summary: `${label} ${month}: ${details.message}`, details });
  }
  return found;
}
