/** Escaping for text put into HTML templates: every value from the API goes through `esc`. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

/** Marks an element as just updated: the CSS shows a short highlight. */
export function flash(el: Element | null): void {
  if (!el) return;
  el.classList.remove('updated');
  // Reflow so the animation starts again when the same element updates twice in a row.
  void (el as HTMLElement).offsetWidth;
  el.classList.add('updated');
}
