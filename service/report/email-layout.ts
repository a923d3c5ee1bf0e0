/**
 * The look every pulsecast email shares (reports, alerts): email clients ignore <style> blocks and
 * external CSS in places, so every style is inline and the layout is tables, 680 px wide at most.
 * Pure: strings in, string out.
 */

export const TEXT = '#1d2733';
export const MUTED = '#5b6675';
export const RULE = '#dfe4ea';
export const UP = '#1b7a3d';
export const DOWN = '#b3261e';
export const BASE = `font-family:-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:${TEXT};`;
export const NUM = 'text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;';

/** A whole HTML email: the page, its centred card, and `rows` (each from {@link row}) inside the card. */
export function emailDocument(title: string, rows: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title></head>
<body style="margin:0;padding:0;background:#f3f5f8;${BASE}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f5f8;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="680" cellpadding="0" cellspacing="0" style="width:100%;max-width:680px;background:#ffffff;border:1px solid ${RULE};border-radius:6px;">
${rows}
</table></td></tr></table></body></html>`;
}

/** A data table: the first column left-aligned, the others right-aligned as numbers are. */
export function table(head: readonly string[], rows: string): string {
  const th = head
    .map(
      (h, i) =>
        `<th style="padding:6px 8px;font-size:12px;font-weight:600;color:${MUTED};border-bottom:1px solid ${RULE};${i === 0 ? 'text-align:left;' : 'text-align:right;'}">${esc(h)}</th>`,
    )
    .join('');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px;"><thead><tr>${th}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function td(content: string, style = ''): string {
  return `<td style="padding:6px 8px;border-bottom:1px solid #eef1f4;vertical-align:top;${style}">${content}</td>`;
}

/** One band of the card. */
export function row(content: string, style = 'padding:20px 28px;'): string {
  return `<tr><td style="${style}">${content}</td></tr>`;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
