/**
 * What the series chart marks from the series' alerts (pure): each surprise, firing or resolved,
 * at its month with the actual and the 80 % and 95 % bands of the forecast it left; and the month
 * a firing `missing` alert expects, which is not an old gap but a figure not yet in. Everything
 * comes from the alerts the API answers; the page invents none of it.
 */
import type { Alert } from '../../../service/contract/index.js';

export interface SurpriseMark {
  readonly month: string;
  readonly status: Alert['status'];
  readonly severity: Alert['severity'];
  readonly actual: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
  /** The alert's one line: what the actual was against which band. */
  readonly title: string;
}

export interface MissingMark {
  readonly month: string;
  /** ISO instant by which the month was due. */
  readonly expectedBy: string;
  readonly title: string;
}

export interface ChartMarks {
  readonly surprises: readonly SurpriseMark[];
  readonly missing: readonly MissingMark[];
}

export const NO_MARKS: ChartMarks = { surprises: [], missing: [] };

/** The marks of one series' alerts; one per month (the newest alert of a month wins). */
export function alertMarks(alerts: Iterable<Alert>): ChartMarks {
  const surprises = new Map<string, { at: string; mark: SurpriseMark }>();
  const missing: MissingMark[] = [];
  for (const a of alerts) {
    const d = a.details;
    if (d.kind === 'surprise' && a.status !== 'pending') {
      const known = surprises.get(a.month);
      if (known && known.at > a.updatedAt) continue;
      const { actual, lo80, hi80, lo95, hi95 } = d;
      const title = `${a.status === 'resolved' ? 'Resolved surprise' : 'Surprise'}: ${a.summary}`;
      surprises.set(a.month, {
        at: a.updatedAt,
        mark: { month: a.month, status: a.status, severity: a.severity, actual, lo80, hi80, lo95, hi95, title },
      });
    } else if (d.kind === 'missing' && a.status === 'firing') {
      missing.push({ month: a.month, expectedBy: d.expectedBy, title: a.summary });
    }
  }
  return {
    surprises: [...surprises.values()].map((s) => s.mark).sort((x, y) => x.month.localeCompare(y.month)),
    missing: missing.sort((x, y) => x.month.localeCompare(y.month)),
  };
}

/** The last month the marks need on the chart's axis (a missing month may lie past every figure). */
export function lastMarkedMonth(marks: ChartMarks): string | null {
  const months = [...marks.surprises, ...marks.missing].map((m) => m.month).sort();
  return months[months.length - 1] ?? null;
}
