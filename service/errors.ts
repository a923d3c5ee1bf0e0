/**
 * Errors that carry an HTTP status and a stable code, one error middleware, and the one body
 * shape every client sees: `{ error: { code, message, details } }`.
 */
import type { ErrorRequestHandler } from 'express';
import type { ErrorBody } from './contract/index.js';
import type { Logger } from './logger.js';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} was not found`);

export function errorBody(error: unknown, requestId?: string): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, details: error.details, requestId } },
    };
  }
  // body-parser and raw-body errors carry a status and a type.
  const e = error as { status?: number; type?: string; message?: string };
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const code =
      e.type === 'entity.too.large'
        ? 'BODY_TOO_LARGE'
        : e.type === 'entity.parse.failed'
          ? 'BODY_INVALID_JSON'
          : 'BAD_REQUEST';
    return { status: e.status, body: { error: { code, message: e.message ?? 'bad request', requestId } } };
  }
  return {
    status: 500,
    body: {
      error: { code: 'INTERNAL', message: 'internal error; the request id identifies it in the logs', requestId },
    },
  };
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const requestId = res.locals['requestId'] as string | undefined;
    const { status, body } = errorBody(error, requestId);
    if (status >= 500) logger.error({ err: error, requestId, path: req.path }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json(body);
  };
}
