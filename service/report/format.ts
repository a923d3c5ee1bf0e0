/**
 * How numbers read in a report: full digits with thousands separators (en-US, the reports'
 * language), signed percentages, compact axis labels. One place, so HTML, text and tests agree.
 */

const LOCALE = 'en-US';
const MINUS = '\u2212';

/** Decimals for a value of this unit and size: whole vehicles, tenths of GWh, more for small numbers. */
export function decimalsFor(value: number, unit: string): number {
  if (/^(units?|vehicles?|cars?)$/i.test(unit)) return 0;
  const a = Math.abs(value);
  return a >= 1000 ? 0 : a >= 10 ? 1 : 2;
}

/** `44,126` or `38.4`; "n/a" for null or a non-finite value. */
export function fullNumber(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const d = decimalsFor(value, unit);
  return new Intl.NumberFormat(LOCALE, { minimumFractionDigits: d, maximumFractionDigits: d })
    .format(value)
    .replace('-', MINUS);
}

/** `+12.3 %`, `−4.0 %`, or "n/a". */
export function signedPct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const text = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    Math.abs(value),
  );
  const sign = text === '0.0' ? '' : value > 0 ? '+' : MINUS;
  return `${sign}${text} %`;
}

/** A share 0..1 as `82 %`. */
export function share(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${Math.round(value * 100)} %`;
}

/** Axis labels: `45k`, `1.2M`, `0.5`. */
export function compactNumber(value: number): string {
  return new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 })
    .format(value)
    .replace('-', MINUS);
}

/** `Jun 2025` for `2025-06`. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALE, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, 1)),
  );
}
