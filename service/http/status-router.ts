/** GET /api/v1/status: what the dashboard shows about the service itself (spool depth, jobs). */
import { Router } from 'express';
import type { SpoolGauge } from '../storage/spool.js';
import type { JobRegistry } from '../jobs/registry.js';

export interface StatusView {
  readonly spool: { readonly rows: number; readonly records: number; readonly oldestAcceptedAt: string | null };
  readonly jobs: readonly { readonly name: string; readonly running: boolean; readonly startedAt: string | null }[];
}

export function statusRouter(deps: { spool: SpoolGauge; jobs: JobRegistry }): Router {
  const router = Router();
  router.get('/status', (_req, res) => {
    const depth = deps.spool.depth();
    const body: StatusView = {
      spool: {
        rows: depth.rows,
        records: depth.records,
        oldestAcceptedAt: depth.oldestAcceptedAt === null ? null : new Date(depth.oldestAcceptedAt).toISOString(),
      },
      jobs: deps.jobs
        .list()
        .map((j) => ({ name: j.name, running: j.running !== null, startedAt: j.running?.startedAt ?? null })),
    };
    res.json(body);
  });
  return router;
}
