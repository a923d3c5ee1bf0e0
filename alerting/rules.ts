/**
 * Alert rules: what to watch (a kind and its settings), over which series, how severe, and where
 * it notifies. One schema checks rules wherever they come from (config/alerts.json, the API) and
 * names the field at fault; the API's contract uses the same one.
 */
import { z } from 'zod';
import { intervalMs, MAX_REPEAT_MS } from './repeat.js';

export const RULE_KINDS = ['surprise', 'missing', 'conflict', 'target', 'threshold'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const SEVERITIES = ['warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `*` in a pattern stands for any run of characters; nothing else is special. */
const PatternSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.*-]+$/, 'must be letters, digits, _ . - and * (any run of characters)');

/** Every series, or those named, or those whose metric and entity match the patterns. */
export const SeriesSelectorSchema = z.union([
  z.literal('all'),
  z
    .strictObject({
      ids: z.array(z.string().min(1).max(100)).min(1).max(10_000).optional(),
      metric: PatternSchema.optional(),
      entity: PatternSchema.optional(),
    })
    .refine((s) => s.ids !== undefined || s.metric !== undefined || s.entity !== undefined, {
      error: 'must name ids, a metric pattern or an entity pattern (or be "all")',
    }),
]);
export type SeriesSelector = z.output<typeof SeriesSelectorSchema>;

const SeveritySchema = z.enum(SEVERITIES);

const common = {
  /** Unique; part of every alert's id, so it never changes once alerts exist. */
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, _ and - (starting with a letter or digit)'),
  enabled: z.boolean().default(true),
  series: SeriesSelectorSchema.default('all'),
  /** Channel ids to notify, `*` for every channel; empty: the dashboard only. */
  channels: z.array(z.string().min(1).max(64)).max(50).default(['*']),
  /** The least severity that goes to the channels; below it the dashboard only. */
  notifyFrom: SeveritySchema.default('warning'),
  /** How long a condition must hold before the alert fires (0: at once). */
  pendingMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 31)
    .default(0),
  /** How long a firing alert's condition must stay clear before it resolves: a flap within it notifies nothing. */
  flapMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 31)
    .default(0),
  /**
   * Tell the channels again every this long (`30m`, `4h`, `1d`) while an alert fires unacknowledged
   * and unsilenced; absent: once.
   */
  repeatInterval: z
    .string()
    .refine((s) => intervalMs(s) >= 60_000 && intervalMs(s) <= MAX_REPEAT_MS, {
      error: 'must be minutes, hours or days such as "30m", "4h" or "1d", at most "31d"',
    })
    .optional(),
};

const SurpriseRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('surprise'),
  /** Severity comes from the band left: outside 80 % warning, outside 95 % critical. */
  settings: z.strictObject({ raiseFrom: SeveritySchema.default('warning') }).default({ raiseFrom: 'warning' }),
});

const MissingRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('missing'),
  severity: SeveritySchema.default('warning'),
  settings: z
    .strictObject({
      /** The day of the month after a month by which it is due; learned from live arrivals when absent. */
      expectedByDay: z.number().int().min(1).max(60).optional(),
      /** Days added to the latest learned arrival day. */
      graceDays: z.number().int().min(0).max(31).default(2),
      /** Live arrivals needed before the day is learned. */
      minArrivals: z.number().int().min(1).max(60).default(6),
      /** The last this many live arrivals are learned from. */
      window: z.number().int().min(1).max(60).default(12),
    })
    .default({ graceDays: 2, minArrivals: 6, window: 12 }),
});

export const CONFLICT_CODES = ['SOURCES_DISAGREE', 'YTD_MISMATCH', 'YOY_MISMATCH', 'YTD_NEGATIVE'] as const;

const ConflictRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('conflict'),
  severity: SeveritySchema.default('warning'),
  settings: z
    .strictObject({
      codes: z
        .array(z.enum(CONFLICT_CODES))
        .min(1)
        .default([...CONFLICT_CODES]),
    })
    .default({ codes: [...CONFLICT_CODES] }),
});

const TargetRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('target'),
  severity: SeveritySchema.default('warning'),
  settings: z
    .strictObject({
      /** Fires when the probability of reaching the year's target falls below this (0..1). */
      threshold: z.number().gt(0).lt(1).default(0.5),
    })
    .default({ threshold: 0.5 }),
});

const ThresholdRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('threshold'),
  severity: SeveritySchema.default('warning'),
  settings: z.strictObject({
    measure: z.enum(['value', 'yoyPct']),
    op: z.enum(['<', '<=', '>', '>=']),
    bound: z.number(),
  }),
});

export const AlertRuleSchema = z.discriminatedUnion('kind', [
  SurpriseRuleSchema,
  MissingRuleSchema,
  ConflictRuleSchema,
  TargetRuleSchema,
  ThresholdRuleSchema,
]);
/** A rule as written: defaults may be left out. */
export type AlertRuleInput = z.input<typeof AlertRuleSchema>;
/** A rule with every default filled in. */
export type AlertRule = z.output<typeof AlertRuleSchema>;
export type RuleOf<K extends RuleKind> = Extract<AlertRule, { kind: K }>;

export const AlertRulesSchema = z
  .array(AlertRuleSchema)
  .max(1000)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, i) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${rule.id}" names two rules`, input: rule.id });
      seen.add(rule.id);
    });
  });

/** The file `config/alerts.json`: `{ "rules": [...] }` (channels, routing: the delivery side's). */
export const AlertsFileSchema = z.looseObject({ rules: AlertRulesSchema });

export type RulesResult = { readonly rules: AlertRule[] } | { readonly error: string };

/** Parses rules as written in a file or a request; the error names the rule and field at fault. */
export function parseRules(value: unknown): RulesResult {
  const parsed = AlertRulesSchema.safeParse(value);
  if (parsed.success) return { rules: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { error: `${describePath(issue.path, value)}: ${issue.message}` };
}

function describePath(path: readonly PropertyKey[], value: unknown): string {
  if (path.length === 0) return 'rules';
  const [index, ...rest] = path;
  const rule = Array.isArray(value) ? (value[Number(index)] as { id?: unknown } | undefined) : undefined;
  const name = typeof rule?.id === 'string' ? `rule "${rule.id}"` : `rules[${String(index)}]`;
  return rest.length ? `${name}, field "${rest.map(String).join('.')}"` : name;
}

/** The rule's severity for kinds that have one fixed; surprise's comes from the band left. */
export function severityOf(rule: AlertRule): Severity | null {
  return rule.kind === 'surprise' ? null : rule.severity;
}

/** The channels an alert of this rule and severity goes to ([] = the dashboard only; `*` = every channel). */
export function channelsFor(rule: AlertRule, severity: Severity): readonly string[] {
  return rank(severity) >= rank(rule.notifyFrom) ? rule.channels : [];
}

export function rank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
