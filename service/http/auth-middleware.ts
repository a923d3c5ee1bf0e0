/**
 * Who may do what, decided once per request from its method and path: open (health, metrics,
 * ping), read (GET; open when PULSECAST_PUBLIC_READ), write (ingest, /write, /query), admin
 * (everything else that changes or sends). Credentials come the ways clients send them: Bearer
 * or Token in Authorization (InfluxDB clients send `Token`), HTTP Basic with the token as the
 * password, and the `u`/`p` query parameters of Telegraf's InfluxDB output.
 */
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Authenticator, Principal } from '../auth/authenticator.js';
import { FailureLimiter } from '../auth/failure-limiter.js';
import { grants, type Scope } from '../auth/scopes.js';
import { AppError } from '../errors.js';

export type Requirement = 'open' | Scope;

const OPEN_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/ping']);
const WRITE_PATHS = new Set(['/write', '/query', '/api/v1/ingest']);

/** Paths whose reads are an admin's too: alert channels name webhook URLs, which are secrets of their own. */
const ADMIN_READ_PREFIXES = ['/api/v1/alert-channels'];

export function requirementOf(method: string, path: string): Requirement {
  if (OPEN_PATHS.has(path)) return 'open';
  if (ADMIN_READ_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return 'admin';
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (WRITE_PATHS.has(path)) return 'write';
  return 'admin';
}

/** The secret a request carries, or null. */
export function credentialOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (header) {
    const [kind, ...rest] = header.trim().split(/\s+/);
    const value = rest.join(' ');
    const k = (kind ?? '').toLowerCase();
    if ((k === 'bearer' || k === 'token') && value) return value;
    if (k === 'basic' && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon >= 0 ? decoded.slice(colon + 1) : decoded;
    }
    return null;
  }
  const p = req.query['p'];
  return typeof p === 'string' && p !== '' ? p : null;
}

export interface AuthOptions {
  readonly authenticator: Authenticator;
  readonly publicRead: boolean;
  /** Failed authentications per client and minute before 429. */
  readonly failuresPerMinute: number;
  /** ms since the epoch: the injected Clock's. */
  readonly now: () => number;
}

export function authMiddleware(options: AuthOptions): RequestHandler[] {
  const failures = new FailureLimiter(options.failuresPerMinute, options.now);
  const check: RequestHandler = async (req, res, next) => {
    try {
      const needed = requirementOf(req.method, req.path);
      const secret = credentialOf(req);
      if (needed === 'open' || (needed === 'read' && options.publicRead && !secret)) return next();
      const client = ipKeyGenerator(req.ip ?? '0.0.0.0');
      // A client out of failures is refused even with a good token: otherwise a guesser could
      // tell the right secret by its different answer.
      if (failures.blocked(client)) {
        throw new AppError(
          429,
          'AUTH_RATE_LIMITED',
          `more than ${options.failuresPerMinute} failed authentications in a minute from this client; try again in a minute`,
        );
      }
      const principal = await options.authenticator.verify(secret);
      if (!principal) {
        // Only a presented secret that is wrong counts: a request without one guesses nothing
        // (a dashboard asking for its first token sends several).
        if (secret) res.setHeader('Retry-After', String(Math.ceil(failures.fail(client) / 1000)));
        res.setHeader('WWW-Authenticate', 'Bearer realm="pulsecast"');
        throw secret
          ? new AppError(401, 'AUTH_INVALID', 'the token is not valid (unknown or revoked)')
          : new AppError(
              401,
              'AUTH_REQUIRED',
              `${req.method} ${req.path} needs a token with the "${needed}" scope: send Authorization: Bearer <token>`,
            );
      }
      if (!grants(principal.scope, needed)) {
        failures.fail(client);
        throw new AppError(
          403,
          'AUTH_FORBIDDEN',
          `the token "${principal.name}" has the "${principal.scope}" scope; ${req.method} ${req.path} needs "${needed}"`,
        );
      }
      res.locals['principal'] = principal satisfies Principal;
      next();
    } catch (error) {
      next(error);
    }
  };
  return [check];
}

/** The name of the token that made the request (admin routes always have one). */
export function principalName(res: Response): string {
  return (res.locals['principal'] as Principal | undefined)?.name ?? 'unknown';
}

/** Writes per client and minute, keyed by token when there is one, else by address. */
export function writeRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (req) => requirementOf(req.method, req.path) !== 'write',
    keyGenerator: (req, res) =>
      (res.locals['principal'] as Principal | undefined)?.id ?? ipKeyGenerator(req.ip ?? '0.0.0.0'),
    handler: (_req, _res, next) =>
      next(
        new AppError(
          429,
          'WRITE_RATE_LIMITED',
          `more than ${perMinute} write requests a minute from this client; slow down`,
        ),
      ),
  });
}
