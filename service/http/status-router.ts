/** GET /api/v1/status: what the dashboard shows about the service itself (spool depth, jobs). */
import { Router } from 'express';
import { statusEndpoints as api } from '../contract/index.js';
import type { SpoolGauge } from '../storage/spool.js';
import type { JobRegistry } from '../jobs/registry.js';
import { route } from './route.js';

export function statusRouter(deps: { spool: SpoolGauge; jobs: JobRegistry }): Router {
  const router = Router();
  route(router, api.getStatus, async () => {
    const depth = deps.spool.depth();
    return {
      status: 200,
      body: {
        spool: {
          rows: depth.rows,
          records: depth.records,
          oldestAcceptedAt: depth.oldestAcceptedAt === null ? null : new Date(depth.oldestAcceptedAt).toISOString(),
        },
        jobs: deps.jobs
          .list()
          .map((j) => ({ name: j.name, running: j.running !== null, startedAt: j.running?.startedAt ?? null })),
      },
    };
  });
  return router;
}
