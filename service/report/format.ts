/**
 * How numbers and months read in a report: the shared display formatter (common/display-format.ts, the
 * same one the dashboard uses) in the reports' language, en-US, with "n/a" for a value that is not there.
 */
import { displayFormat } from '../../common/display-format.js';

/** The reports' locale. */
export const REPORT_LOCALE = 'en-US';

const report = displayFormat(REPORT_LOCALE, { missing: 'n/a' });

/** `44,126` or `38.4`; "n/a" for null or a non-finite value. */
export const fullNumber = report.number;
/** `+12.3 %`, `−4.0 %`, or "n/a". */
export const signedPct = report.signedPct;
/** A share 0..1 as `82 %`. */
export const share = report.share;
/** Axis labels: `45K`, `1.2M`, `0.5`. */
export const compactNumber = (value: number): string => report.compact(value);
/** `Jun 2025` for `2025-06`. */
export const monthLabel = (month: string): string => report.month(month);
