/** Which series a rule covers: all, some by id, or those whose metric and entity match patterns. */
import type { SeriesSelector } from './rules.js';

/** What a selector looks at in a series. */
export interface SeriesRef {
  readonly id: string;
  readonly metric: string;
  readonly entity: string;
}

/** A selector turned into a test, patterns compiled once. */
export function selects(selector: SeriesSelector): (series: SeriesRef) => boolean {
  if (selector === 'all') return () => true;
  const ids = selector.ids ? new Set(selector.ids) : null;
  const metric = selector.metric === undefined ? null : globToRegExp(selector.metric);
  const entity = selector.entity === undefined ? null : globToRegExp(selector.entity);
  return (s) =>
    (ids === null || ids.has(s.id)) &&
    (metric === null || metric.test(s.metric)) &&
    (entity === null || entity.test(s.entity));
}

/** `*` is any run of characters; everything else stands for itself, the whole name matched. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}
