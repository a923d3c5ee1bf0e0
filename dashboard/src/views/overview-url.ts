/**
 * The overview's filter and sort in the URL's hash (`#/?q=byd&sort=-yoyPct&conflicts=true`), so a
 * view can be bookmarked and shared, and the same state as the API's page parameters.
 */
import type { OverviewSort, OverviewSortKey } from '../../../service/contract/index.js';

export interface OverviewState {
  /** Text in the name or id. */
  readonly q: string;
  readonly sort: OverviewSort;
  readonly conflictsOnly: boolean;
  /** Exact matches, from a shared link (no control on the page sets them). */
  readonly metric: string | null;
  readonly entity: string | null;
  readonly unit: string | null;
}

/** The contract's sort keys; a record so that the compiler checks the list against the contract. */
const SORT_KEYS: Record<OverviewSortKey, true> = {
  name: true,
  id: true,
  metric: true,
  entity: true,
  unit: true,
  months: true,
  latestMonth: true,
  latestValue: true,
  yoyPct: true,
  ytdPct: true,
  fyPct: true,
  conflicts: true,
};

export const DEFAULT_STATE: OverviewState = {
  q: '',
  sort: { key: 'name', dir: 1 },
  conflictsOnly: false,
  metric: null,
  entity: null,
  unit: null,
};

export const sortParam = (sort: OverviewSort): string => `${sort.dir === -1 ? '-' : ''}${sort.key}`;

function parseSort(text: string | null): OverviewSort {
  if (!text) return DEFAULT_STATE.sort;
  const key = text.replace(/^-/, '') as OverviewSortKey;
  return Object.hasOwn(SORT_KEYS, key) ? { key, dir: text.startsWith('-') ? -1 : 1 } : DEFAULT_STATE.sort;
}

/** The state a hash such as `#/?q=byd&sort=-yoyPct` holds; anything it does not say is the default. */
export function stateFromHash(hash: string): OverviewState {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  const p = new URLSearchParams(query);
  return {
    q: p.get('q') ?? '',
    sort: parseSort(p.get('sort')),
    conflictsOnly: p.get('conflicts') === 'true',
    metric: p.get('metric'),
    entity: p.get('entity'),
    unit: p.get('unit'),
  };
}

/** The hash of a state: only what differs from the default, so the plain overview stays `#/`. */
export function hashOf(state: OverviewState): string {
  const p = new URLSearchParams();
  if (state.q.trim()) p.set('q', state.q.trim());
  if (state.sort.key !== DEFAULT_STATE.sort.key || state.sort.dir !== DEFAULT_STATE.sort.dir)
    p.set('sort', sortParam(state.sort));
  if (state.conflictsOnly) p.set('conflicts', 'true');
  for (const key of ['metric', 'entity', 'unit'] as const) if (state[key]) p.set(key, state[key]);
  const query = p.toString();
  return query ? `#/?${query}` : '#/';
}

/** The API's page parameters for a state (without limit and cursor). */
export function pageParams(state: OverviewState): URLSearchParams {
  const p = new URLSearchParams({ sort: sortParam(state.sort) });
  if (state.q.trim()) p.set('q', state.q.trim());
  if (state.conflictsOnly) p.set('hasConflicts', 'true');
  for (const key of ['metric', 'entity', 'unit'] as const) if (state[key]) p.set(key, state[key]);
  return p;
}
