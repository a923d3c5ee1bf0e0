/** API tokens (admin): list, create (the secret is answered once), revoke. */
import { z } from 'zod';
import { type View } from './common.js';
import { endpoint, failure, json } from './endpoint.js';

/** Each scope grants the ones before it: admin ⊃ write ⊃ read. */
export const ScopeSchema = z.enum(['read', 'write', 'admin'], { error: 'must be one of read, write, admin' });

export const TokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: ScopeSchema,
  /** ms since the epoch. */
  createdAt: z.int(),
  revoked: z.boolean(),
});
export type TokenView = View<typeof TokenViewSchema>;

export const TokenRequestSchema = z.object({
  name: z.string({ error: 'must be a non-empty string of at most 100 characters' }).trim().min(1).max(100),
  scope: ScopeSchema,
});

export const tokenEndpoints = {
  listTokens: endpoint({
    method: 'get',
    path: '/api/v1/tokens',
    summary: 'API tokens (admin): id, name, scope, created, revoked; never the secret',
    responses: { 200: json('Tokens', z.object({ tokens: z.array(TokenViewSchema) })) },
  }),
  createToken: endpoint({
    method: 'post',
    path: '/api/v1/tokens',
    summary: 'Create a token (admin); the secret is in this answer only',
    body: TokenRequestSchema,
    responses: {
      201: json(
        'Created',
        z.object({ id: z.string(), name: z.string(), scope: ScopeSchema, token: z.string(), createdAt: z.int() }),
      ),
      400: failure('Bad name or scope (INVALID_FIELD)'),
    },
  }),
  revokeToken: endpoint({
    method: 'delete',
    path: '/api/v1/tokens/{id}',
    summary: 'Revoke a token (admin)',
    params: z.object({ id: z.string() }),
    responses: { 204: { description: 'Revoked' }, 404: failure('No such token') },
  }),
} as const;
