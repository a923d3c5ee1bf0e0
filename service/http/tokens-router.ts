/** Token management (admin): list, create (the secret is shown once), revoke. */
import express, { Router } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import { isScope, SCOPES } from '../auth/scopes.js';
import { AppError, notFound } from '../errors.js';

export function tokensRouter(deps: { authenticator: Authenticator }): Router {
  const router = Router();
  router.get('/tokens', async (_req, res) => {
    res.json({ tokens: await deps.authenticator.list() });
  });
  router.post('/tokens', express.json({ limit: '4kb' }), async (req, res) => {
    const body = (req.body ?? {}) as { name?: unknown; scope?: unknown };
    if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 100) {
      throw new AppError(400, 'INVALID_FIELD', 'field "name" must be a non-empty string of at most 100 characters', {
        field: 'name',
      });
    }
    if (typeof body.scope !== 'string' || !isScope(body.scope)) {
      throw new AppError(400, 'INVALID_FIELD', `field "scope" must be one of ${SCOPES.join(', ')}`, { field: 'scope' });
    }
    const { id, secret, token } = await deps.authenticator.create(body.name.trim(), body.scope);
    res.status(201).json({ id, name: token.name, scope: token.scope, token: secret, createdAt: token.createdAt });
  });
  router.delete('/tokens/:id', async (req, res) => {
    if (!(await deps.authenticator.revoke(req.params['id']!))) throw notFound(`token "${req.params['id']}"`);
    res.status(204).end();
  });
  return router;
}
