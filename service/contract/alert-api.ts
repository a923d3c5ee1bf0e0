/**
 * The alerts API: listing alerts and their history, acknowledging, silencing, and the rules
 * (admin to change). The views themselves are in alerts.ts; the rules' schema is the pure
 * alerting/ one, so a rule the API takes is a rule the evaluator runs.
 */
import { z } from 'zod';
import { AlertRuleSchema, AlertRulesSchema } from '../../alerting/rules.js';
import { AlertSchema, AlertStatusSchema, SeveritySchema, TransitionChangeSchema } from './alerts.js';
import { InstantSchema, ShortTextSchema, type View } from './common.js';
import { endpoint, failure, json } from './endpoint.js';

/** `?state=firing,pending`: the statuses to list, comma-separated. */
const StatesSchema = z
  .string({ error: 'must be a comma-separated list of pending, firing, resolved' })
  .max(100)
  .transform((s, ctx) => {
    const states = s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    for (const state of states)
      if (!AlertStatusSchema.options.includes(state as never)) {
        ctx.addIssue({ code: 'custom', message: `"${state}" is not one of pending, firing, resolved`, input: s });
        return z.NEVER;
      }
    return states as View<typeof AlertStatusSchema>[];
  })
  .meta({ description: 'Comma-separated statuses; all when absent', example: 'firing,pending' });

const AlertIdParams = z.object({ id: z.string().max(300).meta({ example: 'surprise|aito_deliveries|2024-11' }) });

export const SilenceSchema = z
  .object({
    id: z.string(),
    /** The series it covers; null: every series (of `rule`). */
    series: z.string().nullable(),
    /** The rule it covers; null: every rule (of `series`). */
    rule: z.string().nullable(),
    reason: z.string(),
    /** The name of the token that made it. */
    by: z.string(),
    createdAt: InstantSchema,
    until: InstantSchema,
  })
  .meta({ id: 'Silence' });
export type Silence = View<typeof SilenceSchema>;

export const SilenceRequestSchema = z
  .object({
    series: z.string().trim().min(1).max(100).optional(),
    rule: z.string().trim().min(1).max(64).optional(),
    reason: z.string({ error: 'must say why, in at most 500 characters' }).trim().min(1).max(500),
    /** When it ends; in the future, at most a year ahead. */
    until: InstantSchema,
  })
  .refine((s) => s.series !== undefined || s.rule !== undefined, {
    error: 'must name a series, a rule or both',
    path: ['series'],
  });
export type SilenceRequest = View<typeof SilenceRequestSchema>;

export const AlertHistoryEntrySchema = z.object({
  id: z.string(),
  change: TransitionChangeSchema,
  at: InstantSchema,
  severity: SeveritySchema,
  status: AlertStatusSchema,
  summary: z.string(),
});

export const alertEndpoints = {
  listAlerts: endpoint({
    method: 'get',
    path: '/api/v1/alerts',
    summary:
      'Alerts: firing first (critical, then the oldest), then pending, then resolved in the last 30 days (newest first); silenced ones marked',
    query: z.object({
      state: StatesSchema.optional(),
      series: ShortTextSchema.optional(),
      rule: ShortTextSchema.optional(),
    }),
    responses: {
      200: json('Alerts', z.object({ alerts: z.array(AlertSchema) })),
      400: failure('A state that is not pending, firing or resolved (INVALID_PARAMETER)'),
    },
  }),
  getAlert: endpoint({
    method: 'get',
    path: '/api/v1/alerts/{id}',
    summary: 'One alert and its transitions, oldest first',
    params: AlertIdParams,
    responses: {
      200: json('The alert', z.object({ alert: AlertSchema, history: z.array(AlertHistoryEntrySchema) })),
      404: failure('No such alert'),
    },
  }),
  acknowledgeAlert: endpoint({
    method: 'post',
    path: '/api/v1/alerts/{id}/ack',
    summary: 'Acknowledge a firing alert (admin): it shows who and when, and is not repeated; a new firing clears it',
    params: AlertIdParams,
    responses: {
      200: json('Acknowledged', z.object({ alert: AlertSchema })),
      404: failure('No such alert'),
      409: failure('The alert is not firing (ALERT_NOT_FIRING)'),
    },
  }),
  listSilences: endpoint({
    method: 'get',
    path: '/api/v1/silences',
    summary: 'Silences in force',
    responses: { 200: json('Silences', z.object({ silences: z.array(SilenceSchema) })) },
  }),
  createSilence: endpoint({
    method: 'post',
    path: '/api/v1/silences',
    summary:
      'Silence alerts of a series and/or a rule until an instant (admin): they still show, marked, and channels send nothing for them',
    body: SilenceRequestSchema,
    responses: {
      201: json('Created', z.object({ silence: SilenceSchema })),
      400: failure('No series or rule, no reason, or an end not in the future (INVALID_FIELD, naming it)'),
    },
  }),
  deleteSilence: endpoint({
    method: 'delete',
    path: '/api/v1/silences/{id}',
    summary: 'End a silence now (admin)',
    params: z.object({ id: z.string().max(100) }),
    responses: { 204: { description: 'Ended' }, 404: failure('No such silence in force') },
  }),
  listAlertRules: endpoint({
    method: 'get',
    path: '/api/v1/alert-rules',
    summary: 'The alert rules in force, every default filled in',
    responses: { 200: json('Rules', z.object({ rules: z.array(AlertRuleSchema), source: z.enum(['file', 'api']) })) },
  }),
  putAlertRules: endpoint({
    method: 'put',
    path: '/api/v1/alert-rules',
    summary:
      'Replace the alert rules (admin); kept in InfluxDB, in force at once and after restarts (over config/alerts.json)',
    body: z.object({ rules: AlertRulesSchema }),
    responses: {
      200: json(
        'The rules now in force',
        z.object({ rules: z.array(AlertRuleSchema), source: z.enum(['file', 'api']) }),
      ),
      400: failure('A rule that is not valid (INVALID_FIELD, naming the rule and field)'),
    },
  }),
  putTarget: endpoint({
    method: 'put',
    path: '/api/v1/targets/{series}/{year}',
    summary:
      "Set a series' full-year target (admin); the series' target alerts are evaluated again at once, from a fit of its current data",
    params: z.object({
      series: z.string().max(100).meta({ example: 'seres_nev_sales' }),
      year: z.coerce.number({ error: 'must be a calendar year' }).int().min(1900).max(2200),
    }),
    body: z.object({ target: z.number({ error: 'must be a positive number' }).positive() }),
    responses: {
      200: json(
        'The target, the probability of reaching it (null while the series cannot be forecast that far) and its alerts',
        z.object({
          series: z.string(),
          year: z.int(),
          target: z.number(),
          probability: z.number().nullable(),
          alerts: z.array(AlertSchema),
        }),
      ),
      400: failure('A year or target that is not one (INVALID_PARAMETER, INVALID_FIELD)'),
      404: failure('No such series'),
    },
  }),
} as const;

/** A silence in force for these many ms at most. */
export const MAX_SILENCE_MS = 366 * 24 * 60 * 60_000;
