/**
 * The data that flows through ingest: raw rows as parsed, validated observations, and row errors.
 * Everything here is plain data so that parsing and validation stay pure.
 */

import type { MonthKey } from '../common/month.js';

export type { MonthKey };

/** Whether a figure is for one month or cumulative from January to that month. */
export type FigureKind = 'monthly' | 'ytd';

/** The input formats that share one validation path. */
export type InputFormat = 'csv' | 'json' | 'line-protocol';

/**
 * A row as a parser read it, before validation. Values stay as the source wrote them (strings
 * for CSV, whatever JSON held), so that validation can name exactly what was wrong.
 */
export interface RawRow {
  /** Where the row stands in its input: the 1-based line for CSV and line protocol, the 0-based array index for JSON. */
  readonly row: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A validated figure, ready to be reconciled with what is stored. */
export interface Observation {
  readonly row: number;
  readonly series: string;
  readonly month: MonthKey;
  readonly value: number;
  readonly kind: FigureKind;
  /** Present when the row carries one; a new series needs it. */
  readonly unit?: string;
  /** A year-over-year change in percent, only when the source states one. */
  readonly yoyPctStated?: number;
  /** Where the figure came from (a URL or a short citation); empty when the row gave none. */
  readonly source: string;
  /** A verbatim excerpt containing the figure. */
  readonly quote?: string;
  /** Optional series metadata for a new series. */
  readonly metric?: string;
  readonly entity?: string;
  readonly name?: string;
}

/** Stable codes for row-level failures. */
export type RowErrorCode =
  | 'MISSING_FIELD'
  | 'INVALID_SERIES'
  | 'INVALID_MONTH'
  | 'INVALID_VALUE'
  | 'NEGATIVE_VALUE'
  | 'INVALID_KIND'
  | 'INVALID_YOY'
  | 'UNIT_MISMATCH'
  | 'UNKNOWN_SERIES'
  | 'DUPLICATE_IN_BATCH'
  | 'MALFORMED_ROW'
  | 'FIELD_TOO_LONG';

/** Why one row was refused: the row, the field and the reason. */
export interface RowError {
  readonly row: number;
  readonly field?: string;
  readonly code: RowErrorCode;
  readonly message: string;
}

/** What every parser returns: the rows it could read and the ones it could not. */
export interface ParseResult {
  readonly rows: RawRow[];
  readonly errors: RowError[];
}
