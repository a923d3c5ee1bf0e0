/**
 * One POST over node:http(s) on a caller's keep-alive agent, for the service's own outbound calls
 * (InfluxDB writes, webhooks): the body goes out as the text or bytes it was built as, and the
 * answer's status comes back, with the start of its text when asked for. At hundreds of calls a
 * second, fetch spent more of the main thread (web streams, a connection opened and closed each)
 * than the work the calls carried.
 */
import http from 'node:http';
import https from 'node:https';

/** A keep-alive agent for `url`'s scheme: `maxSockets` connections per host, closed after `idleMs` unused. */
export function keepAliveAgent(url: URL, maxSockets: number, idleMs = 30_000): http.Agent {
  const Agent = url.protocol === 'https:' ? https.Agent : http.Agent;
  return new Agent({ keepAlive: true, maxSockets, timeout: idleMs });
}

export interface PostAnswer {
  readonly status: number;
  /** The answer's first `keepText` characters; empty when none were asked for. */
  readonly text: string;
}

/** No answer came: `code` is the socket error's (ECONNREFUSED…), ETIMEDOUT when the time ran out, ABORT_ERR when stopped. */
export class PostFailure extends Error {
  override readonly name = 'PostFailure';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * POSTs `body` and resolves once the answer was read (which frees the connection); redirects are
 * not followed. Rejects with a PostFailure when no answer came: a network failure, `timeoutMs`
 * passing, or `signal` aborting.
 */
export function post(
  url: URL,
  body: string | Buffer,
  options: {
    agent: http.Agent;
    headers: Record<string, string>;
    timeoutMs: number;
    signal?: AbortSignal;
    keepText?: number;
  },
): Promise<PostAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const keep = options.keepText ?? 0;
  const fail = (error: Error & { code?: string }) => failure(error, timeout, options.signal);
  return new Promise<PostAnswer>((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        agent: options.agent,
        signal,
        headers: {
          ...options.headers,
          'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length),
        },
      },
      (res) => {
        let text = '';
        res.on('error', (error) => reject(fail(error)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        if (keep === 0) {
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < keep) text += chunk.slice(0, keep - text.length);
        });
      },
    );
    req.on('error', (error) => reject(fail(error)));
    req.end(body);
  });
}

function failure(error: Error & { code?: string }, timeout: AbortSignal, stop?: AbortSignal): PostFailure {
  if (stop?.aborted) return new PostFailure('stopped before an answer', 'ABORT_ERR', { cause: error });
  if (timeout.aborted) return new PostFailure('no answer in time', 'ETIMEDOUT', { cause: error });
  return new PostFailure(error.code ?? error.message, error.code, { cause: error });
}
