/**
 * The run records the job table writes, built in one place: started, skipped (a run of the row was
 * in progress, or the slot was completed already) and finished (from the job's result or error).
 */
import { randomUUID } from 'node:crypto';
import type { RunRecord, RunTrigger } from '../contract/index.js';
import type { JobResult } from './job.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function startedRecord(
  job: string,
  trigger: RunTrigger,
  slot: number | null,
  now: number,
  version: string | null = null,
): RunRecord {
  return {
    id: randomUUID(),
    job,
    trigger,
    status: 'running',
    slot: slot === null ? null : iso(slot),
    startedAt: iso(now),
    finishedAt: null,
    durationMs: null,
    seriesTotal: 0,
    seriesFitted: 0,
    errors: [],
    message: '',
    version,
  };
}

/** A run that did not start, and why, finished the moment it was asked for. */
export function skippedRecord(
  job: string,
  trigger: RunTrigger,
  slot: number | null,
  now: number,
  why: string,
): RunRecord {
  return {
    ...startedRecord(job, trigger, slot, now),
    status: 'skipped',
    finishedAt: iso(now),
    durationMs: 0,
    message: why,
  };
}

export function finishedRecord(started: RunRecord, outcome: JobResult | { error: unknown }, now: number): RunRecord {
  const end = { finishedAt: iso(now), durationMs: now - Date.parse(started.startedAt) };
  if ('error' in outcome) {
    const e = outcome.error;
    return { ...started, ...end, status: 'failed', message: `failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const { total, done, errors } = outcome;
  return {
    ...started,
    ...end,
    status: errors.length === 0 ? 'ok' : done > 0 ? 'partial' : 'failed',
    seriesTotal: total,
    seriesFitted: done,
    errors,
    message: outcome.message ?? `done ${done} of ${total}`,
  };
}
