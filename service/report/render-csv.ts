/**
 * The whole forecast table as CSV (RFC 4180, CRLF line ends, full-precision numbers as stored), so a
 * finance team can load it into a spreadsheet and get exactly what the API serves for the run.
 */
import type { ReportModel } from './report-model.js';

export const CSV_COLUMNS = [
  'series',
  'name',
  'unit',
  'month',
  'kind',
  'value',
  'lo80',
  'hi80',
  'lo95',
  'hi95',
  'yoy_pct',
  'yoy_basis',
  'model',
  'run_id',
] as const;

export function renderCsv(model: ReportModel): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  for (const s of model.sections) {
    for (const a of s.history)
      lines.push(csvLine([s.id, s.name, s.unit, a.month, 'actual', a.value, '', '', '', '', '', '', '', '']));
    for (const p of s.forecast) {
      lines.push(
        csvLine([
          s.id,
          s.name,
          s.unit,
          p.month,
          'forecast',
          p.point,
          p.lo80,
          p.hi80,
          p.lo95,
          p.hi95,
          p.yoyPct ?? '',
          p.yoyBasis ?? '',
          s.model?.name ?? '',
          s.model?.runId ?? '',
        ]),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}

function csvLine(cells: readonly (string | number)[]): string {
  return cells.map(cell).join(',');
}

function cell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  // Quote fields with separators or quotes; prefix formula starters so a spreadsheet shows text, not a formula.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
