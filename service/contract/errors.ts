/**
 * The one shape of every error answer, `{ error: { code, message, details, requestId } }`, and the
 * stable codes a refused request carries.
 */
import { z } from 'zod';
import type { View } from './common.js';

export const ErrorBodySchema = z
  .object({
    error: z.object({
      /** Stable, for programs: e.g. `NOT_FOUND`, `INVALID_PARAMETER`, `AUTH_REQUIRED`. */
      code: z.string(),
      /** For people: names the field or row at fault. */
      message: z.string(),
      /** What the code needs to be acted on, e.g. `{ field }`; absent when there is nothing to add. */
      details: z.unknown().optional(),
      /** The id of the request in the service's logs (also the X-Request-Id header). */
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = View<typeof ErrorBodySchema>;

/** A query or path parameter that its schema refuses (a refinement may name a more precise code). */
export const INVALID_PARAMETER = 'INVALID_PARAMETER';
/** A request body field that its schema refuses (an endpoint may name its own code). */
export const INVALID_FIELD = 'INVALID_FIELD';
