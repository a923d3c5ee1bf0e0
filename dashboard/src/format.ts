/**
 * Numbers, months and times for the reader's locale. Numbers and months come from the shared display
 * formatter (common/display-format.ts), the same one the emailed report uses, so a value reads the same
 * on the page and in the email for one locale; times of day are the page's own.
 */
import { displayFormat } from '../../common/display-format.js';

const locale = typeof navigator !== 'undefined' ? (navigator.languages?.[0] ?? navigator.language) : 'en';

const page = displayFormat(locale);
const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });

/** A value of `unit` in full digits with its precision (whole for units, vehicles and cars). */
export const formatValue = (value: number | null | undefined, unit: string): string => page.number(value, unit);

/** A count of things (rows): whole, grouped. */
export const formatCount = page.count;

/** Growth (or an error) in percent with a sign: `+12.3 %`. */
export const formatPct = page.signedPct;

/** A 0..1 share as a percentage. */
export const formatShare = page.share;

/** A chart axis label: `45K`. */
export const formatCompact = (value: number): string => page.compact(value);

/** `2024-06` as the locale writes a month. */
export const formatMonth = page.month;

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
