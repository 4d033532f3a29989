import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PO_BOX_MESSAGE } from './civic-address';
import { parseCsvRecords } from './csv-records';
import { parseLocationCsv } from './location-csv';

const HEADER = 'id,country,A1,A3,PRD,A6,STS,HNO,FLR,ROOM,LOC,PC,label';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

describe('parseCsvRecords (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes, CRLF/LF/CR and newlines inside quotes', () => {
    expect(parseCsvRecords('a,"b,c","say ""hi"""\r\n"x\ny",,z\nlast\rone').map((r) => r.fields)).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['x\ny', '', 'z'],
      ['last'],
      ['one'],
    ]);
  });

  it('ignores a BOM and a final line end, keeps a trailing empty quoted field', () => {
    expect(parseCsvRecords('\uFEFFa,b\r\n')).toEqual([{ fields: ['a', 'b'] }]);
    expect(parseCsvRecords('""')).toEqual([{ fields: [''] }]);
    expect(parseCsvRecords('')).toEqual([]);
  });

  it('reports stray and unterminated quotes on their record', () => {
    expect(parseCsvRecords('a,"b"c\r\nok')[0]?.problem).toMatch(/^put quotes around the whole field/);
    expect(parseCsvRecords('ok\r\na,"never closed\r\nb,c')[1]?.problem).toMatch(/^close the quoted field/);
  });
});

describe('parseLocationCsv', () => {
  it('accepts good rows and rejects bad ones with every reason, row numbers 1-based', () => {
    const report = parseLocationCsv(
      '\uFEFF' +
        csv(
          'hq-4,US,NY,New York,W,46th,Street,1633,4,,,10036,HQ 4th floor',
          'hq-5,US,NY,New York,W,"46th",St,1633,,"5B, east side",,10036-1234,',
          'bad-1,USA,New York,,,PO Box 12,,12A,,,,1003,',
          'hq-4,US,NY,New York,,Main,St,1,2,,,10001,duplicate id',
          '',
          'wide,US,NY,New York,,Main,St,1,2,,,10001,x,extra',
          'multi,US,CA,"San\nFrancisco",,Market,St,1,,,"Lobby, ""desk"" 3",94103,',
        ),
    );
    expect(report.accepted.map((l) => l.id)).toEqual(['hq-4', 'hq-5', 'multi']);
    expect(report.accepted[1]?.address).toMatchObject({ A6: '46th', ROOM: '5B, east side', PC: '10036-1234' });
    expect(report.accepted[2]?.address).toMatchObject({ A3: 'San Francisco', LOC: 'Lobby, "desk" 3' });
    expect(report.rejected).toEqual([
      {
        row: 3,
        issues: [
          { field: 'country', message: 'use a two-letter ISO 3166-1 country code such as US' },
          { field: 'A3', message: 'enter the city' },
          { field: 'HNO', message: 'enter the house number as digits only and put a suffix such as A or 1/2 in HNS' },
          { field: 'A6', message: PO_BOX_MESSAGE },
          { field: 'FLR', message: 'enter the floor, room or other detail (FLR, ROOM or LOC) so responders can find the phone inside the building' },
        ],
      },
      { row: 4, issues: [{ field: 'id', message: 'use a different id: "hq-4" is already used by an earlier row' }] },
      { row: 6, issues: [{ field: '', message: 'quote any cell that contains a comma: this row has 14 cells and the header has 13' }] },
    ]);
    expect(report.ignoredColumns).toEqual([]);
  });

  it('matches header names in any case, lists unknown and repeated columns, and requires an id column', () => {
    const r = parseLocationCsv('COUNTRY,a1,A3,a6,hno,flr,ZIP,PC,pc\nUS,NY,Albany,State,1,2,12207,12207,99999');
    expect(r.ignoredColumns).toEqual(['ZIP', 'pc']);
    expect(r.accepted).toEqual([]);
    expect(r.rejected).toEqual([{ row: 1, issues: [{ field: 'id', message: 'add an "id" column to the header so network mappings can point at each location' }] }]);
  });

  it('rejects a row with a broken quote instead of importing shifted cells', () => {
    const r = parseLocationCsv(csv('x,US,NY,New York,,Main,St,1,2,,,"10001'));
    expect(r.rejected).toEqual([{ row: 1, issues: [{ field: '', message: 'close the quoted field that starts on this row: a closing quote is missing' }] }]);
  });

  it('never throws and every row is either accepted or rejected, whatever the input', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('"', '""', ',', '\r\n', '\n', '\uFEFF', 'US', 'NY', '10001', 'PO Box 1'));
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(fc.array(cell, { maxLength: 15 }), { maxLength: 8 }).map((rows) => [HEADER, ...rows.map((r) => r.join(','))].join('\n')),
    );
    fc.assert(
      fc.property(text, (input) => {
        const r = parseLocationCsv(input);
        expect(Array.isArray(r.accepted) && Array.isArray(r.rejected)).toBe(true);
        for (const bad of r.rejected) {
          expect(bad.row).toBeGreaterThanOrEqual(1);
          expect(bad.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('tolerates non-string input from an untyped caller', () => {
    expect(parseLocationCsv(undefined as unknown as string)).toEqual({ accepted: [], rejected: [], ignoredColumns: [] });
  });
});
