/**
 * Numbers and months for the reader's locale: values in full digits (no "44K"), growth with a sign,
 * months as the locale writes them. One formatter per kind, built once.
 */
import { monthToDate } from '../../common/month.js';

const locale = typeof navigator !== 'undefined' ? (navigator.languages?.[0] ?? navigator.language) : 'en';

const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const fine = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const pct = new Intl.NumberFormat(locale, {
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
  signDisplay: 'exceptZero',
});
const share = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
const monthLong = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });

/** A figure in full digits; units measured in small numbers (GWh) keep two decimals. */
export function formatValue(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return (Math.abs(value) < 1000 && unit !== 'units' ? fine : whole).format(value);
}

export function formatPct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${pct.format(value)} %`;
}

/** A 0..1 share as a percentage. */
export function formatShare(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : share.format(value);
}

/** `2024-06` as the locale writes a month. */
export function formatMonth(month: string | null | undefined): string {
  if (!month) return '–';
  return monthLong.format(monthToDate(month));
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '–';
}

export function formatTime(ms: number): string {
  return time.format(new Date(ms));
}

/** `positive`, `negative` or `flat`, for colouring growth. */
export function trendClass(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value) || value === 0) return 'flat';
  return value > 0 ? 'positive' : 'negative';
}
