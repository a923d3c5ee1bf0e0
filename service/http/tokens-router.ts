/** Token management (admin): list, create (the secret is shown once), revoke. */
import { Router } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import { tokenEndpoints as api } from '../contract/index.js';
import { notFound } from '../errors.js';
import { route } from './route.js';

export function tokensRouter(deps: { authenticator: Authenticator }): Router {
  const router = Router();
  route(router, api.listTokens, async () => ({ status: 200, body: { tokens: await deps.authenticator.list() } }));

  route(router, api.createToken, async ({ body }) => {
    const { id, secret, token } = await deps.authenticator.create(body.name, body.scope);
    return {
      status: 201,
      body: { id, name: token.name, scope: token.scope, token: secret, createdAt: token.createdAt },
    };
  });

  route(router, api.revokeToken, async ({ params }, res) => {
    if (!(await deps.authenticator.revoke(params.id))) throw notFound(`token "${params.id}"`);
    res.status(204).end();
  });
  return router;
}
