/**
 * Routes a contract endpoint: its path and method come from the contract, its path parameters,
 * query and JSON body are validated by the contract's schemas before the handler runs, and the
 * handler's answer is typed by the endpoint's response schemas.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { API_PREFIX, INVALID_FIELD, INVALID_PARAMETER, type Endpoint, type View } from '../contract/index.js';
import { parseOrThrow } from '../validation.js';

/** Largest JSON body a contract endpoint takes (report definitions, token requests). */
const JSON_LIMIT = '64kb';

const PATH = { place: 'path parameter', code: INVALID_PARAMETER, whole: 'path' } as const;
const QUERY = { place: 'query parameter', code: INVALID_PARAMETER, whole: 'query' } as const;

type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** The request as the endpoint's schemas parsed it. */
export interface RouteInput<E extends Endpoint> {
  readonly params: Parsed<E['params']>;
  readonly query: Parsed<E['query']>;
  readonly body: Parsed<E['body']>;
}

/** A JSON answer the endpoint documents: a status and a body of that status's schema. */
export type Reply<E extends Endpoint> = {
  [K in keyof E['responses']]: E['responses'][K] extends { schema: infer S extends z.ZodType; contentType?: undefined }
    ? { readonly status: K; readonly body: View<S> }
    : never;
}[keyof E['responses']];

/** Answers with a Reply, or answers itself through `res` (no content, HTML, headers) and returns nothing. */
export type RouteHandler<E extends Endpoint> = (
  input: RouteInput<E>,
  res: Response,
  req: Request,
) => Promise<Reply<E> | void>;

/** Adds `endpoint` to `router`, which is mounted at the API prefix. */
export function route<const E extends Endpoint>(router: Router, endpoint: E, handler: NoInfer<RouteHandler<E>>): void {
  if (!endpoint.path.startsWith(`${API_PREFIX}/`))
    throw new Error(`${endpoint.path} is not under ${API_PREFIX}: route it outside the contract`);
  const path = endpoint.path.slice(API_PREFIX.length).replace(/\{(\w+)\}/g, ':$1');
  const handlers: RequestHandler[] = endpoint.body ? [express.json({ limit: JSON_LIMIT })] : [];
  handlers.push(async (req, res) => {
    const input = {
      params: endpoint.params ? parseOrThrow(endpoint.params, req.params, PATH) : {},
      query: endpoint.query ? parseOrThrow(endpoint.query, req.query, QUERY) : {},
      body: endpoint.body
        ? parseOrThrow(endpoint.body, req.body, { place: 'field', code: endpoint.bodyErrorCode ?? INVALID_FIELD })
        : {},
    } as RouteInput<E>;
    const reply = await handler(input, res, req);
    if (reply) res.status(reply.status as number).json(reply.body);
  });
  router[endpoint.method](path, ...handlers);
}
