/**
 * The InfluxDB 1.x-compatible surface, so that Telegraf or any InfluxDB client can point at
 * pulsecast unchanged: POST /write (line protocol), GET|HEAD /ping, and the few /query statements
 * such clients send at start-up (CREATE DATABASE, SHOW DATABASES). The `db` parameter is accepted
 * and ignored: pulsecast keeps one database.
 */
import { Router, type Request, type Response } from 'express';
import { parseLineProtocol } from '../../ingest/parse-line-protocol.js';
import type { Ingestor } from '../ingestor.js';
import { readText } from './body-stream.js';

const PRECISIONS = ['ns', 'n', 'u', 'ms', 's', 'm', 'h'] as const;
type Precision = 'ns' | 'u' | 'ms' | 's' | 'm' | 'h';
const INFLUX_VERSION = '1.8.10';

export function influxCompatRouter(deps: { ingestor: Ingestor; maxBodyBytes: number }): Router {
  const router = Router();
  const ping = (_req: Request, res: Response) => {
    res.setHeader('X-Influxdb-Version', INFLUX_VERSION);
    res.setHeader('X-Influxdb-Build', 'OSS');
    res.status(204).end();
  };
  router.get('/ping', ping);
  router.head('/ping', ping);

  router.post('/write', async (req, res) => {
    res.setHeader('X-Influxdb-Version', INFLUX_VERSION);
    const precision = String(req.query['precision'] ?? 'ns');
    if (!(PRECISIONS as readonly string[]).includes(precision)) {
      res.status(400).json({ error: `invalid precision "${precision}": use one of ns, u, ms, s, m, h` });
      return;
    }
    try {
      const text = await readText(req, deps.maxBodyBytes);
      const parsed = parseLineProtocol(text, (precision === 'n' ? 'ns' : precision) as Precision);
      const summary = await deps.ingestor.ingestParsed(parsed, 'line-protocol');
      if (summary.rejected === 0) {
        res.status(204).end();
        return;
      }
      // InfluxDB's own answer to a batch with bad points: the good ones are written, 400 "partial write".
      // Queued points are durable in the spool, so they count as written, as InfluxDB's WAL would.
      const reasons = summary.errors
        .slice(0, 20)
        .map((e) => e.message)
        .join('; ');
      const queued = summary.queued > 0 ? `, ${summary.queued} queued until InfluxDB is back` : '';
      res.status(400).json({
        error: `partial write: ${summary.rejected} of ${summary.rows} points rejected, ${summary.accepted} stored${queued}: ${reasons}`,
      });
    } catch (error) {
      // A body refused whole (too large, not text) says why; only the store's failures are 5xx.
      const e = error as { status?: number; message?: string };
      if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
        res.status(e.status).json({ error: e.message });
      else
        res
          .status(typeof e.status === 'number' && e.status >= 500 ? e.status : 500)
          .json({ error: `storage unavailable: ${e.message ?? 'unknown error'}` });
    }
  });

  const query = (req: Request, res: Response) => {
    const q = String(req.query['q'] ?? (req.body as Record<string, unknown> | undefined)?.['q'] ?? '').trim();
    if (/^CREATE\s+DATABASE\s+("[^"]*"|\w+)/i.test(q)) {
      res.json({ results: [{ statement_id: 0 }] });
    } else if (/^SHOW\s+DATABASES\s*;?$/i.test(q)) {
      res.json({
        results: [{ statement_id: 0, series: [{ name: 'databases', columns: ['name'], values: [['pulsecast']] }] }],
      });
    } else {
      res.status(400).json({
        error: 'pulsecast answers only CREATE DATABASE and SHOW DATABASES on /query; read figures through /api/v1',
      });
    }
  };
  router.get('/query', query);
  router.post('/query', query);
  return router;
}
