/** Chart colours come from the page's CSS variables, so light and dark follow prefers-color-scheme. */
export function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function chartColors() {
  return {
    actual: cssVar('--c-actual', '#1f6feb'),
    forecast: cssVar('--c-forecast', '#d9480f'),
    band80: cssVar('--c-band80', 'rgba(217,72,15,0.25)'),
    band95: cssVar('--c-band95', 'rgba(217,72,15,0.12)'),
    lastYear: cssVar('--c-last-year', '#8b949e'),
    grid: cssVar('--c-grid', 'rgba(127,127,127,0.2)'),
    text: cssVar('--c-text', '#1f2328'),
    positive: cssVar('--c-positive', '#1a7f37'),
    negative: cssVar('--c-negative', '#cf222e'),
  };
}

/** Calls `fn` when the colour scheme flips, so charts can be drawn again in the new colours. */
export function onSchemeChange(fn: () => void): () => void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', fn);
  return () => query.removeEventListener('change', fn);
}
