/**
 * Reading figures as sources write them: "44,126", " +1,049,000 ", "38.28". Thousands separators
 * are accepted only where they group exactly three digits, so that "1,2" (a decimal comma) or
 * "4,41,26" (lakh grouping) are refused instead of being read as a number they might not be.
 */

/** Why a text is not a number, or the number it is (which may be negative: the caller decides). */
export type NumberReading = { readonly ok: true; readonly value: number } | { readonly ok: false };

// Integer part: plain digits, or a 1-3 digit group not starting with 0 followed by ",ddd" groups.
const DECIMAL = /^[+-]?(?:(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a decimal number written by a person: surrounding spaces, a leading `+` or `-`,
 * well-formed thousands separators, a fraction and an exponent are accepted; the result must be
 * finite (so "1e400", "NaN" and "Infinity" are refused). `-0` reads as 0.
 */
export function parseDecimal(text: string): NumberReading {
  if (isPlainDecimal(text)) return { ok: true, value: Number(text) };
  const t = text.trim();
  if (!DECIMAL.test(t)) return { ok: false };
  const value = Number(t.includes(',') ? t.replaceAll(',', '') : t);
  if (!Number.isFinite(value)) return { ok: false };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** Plain digits with at most one '.' (the common case): Number() reads them as the full pattern would, so the regex is skipped. */
function isPlainDecimal(s: string): boolean {
  if (s.length === 0 || s.length > 16) return false;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) dots++;
    else if (c < 0x30 || c > 0x39) return false;
  }
  return dots === 0 || (dots === 1 && s.length > 1);
}
