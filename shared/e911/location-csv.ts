import { CIVIC_FIELDS, validateCivicAddress, type CivicAddress } from './civic-address';
import { parseCsvRecords } from './csv-records';

/** A dispatchable location an admin registered; network mappings point at it by id. */
export type Location = { id: string; address: CivicAddress };
export type CsvIssue = { field: string; message: string };
export type LocationImport = {
  accepted: Location[];
  /** row: 1-based data row (the header is row 0), so row N is line N+1 in a spreadsheet when no cell spans lines. */
  rejected: Array<{ row: number; issues: CsvIssue[] }>;
  /** Header cells that are not a known column, e.g. a "ZIP" that should be "PC": shown so a typo does not pass as an empty column. */
  ignoredColumns: string[];
};

const ID = /^[A-Za-z0-9._-]{1,64}$/;
const COLUMNS = ['id', ...CIVIC_FIELDS] as const;
const CANONICAL = new Map<string, string>(COLUMNS.map((c) => [c.toLowerCase(), c]));

/**
 * Read an admin's locations CSV: a header row of column names (id plus the
 * civic field names, any case), then one location per row. A row-by-row
 * report: good rows are accepted, each bad row lists all its problems.
 * Never throws, whatever the input.
 */
export function parseLocationCsv(input: string): LocationImport {
  const result: LocationImport = { accepted: [], rejected: [], ignoredColumns: [] };
  const records = parseCsvRecords(typeof input === 'string' ? input : '');
  const header = records[0];
  if (header === undefined) return result;

  const columns: Array<string | null> = header.fields.map((cell) => {
    const name = CANONICAL.get(cell.trim().toLowerCase());
    return name ?? null;
  });
  // A repeated column would let the second copy silently win; the first counts, the rest are listed.
  const seen = new Set<string>();
  header.fields.forEach((cell, i) => {
    const name = columns[i];
    if (name === null || name === undefined || seen.has(name)) {
      columns[i] = null;
      if (cell.trim() !== '') result.ignoredColumns.push(cell.trim());
    } else seen.add(name);
  });
  const missingHeader = seen.has('id') ? [] : [{ field: 'id', message: 'add an "id" column to the header so network mappings can point at each location' }];

  const ids = new Set<string>();
  records.slice(1).forEach((record, index) => {
    const row = index + 1;
    if (record.problem === undefined && record.fields.every((f) => f.trim() === '')) return; // blank line
    const issues: CsvIssue[] = [...missingHeader];
    if (record.problem !== undefined) {
      result.rejected.push({ row, issues: [{ field: '', message: record.problem }] });
      return;
    }
    if (record.fields.length > header.fields.length) {
      // Extra cells mean something is shifted (an unquoted comma in a street); importing it could send the wrong address to 911.
      result.rejected.push({ row, issues: [{ field: '', message: `quote any cell that contains a comma: this row has ${record.fields.length} cells and the header has ${header.fields.length}` }] });
      return;
    }
    const raw: Record<string, string> = {};
    record.fields.forEach((cell, i) => {
      const name = columns[i];
      if (name) raw[name] = cell;
    });
    const id = (raw['id'] ?? '').trim();
    if (seen.has('id')) {
      if (id === '') issues.push({ field: 'id', message: 'give the location an id' });
      else if (!ID.test(id)) issues.push({ field: 'id', message: 'use an id of up to 64 letters, digits, dots, dashes or underscores' });
      else if (ids.has(id)) issues.push({ field: 'id', message: `use a different id: "${id}" is already used by an earlier row` });
    }
    const checked = validateCivicAddress(raw);
    if (!checked.ok) issues.push(...checked.issues);
    if (issues.length > 0 || !checked.ok) {
      result.rejected.push({ row, issues });
      return;
    }
    ids.add(id);
    result.accepted.push({ id, address: checked.address });
  });
  return result;
}
