/**
 * A POST over node:http(s) on keep-alive connections shared by every webhook: an ingest that fires
 * hundreds of alerts sends hundreds of webhooks at once, and fetch spent more of the main thread on
 * them (web streams, a new connection each, closed after) than on the rest of the alerting together.
 */
import http from 'node:http';
import https from 'node:https';

/** Connections per receiver (host and port); further requests wait for one to be free. */
const SOCKETS_PER_RECEIVER = 32;
/** An idle connection is closed after this long (ms). */
const IDLE_MS = 30_000;

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_RECEIVER, timeout: IDLE_MS }),
  https: new https.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_RECEIVER, timeout: IDLE_MS }),
};

/** Why a POST got no answer, as a receiver's operator would read it. */
export class PostFailure extends Error {
  override readonly name = 'PostFailure';
}

/**
 * POSTs `body` and resolves with the answer's status once its body was read (which frees the
 * connection); redirects are not followed. Rejects with a PostFailure when no answer came: a
 * network failure, `timeoutMs` passing, or `signal` aborting.
 */
export function postText(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<number> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const secure = url.protocol === 'https:';
  return new Promise<number>((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        signal,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.on('error', (error) => reject(failure(error, timeout, options.signal)));
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.on('error', (error) => reject(failure(error, timeout, options.signal)));
    req.end(body);
  });
}

function failure(error: Error & { code?: string }, timeout: AbortSignal, stop?: AbortSignal): PostFailure {
  if (stop?.aborted) return new PostFailure('stopped before an answer', { cause: error });
  if (timeout.aborted) return new PostFailure('no answer in time', { cause: error });
  return new PostFailure(error.code ?? error.message, { cause: error });
}
