/**
 * Loads the R reference forecasts in test/cases/forecast-r-reference.json (each case carries the R call
 * that produced it).
 */
import { readFileSync } from 'node:fs';

export interface ReferenceCase {
  readonly name: string;
  readonly r: string;
  readonly frequency: number;
  readonly h: number;
  readonly y: number[];
  readonly mean: number[];
  readonly lo80: number[];
  readonly hi80: number[];
  readonly lo95: number[];
  readonly hi95: number[];
}

export function referenceCases(prefix: string): ReferenceCase[] {
  const file = new URL('../cases/forecast-r-reference.json', import.meta.url);
  const data = JSON.parse(readFileSync(file, 'utf8')) as { cases: ReferenceCase[] };
  return data.cases.filter((c) => c.name.startsWith(prefix));
}

/** Largest |a − b| / |b| over the arrays. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++)
    worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)) / Math.abs(b[i] as number));
  return worst;
}
