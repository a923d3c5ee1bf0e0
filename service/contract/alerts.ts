/**
 * Alerts: what the service tells planners when a figure surprises, goes missing, conflicts, puts a
 * target at risk or crosses a bound. One alert per (rule, series, month); it moves pending →
 * firing → resolved, and every move is a transition that the notification channels deliver.
 */
import { z } from 'zod';
import { InstantSchema, MonthSchema, orNull, type View } from './common.js';

export const ALERT_KINDS = ['surprise', 'missing', 'conflict', 'target', 'threshold'] as const;
export const AlertKindSchema = z.enum(ALERT_KINDS);
export type AlertKind = View<typeof AlertKindSchema>;

export const SeveritySchema = z.enum(['warning', 'critical']);
export type Severity = View<typeof SeveritySchema>;

/** Inactive alerts have no record; a resolved one stays listed for 30 days. */
export const AlertStatusSchema = z.enum(['pending', 'firing', 'resolved']);
export type AlertStatus = View<typeof AlertStatusSchema>;

/**
 * What a transition did: an alert fired, rose from warning to critical, fell back, was told again
 * while still firing (its rule's `repeatInterval`), or resolved.
 */
export const TransitionChangeSchema = z.enum(['fired', 'escalated', 'deescalated', 'repeated', 'resolved']);
export type TransitionChange = View<typeof TransitionChangeSchema>;

/** An actual outside the band of the forecast stored before it arrived. */
export const SurpriseDetailsSchema = z.object({
  kind: z.literal('surprise'),
  actual: z.number(),
  /** The forecast's point for the month, and the run that stored it (its data did not include the actual). */
  forecast: z.number(),
  run: z.string(),
  lo80: z.number(),
  hi80: z.number(),
  lo95: z.number(),
  hi95: z.number(),
  /** (actual − forecast) / forecast, percent; null when the forecast is 0. */
  surprisePct: z.number().nullable(),
  /** How far outside the 80 % band, in widths of that band (0 inside it). */
  bandWidths: z.number(),
  source: z.string(),
  quote: z.string(),
});

/** The month after the series' latest figure has not arrived by its expected day. */
export const MissingDetailsSchema = z.object({
  kind: z.literal('missing'),
  /** The latest month the series has. */
  lastMonth: MonthSchema,
  /** When the missing month was due. */
  expectedBy: InstantSchema,
  /** `learned`: from the last live arrivals (how many); `configured`: the rule's `expectedByDay`. */
  basis: z.enum(['learned', 'configured']),
  arrivals: z.int(),
});

/** Sources, monthly vs year-to-date, or a stated YoY disagree. */
export const ConflictDetailsSchema = z.object({
  kind: z.literal('conflict'),
  codes: z.array(z.string()),
  message: z.string(),
  values: z.array(z.object({ value: z.number(), source: z.string(), kind: z.enum(['monthly', 'ytd']) })),
});

/** The probability of reaching a full-year target fell below the rule's threshold. */
export const TargetDetailsSchema = z.object({
  kind: z.literal('target'),
  year: z.int(),
  target: z.number(),
  /** 0..1, from the forecast's sample paths of the year total. */
  probability: z.number(),
  threshold: z.number(),
  run: z.string(),
});

/** The latest month's value or YoY growth crossed a bound. */
export const ThresholdDetailsSchema = z.object({
  kind: z.literal('threshold'),
  measure: z.enum(['value', 'yoyPct']),
  op: z.enum(['<', '<=', '>', '>=']),
  bound: z.number(),
  observed: z.number(),
});

export const AlertDetailsSchema = z.discriminatedUnion('kind', [
  SurpriseDetailsSchema,
  MissingDetailsSchema,
  ConflictDetailsSchema,
  TargetDetailsSchema,
  ThresholdDetailsSchema,
]);
export type AlertDetails = View<typeof AlertDetailsSchema>;

export const AlertSchema = z
  .object({
    /** `<rule>|<series>|<month>`: one alert per rule, series and month. */
    id: z.string(),
    rule: z.string(),
    kind: AlertKindSchema,
    series: z.string(),
    month: MonthSchema,
    severity: SeveritySchema,
    status: AlertStatusSchema,
    /** When the condition was first seen (pending or firing). */
    since: InstantSchema,
    updatedAt: InstantSchema,
    resolvedAt: orNull(InstantSchema),
    /** One line of what happened, for lists, subjects and chat messages. */
    summary: z.string(),
    details: AlertDetailsSchema,
    silenced: orNull(z.object({ silence: z.string(), by: z.string(), until: InstantSchema, reason: z.string() })),
    acknowledged: orNull(z.object({ by: z.string(), at: InstantSchema })),
  })
  .meta({ id: 'Alert' });
export type Alert = View<typeof AlertSchema>;

export const AlertTransitionSchema = z
  .object({
    /**
     * The transition's identity: the same after a crash and re-evaluation, never reused for another
     * transition. Channels derive their idempotency keys (webhook `Idempotency-Key`, email Message-ID) from it.
     */
    id: z.string(),
    change: TransitionChangeSchema,
    at: InstantSchema,
    /** The alert as the transition left it. */
    alert: AlertSchema,
  })
  .meta({ id: 'AlertTransition' });
export type AlertTransition = View<typeof AlertTransitionSchema>;
