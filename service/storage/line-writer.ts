/**
 * Posts line protocol to InfluxDB 1.x's `/write` on kept-alive connections of its own, so that a
 * large upload's points go out as the text they were written as, with no client objects between.
 * Failures are StoreErrors: retriable when InfluxDB could not be reached, timed out or answered
 * 5xx; not when it refused the points (4xx), which sending them again cannot fix.
 */
import http from 'node:http';
import https from 'node:https';
import type { InfluxConnection } from './influx-store.js';
import { StoreError, toStoreError } from './store-error.js';

/** The longest part of a refusal quoted in the error (InfluxDB names the bad line there). */
const MAX_QUOTED_ANSWER = 2000;

export class InfluxLineWriter {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly url: URL;
  private readonly database: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(conn: InfluxConnection) {
    this.url = new URL(conn.url);
    this.transport = this.url.protocol === 'https:' ? https : http;
    // Two writes are in flight at a time (see ingest.ts); a few more sockets cover other writers.
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: 4 });
    this.timeoutMs = conn.timeoutMs ?? 30_000;
    this.headers = { 'content-type': 'text/plain; charset=utf-8' };
    if (conn.username !== undefined) {
      const basic = Buffer.from(`${conn.username}:${conn.password ?? ''}`).toString('base64');
      this.headers['authorization'] = `Basic ${basic}`;
    }
    this.database = conn.database;
  }

  /**
   * Writes the lines (separated by \n) with timestamps in `precision`; resolves once InfluxDB has
   * them. A Buffer body is sent as it is and no longer used once this resolves or rejects.
   */
  write(body: string | Buffer, precision: 's' | 'ms'): Promise<void> {
    const path = `${this.url.pathname.replace(/\/$/, '')}/write?db=${encodeURIComponent(this.database)}&precision=${precision}`;
    return new Promise<void>((resolve, reject) => {
      const req = this.transport.request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path,
          agent: this.agent,
          headers: {
            ...this.headers,
            'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length),
          },
          timeout: this.timeoutMs,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status === 204) {
            res.resume();
            res.once('end', resolve);
            res.once('error', (error) => reject(toStoreError(error, 'write')));
            return;
          }
          let answer = '';
          res.setEncoding('utf8');
          res.on('data', (text: string) => {
            if (answer.length < MAX_QUOTED_ANSWER) answer += text;
          });
          res.once('error', (error) => reject(toStoreError(error, 'write')));
          res.once('end', () => reject(refusal(status, answer)));
        },
      );
      req.once('timeout', () => {
        const error = Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' });
        req.destroy(error);
      });
      req.once('error', (error) => reject(toStoreError(error, 'write')));
      req.end(body);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

function refusal(status: number, answer: string): StoreError {
  const retriable = status >= 500 || status === 429;
  const why = answer.trim().slice(0, MAX_QUOTED_ANSWER) || `HTTP ${status}`;
  return new StoreError(
    retriable,
    `InfluxDB write failed${retriable ? ' (unreachable; will be retried)' : ''}: ${status} ${why}`,
  );
}
