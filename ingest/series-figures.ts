/**
 * One series' figures by month, kind and source, found without a joined key per figure: an
 * upload of a million rows built, hashed and dropped three strings of all four parts a row to
 * reconcile and cache them, which cost more than validating the rows.
 */
import type { Figure } from './figure.js';
import type { FigureKind, MonthKey } from './types.js';

export class SeriesFigures {
  /** A month's figure, or all of them when sources or kinds differ (rare). */
  private readonly byMonth = new Map<MonthKey, Figure | Figure[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(month: MonthKey, kind: FigureKind, sourceKey: string): Figure | undefined {
    const held = this.byMonth.get(month);
    if (held === undefined) return undefined;
    if (!Array.isArray(held)) return held.kind === kind && held.sourceKey === sourceKey ? held : undefined;
    for (const f of held) if (f.kind === kind && f.sourceKey === sourceKey) return f;
    return undefined;
  }

  /** Holds `figure` in place of the one with its month, kind and source. */
  put(figure: Figure): void {
    const held = this.byMonth.get(figure.month);
    if (held === undefined) {
      this.byMonth.set(figure.month, figure);
      this.count++;
    } else if (!Array.isArray(held)) {
      if (held.kind === figure.kind && held.sourceKey === figure.sourceKey) this.byMonth.set(figure.month, figure);
      else {
        this.byMonth.set(figure.month, [held, figure]);
        this.count++;
      }
    } else {
      const at = held.findIndex((f) => f.kind === figure.kind && f.sourceKey === figure.sourceKey);
      if (at >= 0) held[at] = figure;
      else {
        held.push(figure);
        this.count++;
      }
    }
  }

  /** Every figure, months in the order they were first held. */
  *values(): IterableIterator<Figure> {
    for (const held of this.byMonth.values()) {
      if (Array.isArray(held)) yield* held;
      else yield held;
    }
  }
}
