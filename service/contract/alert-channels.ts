/**
 * Where alerts are told: notification channels (email, webhook; the dashboard is always one), which
 * alerts each takes, sending a test notification, and the webhook's payload, a versioned schema of
 * its own that receivers can rely on.
 */
import { z } from 'zod';
import { AlertTransitionSchema } from './alerts.js';
import { InstantSchema, type View } from './common.js';
import { endpoint, failure, json } from './endpoint.js';

/** Stable code of every refused channel definition, from the API or the alerts file. */
export const ALERT_CHANNEL_INVALID = 'ALERT_CHANNEL_INVALID';

/** The channel every alert goes to: the live `alert` event of the dashboard. Not defined, not removable. */
export const DASHBOARD_CHANNEL = 'dashboard';

// Deliberately loose: the SMTP server is the authority on addresses; this only catches typos.
const EMAIL_PATTERN = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

export const ChannelIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'must be 1-63 lower-case letters, digits, "-" or "_", starting with one of the first two',
  )
  .refine((id) => id !== DASHBOARD_CHANNEL, `"${DASHBOARD_CHANNEL}" is the built-in channel`)
  .meta({ example: 'planning-email' });

/** Attempts of one notification when the receiver fails in a way that may pass (5xx, network). */
export const ChannelRetrySchema = z
  .object({
    /** Attempts in all, at least 1. */
    attempts: z.int({ error: 'must be a whole number from 1 to 20' }).min(1).max(20).default(6),
    /** Wait before the second attempt, ms; doubles for each further one, at most 5 minutes. */
    baseDelayMs: z.int({ error: 'must be a whole number of ms from 0 to 3600000' }).min(0).max(3_600_000).default(1000),
  })
  .default({ attempts: 6, baseDelayMs: 1000 });

const common = {
  /** The URL's, when a PUT leaves it out. */
  id: ChannelIdSchema.optional(),
  retry: ChannelRetrySchema,
};

export const EmailChannelSchema = z.object({
  ...common,
  type: z.literal('email'),
  to: z
    .array(z.string().trim().regex(EMAIL_PATTERN, 'must be an email address'), {
      error: 'must be a list of 1-100 email addresses',
    })
    .min(1)
    .max(100)
    .meta({ example: ['planning@example.com'] }),
  /** Transitions within this many ms of the first go as one email; 0 sends each alone. */
  groupWindowMs: z
    .int({ error: 'must be a whole number of ms from 0 to 3600000' })
    .min(0)
    .max(3_600_000)
    .default(60_000),
});

/** An http(s) URL; anything else (file:, ftp:, javascript:) is refused. */
const WebhookUrlSchema = z
  .string({ error: 'must be an http(s) URL' })
  .refine((s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL')
  .meta({ example: 'https://hooks.example.com/pulsecast' });

export const WebhookChannelSchema = z.object({
  ...common,
  type: z.literal('webhook'),
  url: WebhookUrlSchema,
  /**
   * The HMAC-SHA256 key of `X-Pulsecast-Signature`. Write-only: answers say whether one is set,
   * never what it is. Left out of a PUT that replaces a webhook, the stored one stays.
   */
  secret: z.string({ error: 'must be a string of 16-200 characters' }).min(16).max(200).optional(),
});

/** A channel as the alerts file or a PUT defines it. */
export const ChannelDefinitionSchema = z
  .discriminatedUnion('type', [EmailChannelSchema, WebhookChannelSchema], {
    error: 'type must be "email" or "webhook"',
  })
  .meta({ id: 'AlertChannelDefinition' });
export type ChannelDefinition = View<typeof ChannelDefinitionSchema>;
export type EmailChannelDefinition = View<typeof EmailChannelSchema>;
export type WebhookChannelDefinition = View<typeof WebhookChannelSchema>;

/** A channel as answers show it: the secret replaced by whether one is set. */
export const AlertChannelSchema = z
  .discriminatedUnion('type', [
    EmailChannelSchema.extend({ id: ChannelIdSchema, source: z.enum(['file', 'api']) }),
    WebhookChannelSchema.omit({ secret: true }).extend({
      id: ChannelIdSchema,
      source: z.enum(['file', 'api']),
      secretSet: z.boolean(),
    }),
  ])
  .meta({ id: 'AlertChannel' });
export type AlertChannelView = View<typeof AlertChannelSchema>;

/** The version of {@link WebhookPayloadSchema}; a change a receiver could trip on raises it. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/**
 * What a webhook receives: one POST per transition, `application/json`, signed. The body is the
 * same for every attempt and every re-send after a restart, and so is its signature.
 */
export const WebhookPayloadSchema = z
  .object({
    version: z.literal(WEBHOOK_PAYLOAD_VERSION),
    /** `transition`: an alert moved; `test`: sent on request to check the channel (no transition). */
    type: z.enum(['transition', 'test']),
    /** The `Idempotency-Key` header's value: the same for every attempt of this notification. */
    id: z.string(),
    channel: z.string(),
    /** One line for people: Slack and Microsoft Teams incoming webhooks show it as the message. */
    text: z.string(),
    /** The transition, for `transition`; null for `test`. */
    transition: AlertTransitionSchema.nullable(),
  })
  .meta({ id: 'WebhookPayload' });
export type WebhookPayload = View<typeof WebhookPayloadSchema>;

export const ChannelTestResultSchema = z.object({
  channel: z.string(),
  /** The notification's key: its Idempotency-Key or Message-ID. */
  key: z.string(),
  attempts: z.int(),
  /** The receiver's answer, e.g. `200` or `250 OK: queued`. */
  response: z.string(),
  at: InstantSchema,
});
export type ChannelTestResult = View<typeof ChannelTestResultSchema>;

const IdParams = z.object({ id: z.string().meta({ example: 'planning-email' }) });
const channelAnswer = z.object({ channel: AlertChannelSchema });

export const alertChannelEndpoints = {
  listAlertChannels: endpoint({
    method: 'get',
    path: '/api/v1/alert-channels',
    summary: 'Every notification channel (admin): the built-in dashboard is not listed; secrets are never shown',
    responses: { 200: json('Channels', z.object({ channels: z.array(AlertChannelSchema) })) },
  }),
  getAlertChannel: endpoint({
    method: 'get',
    path: '/api/v1/alert-channels/{id}',
    summary: 'One notification channel (admin)',
    params: IdParams,
    responses: { 200: json('The channel', channelAnswer), 404: failure('No such channel') },
  }),
  putAlertChannel: endpoint({
    method: 'put',
    path: '/api/v1/alert-channels/{id}',
    summary: 'Define or replace a notification channel (channels of the alerts file are changed in the file)',
    params: IdParams,
    body: ChannelDefinitionSchema,
    bodyErrorCode: ALERT_CHANNEL_INVALID,
    responses: {
      200: json('Replaced', channelAnswer),
      201: json('Created', channelAnswer),
      400: failure(
        'Invalid definition (ALERT_CHANNEL_INVALID, details.field names the field: a webhook URL of another scheme or at this service, a new webhook without a secret), or ids in the body and the URL differ (ALERT_CHANNEL_ID_MISMATCH)',
      ),
      409: failure('Defined in the alerts file (ALERT_CHANNEL_READ_ONLY)'),
    },
  }),
  deleteAlertChannel: endpoint({
    method: 'delete',
    path: '/api/v1/alert-channels/{id}',
    summary: 'Remove a channel defined through the API',
    params: IdParams,
    responses: {
      204: { description: 'Removed' },
      404: failure('No such channel'),
      409: failure('Defined in the alerts file (ALERT_CHANNEL_READ_ONLY)'),
    },
  }),
  testAlertChannel: endpoint({
    method: 'post',
    path: '/api/v1/alert-channels/{id}/test',
    summary: 'Send a test notification through the channel now (retries included) and answer how it went',
    params: IdParams,
    responses: {
      200: json('Delivered', z.object({ result: ChannelTestResultSchema })),
      404: failure('No such channel'),
      502: failure(
        'The receiver refused or could not be reached (ALERT_DELIVERY_FAILED; details.attempts, details.response)',
      ),
    },
  }),
} as const;
