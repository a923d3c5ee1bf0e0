/**
 * A local HTTP receiver for webhook tests and the alerts bench, on a free loopback port. It records
 * every request (headers, the raw body, when it arrived) and answers each with the next status of
 * its script (200 once the script is spent), or holds it unanswered until released (a sender
 * stopped after the receiver got the request and before it answered). Close it in an after hook.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** Date.now() when the whole body had arrived. */
  readonly at: number;
  /** What it was answered: a status, or null while held. */
  status: number | null;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly calls: ReceivedCall[];
  /** Answers the next requests with these statuses, in order; then 200. */
  script(statuses: readonly number[]): void;
  /** Holds every request from now on, unanswered, until `release()`. */
  hold(): void;
  /** Answers held requests with 200 and stops holding. */
  release(): void;
  /** Resolves once `n` calls have arrived. */
  waitForCalls(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  let statuses: number[] = [];
  let holding = false;
  const held: (() => void)[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call: ReceivedCall = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        status: null,
      };
      calls.push(call);
      for (const w of [...waiters]) w();
      const answer = (status: number) => {
        call.status = status;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
      };
      if (holding) held.push(() => answer(200));
      else answer(statuses.shift() ?? 200);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    script: (s) => {
      statuses = [...s];
    },
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    waitForCalls: (n, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (calls.length >= n) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${n} webhook calls (got ${calls.length})`));
        }, timeoutMs);
        const check = () => {
          if (calls.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
    close: async () => {
      for (const answer of held.splice(0)) answer();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
