/**
 * What an alert says, per kind: the facts a planner needs to judge it without opening the page.
 * The contract (service/contract/alerts.ts) publishes the same shapes; the service checks at
 * compile time that these fit it.
 */
export interface SurpriseDetails {
  readonly kind: 'surprise';
  readonly actual: number;
  /** The point forecast for the month, and the run that stored it (its data did not include the actual). */
  readonly forecast: number;
  readonly run: string;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
  /** (actual − forecast) / forecast, percent; null when the forecast is 0. */
  readonly surprisePct: number | null;
  /** How far outside the 80 % band, in widths of that band (0 inside it). */
  readonly bandWidths: number;
  readonly source: string;
  readonly quote: string;
}

export interface MissingDetails {
  readonly kind: 'missing';
  /** The latest month the series has. */
  readonly lastMonth: string;
  /** When the missing month was due (ISO instant). */
  readonly expectedBy: string;
  readonly basis: 'learned' | 'configured';
  /** Live arrivals the expected day was learned from (0 when configured). */
  readonly arrivals: number;
}

export interface ConflictDetails {
  readonly kind: 'conflict';
  readonly codes: readonly string[];
  readonly message: string;
  readonly values: readonly { readonly value: number; readonly source: string; readonly kind: 'monthly' | 'ytd' }[];
}

export interface TargetDetails {
  readonly kind: 'target';
  readonly year: number;
  readonly target: number;
  /** 0..1, from the forecast's sample paths of the year total. */
  readonly probability: number;
  readonly threshold: number;
  readonly run: string;
}

export interface ThresholdDetails {
  readonly kind: 'threshold';
  readonly measure: 'value' | 'yoyPct';
  readonly op: '<' | '<=' | '>' | '>=';
  readonly bound: number;
  readonly observed: number;
}

export type AlertDetails = SurpriseDetails | MissingDetails | ConflictDetails | TargetDetails | ThresholdDetails;
