/**
 * How numbers and months read wherever they are shown: the emailed report (server side, its own locale)
 * and the dashboard (the reader's browser locale) call the same formatter, so one value reads the same in
 * both for one locale. Rounding happens here and only here; computed values (growth included) are stored
 * unrounded.
 *
 * The precision rule: count units — `units`, `vehicles`, `cars` (singular or plural, any case) — are whole
 * numbers, a fraction of a car being noise. Every other unit (GWh, %, EUR …) keeps precision by magnitude:
 * whole from 1,000 up, one decimal from 10, two below 10, so that a small value keeps at least three
 * significant digits and a large one shows no false precision. Decimals are fixed (38.0, not 38) so that
 * a column of values lines up. Values are written in full digits with the locale's grouping (44,126, not
 * 44K); only chart axes are compact. Negative numbers take a true minus sign (U+2212) in every locale.
 */
import { monthToDate, type MonthKey } from './month.js';
import { isCountUnit } from './units.js';

const MINUS = '\u2212';

/** Decimals shown for `value` in `unit`, by the precision rule above: 0, 1 or 2. */
export function decimalsFor(value: number, unit: string): number {
  if (isCountUnit(unit)) return 0;
  const a = Math.abs(value);
  return a >= 1000 ? 0 : a >= 10 ? 1 : 2;
}

type Shown = number | null | undefined;

/** The formatters of one locale. Every one writes `missing` for null, undefined or a non-finite number. */
export interface DisplayFormat {
  /** A value of `unit` in full digits with its precision: `44,126` (units), `38.4` (GWh). */
  readonly number: (value: Shown, unit: string) => string;
  /** A count of things (rows, series), whole like a count unit: `1,204`. */
  readonly count: (value: Shown) => string;
  /** Growth in percent with a sign, one decimal: `+12.3 %`, `−4.0 %`, `0.0 %` (no sign on what rounds to 0). */
  readonly signedPct: (value: Shown) => string;
  /** A share 0..1 as a whole percentage: `82 %`. */
  readonly share: (value: Shown) => string;
  /** A chart axis label: `45K`, `1.2M`, `0.5`. */
  readonly compact: (value: Shown) => string;
  /** A month as the locale writes it, UTC: `Jun 2025` for `2025-06`. */
  readonly month: (month: MonthKey | null | undefined) => string;
}

/**
 * Builds the formatters of a BCP 47 `locale` (`en-US`, the browser's `navigator.language`) once; `missing`
 * (default `–`) is what a value that is not there reads as.
 */
export function displayFormat(locale: string, options: { missing?: string } = {}): DisplayFormat {
  const missing = options.missing ?? '–';
  const fixed = [0, 1, 2].map(
    (d) => new Intl.NumberFormat(locale, { minimumFractionDigits: d, maximumFractionDigits: d }),
  );
  const pct = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const monthLabel = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const shown = (value: Shown, write: (v: number) => string): string =>
    value === null || value === undefined || !Number.isFinite(value) ? missing : write(value);
  return {
    number: (value, unit) => shown(value, (v) => fixedDigits(fixed, decimalsFor(v, unit), v)),
    count: (value) => shown(value, (v) => fixedDigits(fixed, 0, v)),
    signedPct: (value) => shown(value, (v) => `${withMinus(pct, v)} %`),
    share: (value) => shown(value, (v) => `${fixedDigits(fixed, 0, v * 100)} %`),
    compact: (value) => shown(value, (v) => withMinus(compact, v)),
    month: (month) => (month ? monthLabel.format(monthToDate(month)) : missing),
  };
}

/** `v` with `decimals` fixed decimals; a negative value that rounds to zero reads as 0, not −0. */
function fixedDigits(fixed: readonly Intl.NumberFormat[], decimals: number, v: number): string {
  return withMinus(fixed[decimals]!, Number(v.toFixed(decimals)) === 0 ? 0 : v);
}

/** `format.format(v)` with the locale's minus sign replaced by U+2212. */
function withMinus(format: Intl.NumberFormat, v: number): string {
  let out = '';
  for (const part of format.formatToParts(v)) out += part.type === 'minusSign' ? MINUS : part.value;
  return out;
}
