/** The service itself: what the dashboard shows about the spool and running jobs, health and readiness. */
import { z } from 'zod';
import { InstantSchema, type View } from './common.js';
import { endpoint, json } from './endpoint.js';

export const StatusViewSchema = z.object({
  /** Rows waiting in the spool for InfluxDB. */
  spool: z.object({ rows: z.int(), records: z.int(), oldestAcceptedAt: InstantSchema.nullable() }),
  jobs: z.array(z.object({ name: z.string(), running: z.boolean(), startedAt: InstantSchema.nullable() })),
});
export type StatusView = View<typeof StatusViewSchema>;

export const statusEndpoints = {
  getStatus: endpoint({
    method: 'get',
    path: '/api/v1/status',
    summary: 'The service itself: rows waiting in the spool for InfluxDB, jobs running',
    responses: { 200: json('Status', StatusViewSchema) },
  }),
} as const;
