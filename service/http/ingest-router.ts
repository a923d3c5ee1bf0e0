/**
 * POST /api/v1/ingest: CSV (streamed, stored chunk by chunk) or JSON (an array of rows).
 * 200 when every row was stored; 202 when every row was accepted but some wait in the spool
 * (InfluxDB unreachable; `queued` says how many); 422 when any row was refused (the others are
 * stored or queued, and the body names each refused row); 413 for a body over the limit.
 */
import express, { type Request, type Response, Router } from 'express';
import { parseJsonRows } from '../../ingest/parse-json.js';
import type { IngestSummary } from '../../ingest/ingest.js';
import { AppError } from '../errors.js';
import type { Ingestor } from '../ingestor.js';
import { listedConflictView } from '../series-summary.js';
import { ingestEndpoints as api, type IngestResponse } from '../contract/index.js';
import { limitedText } from './body-stream.js';
import { route } from './route.js';

export function ingestRouter(deps: { ingestor: Ingestor; maxBodyBytes: number }): Router {
  const router = Router();
  const json = express.json({ limit: deps.maxBodyBytes, type: () => true });
  const readJson = (req: Request, res: Response) =>
    new Promise<unknown>((resolve, reject) =>
      json(req, res, (error?: unknown) => (error ? reject(error) : resolve(req.body))),
    );

  // The rows are validated by ingest/, row by row, not by the contract's schemas (see contract/ingest.ts).
  route(router, api.ingest, async (_input, res, req) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'text/csv' || type === 'application/csv' || type === 'text/plain') {
      await ingestCsv(req, res, deps);
    } else if (type === 'application/json') {
      sendSummary(res, await deps.ingestor.ingestParsed(parseJsonRows(await readJson(req, res)), 'json'));
    } else {
      throw new AppError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `send CSV as text/csv or JSON as application/json; got "${type || 'no content type'}"`,
      );
    }
  });
  return router;
}

async function ingestCsv(
  req: Request,
  res: Response,
  deps: { ingestor: Ingestor; maxBodyBytes: number },
): Promise<void> {
  const session = deps.ingestor.session('csv');
  try {
    sendSummary(res, await deps.ingestor.ingestCsvStream(session, limitedText(req, deps.maxBodyBytes)));
  } catch (error) {
    // Whatever was stored before the failure stays stored; say exactly how far it got.
    await session.finish().catch(() => undefined);
    const stored = session.summary();
    if (error instanceof AppError) {
      throw new AppError(
        error.status,
        error.code,
        `${error.message}; rows stored before this: ${stored.accepted}`,
        { ...(error.details as object), stored: toResponse(stored) },
        { cause: error },
      );
    }
    throw new AppError(
      503,
      'STORAGE_UNAVAILABLE',
      `storing failed after ${stored.accepted} rows; the rows listed as stored are safe, re-send the file to store the rest (re-sending is safe)`,
      { stored: toResponse(stored) },
      { cause: error },
    );
  }
}

function sendSummary(res: Response, summary: IngestSummary): void {
  res.status(summary.rejected > 0 ? 422 : summary.queued > 0 ? 202 : 200).json(toResponse(summary));
}

export function toResponse(summary: IngestSummary): IngestResponse {
  return {
    batch: summary.batch,
    rows: summary.rows,
    accepted: summary.accepted,
    inserted: summary.inserted,
    restated: summary.restated,
    unchanged: summary.unchanged,
    rejected: summary.rejected,
    queued: summary.queued,
    queuedRows: summary.queuedRows,
    errors: summary.errors,
    conflicts: summary.conflicts.map(listedConflictView),
    createdSeries: summary.createdSeries,
  };
}
