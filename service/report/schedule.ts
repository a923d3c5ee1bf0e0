/**
 * Schedule slots of a report: the instants its cron expression names in its time zone. A slot is
 * identified by its instant, so "the 2025-07-05 09:00 Asia/Shanghai report" is one key everywhere
 * (send log, Message-ID), whoever computes it. Pure apart from croner's date arithmetic.
 */
import { Cron } from 'croner';
import type { ReportConfig } from './report-config.js';

function cronOf(report: Pick<ReportConfig, 'cron' | 'timezone'>): Cron {
  return new Cron(report.cron, { timezone: report.timezone, paused: true });
}

/** The latest slot at or before `now` (ms), or null when the schedule has none. */
export function latestSlot(report: Pick<ReportConfig, 'cron' | 'timezone'>, now: number): number | null {
  // croner's previousRuns excludes a run at the reference instant itself; look from just after it.
  const [slot] = cronOf(report).previousRuns(1, new Date(now + 1));
  return slot !== undefined && slot.getTime() <= now ? slot.getTime() : null;
}

/** The first slot strictly after `now` (ms), or null. */
export function nextSlot(report: Pick<ReportConfig, 'cron' | 'timezone'>, now: number): number | null {
  return cronOf(report).nextRun(new Date(now))?.getTime() ?? null;
}

/** A slot's key as stored and shown: the ISO instant, e.g. `2025-07-05T01:00:00.000Z`. */
export function slotKey(slot: number): string {
  return new Date(slot).toISOString();
}
