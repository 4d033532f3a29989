/**
 * Reading back the host's session export (RFC 4180, feed.exportCsv), for the
 * one filter the host does not apply: the agent a session was transferred to.
 * Cells come back exactly as the host wrote them (a formula guard "'" stays),
 * so writing them again changes nothing but the rows left out.
 */

/** Records of cells; the header is the first. A trailing line break ends the last record, it does not start one. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else cell += c;
    i++;
  }
  if (cell !== '' || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function writeCsv(records: readonly (readonly string[])[]): string {
  return records.map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}

/** The export's records as objects keyed by the header's column names. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/**
 * Keep the rows whose `column` contains `needle`, ignoring case (the header
 * always stays). A missing column keeps nothing: better an empty file than one
 * that looks filtered and is not.
 */
export function filterCsvRows(text: string, column: string, needle: string): { csv: string; rows: number } {
  const [header, ...rows] = parseCsv(text);
  if (!header) return { csv: text, rows: 0 };
  const i = header.indexOf(column);
  const n = needle.trim().toLowerCase();
  const kept = i < 0 ? [] : rows.filter((r) => (r[i] ?? '').toLowerCase().includes(n));
  return { csv: writeCsv([header, ...kept]), rows: kept.length };
}
