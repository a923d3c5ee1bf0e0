/**
 * The requests under way on a server, so that shutdown can stop accepting new ones and still let
 * every request that arrived finish (its rows stored or spooled) before what it needs is stopped.
 */
import type http from 'node:http';

export interface InFlight {
  /** Requests whose response has not finished or been abandoned. */
  readonly count: number;
  /** From now on every answer carries `Connection: close`, so kept-alive clients send no more. */
  closing(): void;
  /**
   * Resolves once no request is under way, or after `graceMs` (then the rest are cut off by the
   * caller closing their connections); resolves true when all finished.
   */
  idle(graceMs: number): Promise<boolean>;
}

export function trackInFlight(server: http.Server): InFlight {
  const active = new Set<http.ServerResponse>();
  let closing = false;
  let waiters: (() => void)[] = [];
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    active.add(res);
    if (closing) res.setHeader('Connection', 'close');
    res.once('close', () => {
      active.delete(res);
      if (active.size === 0) {
        for (const wake of waiters) wake();
        waiters = [];
      }
    });
  });
  return {
    get count() {
      return active.size;
    },
    closing() {
      closing = true;
      for (const res of active) if (!res.headersSent) res.setHeader('Connection', 'close');
    },
    idle(graceMs) {
      if (active.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), graceMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
