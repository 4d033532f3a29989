/**
 * RFC 4180 records, read leniently the way spreadsheet exports need: CRLF,
 * LF or CR line ends, a leading BOM, and a last record with or without a line
 * end. What RFC 4180 forbids is not guessed at silently: a stray quote or an
 * unterminated quoted field is reported on its record, so the admin fixes the
 * file instead of importing a shifted address. Never throws.
 */
export type CsvRecord = {
  fields: string[];
  /** Set when the record is malformed; the fields are then not to be trusted. */
  problem?: string;
};

export function parseCsvRecords(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let problem: string | undefined;
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted and its closing quote seen
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    records.push(problem === undefined ? { fields } : { fields, problem });
    fields = [];
    problem = undefined;
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        wasQuoted = true;
      } else field += c;
      i += 1;
      continue;
    }
    if (c === ',') endField();
    else if (c === '\r' || c === '\n') {
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') i += 1;
    } else if (c === '"' && field === '' && !wasQuoted) quoted = true;
    else {
      if (wasQuoted || c === '"') problem ??= 'put quotes around the whole field and double any quote inside it ("")';
      field += c;
    }
    i += 1;
  }
  if (quoted) problem ??= 'close the quoted field that starts on this row: a closing quote is missing';
  // A final line end does not start another record (RFC 4180 rule 2).
  if (quoted || field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}
