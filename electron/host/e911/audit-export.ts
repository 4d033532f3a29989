import type { AuditEntry } from '../../../shared/contract/e911';

/**
 * The audit log as a file an admin hands to an auditor. CSV: RFC 4180
 * quoting, the facts most often asked for in their own columns, and every
 * detail as JSON in the last, so nothing is lost to the column choice.
 */
export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'kind', 'actor', 'emergencyId', 'number', 'locationId', 'address', 'network', 'details'] as const;

export type AuditExport = { filename: string; mime: string; text: string; entries: number };

export function exportAudit(entries: AuditEntry[], format: 'csv' | 'json', now: Date): AuditExport {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  if (format === 'json') {
    return { filename: `warmline-e911-audit-${stamp}.json`, mime: 'application/json', text: `${JSON.stringify(entries, null, 2)}\n`, entries: entries.length };
  }
  const lines = [AUDIT_CSV_COLUMNS.join(','), ...entries.map((e) => auditRow(e).map(csvCell).join(','))];
  return { filename: `warmline-e911-audit-${stamp}.csv`, mime: 'text/csv; charset=utf-8', text: `${lines.join('\r\n')}\r\n`, entries: entries.length };
}

function auditRow(e: AuditEntry): Array<string | number | boolean | null> {
  const d = e.details;
  const pick = (k: string) => d[k] ?? null;
  return [e.seq, e.at, e.kind, e.actor, pick('emergencyId'), pick('number'), pick('locationId'), pick('address'), pick('network'), JSON.stringify(d)];
}

/**
 * Spreadsheets run a cell starting with = + - @ as a formula, and addresses
 * come from agents' typing: such cells get a leading quote (OWASP CSV
 * injection advice), as in the feed export (electron/host/hub/feed-access.ts).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
