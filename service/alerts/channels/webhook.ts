/**
 * Webhook channel: one signed JSON POST per transition (the payload schema is the contract's
 * `WebhookPayloadSchema`, versioned). `X-Pulsecast-Signature: sha256=<hex>` is the HMAC-SHA256 of
 * the exact body bytes with the channel's secret; `Idempotency-Key` is derived from the channel and
 * the transition, so every attempt and every re-send after a restart carries the same key and the
 * same body. 5xx, 408, 429 and network failures may pass later; another answer outside 2xx does not.
 * Redirects are not followed (one could lead back to this service).
 */
import { createHash, createHmac } from 'node:crypto';
import {
  WEBHOOK_PAYLOAD_VERSION,
  type AlertTransition,
  type WebhookChannelDefinition,
  type WebhookPayload,
} from '../../contract/index.js';
import { keepAliveAgent, post, PostFailure } from '../../http-post.js';
import { pointsAtService, type ServiceAddress } from '../self-url.js';
import { DeliveryError, MAX_RETRY_DELAY_MS, type AlertChannel, type Notification } from './channel.js';
import { transitionLine } from './text.js';

export const SIGNATURE_HEADER = 'X-Pulsecast-Signature';

/** `sha256=<hex>`: the HMAC-SHA256 of `body` with `secret`, as the signature header carries it. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface WebhookDeps {
  /** The service itself, which a webhook must not call. */
  readonly service: ServiceAddress;
  /** How long one attempt waits for the answer, ms. */
  readonly timeoutMs?: number;
}

/**
 * Connections per receiver (host and port), shared by every webhook channel: an ingest may fire
 * hundreds of alerts at once, and further calls wait for a free connection instead of each opening one.
 */
const SOCKETS_PER_RECEIVER = 32;
const agents = {
  http: keepAliveAgent(new URL('http://x'), SOCKETS_PER_RECEIVER),
  https: keepAliveAgent(new URL('https://x'), SOCKETS_PER_RECEIVER),
};

/** Answers that may pass on a later attempt besides 5xx. */
const RETRY_STATUSES = new Set([408, 429]);

export function webhookChannel(
  definition: WebhookChannelDefinition & { readonly id: string; readonly secret: string },
  deps: WebhookDeps,
): AlertChannel {
  const { id, url, secret, retry } = definition;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  return {
    id,
    type: 'webhook',
    groupWindowMs: 0,
    retry: { ...retry, maxDelayMs: MAX_RETRY_DELAY_MS },
    keyOf: (transitions, testAt) =>
      testAt !== undefined
        ? `pulsecast-test-${id}-${testAt}`
        : `pulsecast-${digest(`${id}\n${transitions.map((t) => t.id).join('\n')}`)}`,
    async deliver(notification) {
      const target = new URL(url);
      if (pointsAtService(target, deps.service))
        throw new DeliveryError(false, `webhook ${id}: ${url} points at this service; refused`, '');
      const body = JSON.stringify(payload(id, notification));
      let answer: number;
      try {
        ({ status: answer } = await post(target, body, {
          agent: target.protocol === 'https:' ? agents.https : agents.http,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'pulsecast-alerts',
            'idempotency-key': notification.key,
            [SIGNATURE_HEADER]: signBody(secret, body),
          },
          timeoutMs,
          ...(notification.signal ? { signal: notification.signal } : {}),
        }));
      } catch (error) {
        const reason = error instanceof PostFailure ? error.message : String(error);
        throw new DeliveryError(true, `webhook ${id}: ${reason}`, '', { cause: error });
      }
      const status = String(answer);
      if (answer >= 200 && answer < 300) return { response: status };
      const canRetry = answer >= 500 || RETRY_STATUSES.has(answer);
      throw new DeliveryError(canRetry, `webhook ${id}: the receiver answered ${answer}`, status);
    },
  };
}

export function payload(channel: string, notification: Notification): WebhookPayload {
  const transition: AlertTransition | null = notification.transitions[0] ?? null;
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    type: notification.test ? 'test' : 'transition',
    id: notification.key,
    channel,
    text: transition
      ? transitionLine(transition)
      : `pulsecast: test notification of channel "${channel}"; alerts will arrive like this`,
    transition,
  };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}
