/**
 * Alert channels (admin): GET /alert-channels, GET|PUT|DELETE /alert-channels/:id and
 * POST /alert-channels/:id/test. Thin: parse, call the channel catalog or the notifier, map.
 * Secrets go in with a PUT and never come out.
 */
import { Router } from 'express';
import { alertChannelEndpoints as api } from '../contract/index.js';
import type { ChannelCatalog } from '../alerts/channel-catalog.js';
import type { AlertDispatcher } from '../alerts/dispatcher.js';
import type { Clock } from '../clock.js';
import { route } from './route.js';

export interface AlertChannelsRouterDeps {
  readonly channels: ChannelCatalog;
  readonly notifier: AlertDispatcher;
  readonly clock: Clock;
}

export function alertChannelsRouter(deps: AlertChannelsRouterDeps): Router {
  const router = Router();
  const { channels, notifier, clock } = deps;

  route(router, api.listAlertChannels, async () => ({ status: 200, body: { channels: channels.views() } }));

  route(router, api.getAlertChannel, async ({ params }) => ({
    status: 200,
    body: { channel: channels.view(params.id) },
  }));

  route(router, api.putAlertChannel, async ({ body, params }) => {
    const { view, created } = await channels.put(body, params.id);
    return { status: created ? 201 : 200, body: { channel: view } };
  });

  route(router, api.deleteAlertChannel, async ({ params }, res) => {
    await channels.delete(params.id);
    res.status(204).end();
  });

  route(router, api.testAlertChannel, async ({ params }) => {
    const { key, attempts, receipt } = await notifier.test(channels.channel(params.id));
    return {
      status: 200,
      body: {
        result: {
          channel: params.id,
          key,
          attempts,
          response: receipt.response,
          at: new Date(clock.now()).toISOString(),
        },
      },
    };
  });
  return router;
}
