import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../../shared/e911/csv-records';
import { memoryLogger, useTempDirs } from '../../test-support/temp-dir';
import { AUDIT_CSV_COLUMNS, exportAudit } from './audit-export';
import { AuditLog } from './audit-log';

const tempDir = useTempDirs();

describe('e911-audit.jsonl', () => {
  it('appends entries with a seq that keeps counting across a restart, newest first when listed', () => {
    const dataDir = tempDir();
    const log = memoryLogger().logger.child('e911');
    const a = new AuditLog(dataDir, log);
    expect(a.append('location.confirmed', 'Alice (agent)', { locationId: 'hq-4' }).seq).toBe(0);
    expect(a.append('network.changed', 'system', { network: 'eth0 10.20.4.17/24' }).seq).toBe(1);
    const b = new AuditLog(dataDir, log);
    expect(b.append('emergency.started', 'Alice (agent)', { number: '911' }).seq).toBe(2);
    expect(b.list(10).map((e) => e.seq)).toEqual([2, 1, 0]);
    expect(b.list(1).map((e) => e.kind)).toEqual(['emergency.started']);
    expect(fs.statSync(b.file).mode & 0o777).toBe(0o600);
  });

  it('skips a damaged line when reading, reports it, and never removes it; a torn last line does not swallow the next entry', () => {
    const dataDir = tempDir();
    const { logger, lines } = memoryLogger();
    const a = new AuditLog(dataDir, logger.child('e911'));
    a.append('location.confirmed', 'Alice (agent)', {});
    fs.appendFileSync(a.file, 'this is not json\n{"seq":"x"}\n{"seq":7,"at":"2026-01-01T00:00:00Z","kind":"network.changed","actor":"system","details":{}}\n{"seq":8,"at":');
    const b = new AuditLog(dataDir, logger.child('e911'));
    const next = b.append('emergency.started', 'Alice (agent)', { number: '911' });
    expect(next.seq).toBe(8);
    expect(b.entries().map((e) => e.seq)).toEqual([0, 7, 8]);
    const text = fs.readFileSync(b.file, 'utf8');
    expect(text).toContain('this is not json');
    expect(text).toContain('{"seq":8,"at":\n');
    const warned = lines.filter((l) => l.level === 'warn').map((l) => (l.fields as { line: number }).line);
    expect(warned).toEqual([2, 3, 5]);
  });

  it('exports CSV a spreadsheet reads back (RFC 4180 quoting, formulas defused) and JSON', () => {
    const a = new AuditLog(tempDir(), memoryLogger().logger.child('e911'));
    a.append('location.confirmed', 'O"Brien, Pat (agent)', { locationId: 'hq-4', address: '1633 W 46th Street, Floor 4\nNew York', network: 'eth0 10.20.4.17/24' });
    a.append('emergency.started', 'Pat (agent)', { emergencyId: 'e-1', number: '911', address: '=HYPERLINK("x")', callbackNumber: '+12125550100', test: false });
    const csv = exportAudit(a.entries(), 'csv', new Date('2026-01-15T14:03:22Z'));
    expect(csv).toMatchObject({ filename: 'warmline-e911-audit-2026-01-15-14-03-22.csv', mime: 'text/csv; charset=utf-8', entries: 2 });
    const records = parseCsvRecords(csv.text).filter((r) => r.fields.some((f) => f !== ''));
    expect(records.every((r) => r.problem === undefined)).toBe(true);
    expect(records[0]?.fields).toEqual([...AUDIT_CSV_COLUMNS]);
    const first = records[1]?.fields ?? [];
    expect(first.slice(0, 4)).toEqual(['0', expect.any(String), 'location.confirmed', 'O"Brien, Pat (agent)']);
    expect(first[7]).toBe('1633 W 46th Street, Floor 4\nNew York');
    expect(JSON.parse(first[9] ?? '')).toMatchObject({ locationId: 'hq-4' });
    expect(records[2]?.fields[7]).toBe('\'=HYPERLINK("x")');
    const json = exportAudit(a.entries(), 'json', new Date('2026-01-15T14:03:22Z'));
    expect(json.mime).toBe('application/json');
    expect(JSON.parse(json.text)).toEqual(a.entries());
  });
});
