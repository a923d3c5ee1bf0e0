/**
 * A sparkline as inline SVG: cheap for dozens of rows, crisp at any zoom, and gaps stay gaps (each
 * run of known months is its own segment; a lone month is a dot).
 */
export function sparklineSvg(
  values: readonly (number | null)[],
  options: { width?: number; height?: number; label: string },
): string {
  const width = options.width ?? 120;
  const height = options.height ?? 28;
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0)
    return `<svg class="spark" width="${width}" height="${height}" role="img" aria-label="${escapeAttr(options.label)}: no figures"></svg>`;
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min || 1;
  const x = (i: number) => (values.length === 1 ? width / 2 : (i / (values.length - 1)) * (width - 4) + 2);
  const y = (v: number) => height - 3 - ((v - min) / span) * (height - 6);
  const segments: string[] = [];
  const dots: string[] = [];
  let run: string[] = [];
  const flush = (i: number) => {
    if (run.length > 1) segments.push(`M${run.join('L')}`);
    else if (run.length === 1)
      dots.push(`<circle cx="${x(i - 1).toFixed(1)}" cy="${y(values[i - 1] as number).toFixed(1)}" r="1.6"/>`);
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) flush(i);
    else run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  flush(values.length);
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeAttr(options.label)}"><path d="${segments.join('')}"/>${dots.join('')}</svg>`;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
