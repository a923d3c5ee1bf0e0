/**
 * socket.io rooms: `overview` (every change and every job event), `jobs` (job events only) and
 * `series:<id>` (changes to that series).
 */
export const OVERVIEW_ROOM = 'overview';
export const seriesRoom = (id: string): string => `series:${id}`;
export const JOBS_ROOM = 'jobs';
