/**
 * An endpoint of the contract: method, path, the schemas of what it takes and of each answer.
 * The routers validate requests with it and the OpenAPI document is generated from it, so the two
 * cannot disagree. Plain data: nothing here knows express or OpenAPI.
 */
import type { z } from 'zod';
import { ErrorBodySchema } from './errors.js';

export type Method = 'get' | 'post' | 'put' | 'delete' | 'head';

/** One answer of an endpoint: a JSON body (`schema`), another media type, or none. */
export interface Answer {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** `application/json` unless said. */
  readonly contentType?: string;
}

export interface Endpoint {
  readonly method: Method;
  /** Path template as OpenAPI writes it, e.g. `/api/v1/series/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** A JSON body, parsed and validated before the handler runs. */
  readonly body?: z.ZodType;
  /** Code of a refused body field; `INVALID_FIELD` unless said. */
  readonly bodyErrorCode?: string;
  /** Bodies the handler reads itself (streamed CSV, line protocol): documented, not validated here. */
  readonly rawBodies?: Readonly<Record<string, { readonly schema: z.ZodType; readonly example?: string }>>;
  readonly responses: Readonly<Record<number, Answer>>;
}

/** Declares an endpoint, keeping its literal type so that handlers are typed by its schemas. */
export const endpoint = <const E extends Endpoint>(e: E): E => e;

/** A JSON answer. */
export const json = <S extends z.ZodType>(description: string, schema: S) => ({ description, schema }) as const;

/** An error answer in the one error shape. */
export const failure = (description: string) => ({ description, schema: ErrorBodySchema }) as const;
