import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RatesByProviderSchema } from '../../../shared/billing/call-cost';
import { defaultSettings, SettingsSchema } from '../../../shared/settings/schema';
import { migrateSettings } from '../../../shared/settings/migrations';
import { useTempDirs } from '../../test-support/temp-dir';
import { ratesOf, writtenRates } from './billing-settings';
import { csvCell } from './cdr-csv';
import { writeCdrFile } from './cdr-export';
import { numberKey } from './number-key';
import { MAX_RECORDING_BYTES, RecordingStore } from './recordings';

const tempDir = useTempDirs();

describe('numberKey', () => {
  it.each([
    ['+1 (415) 555-0100', 'tel:4155550100'],
    ['4155550100', 'tel:4155550100'],
    ['sip:+14155550100@pbx.example.com;user=phone', 'tel:4155550100'],
    ['"Dana" <sip:+14155550100@pbx>', 'tel:4155550100'],
    ['tel:+1-415-555-0100', 'tel:4155550100'],
    ['+44 20 7183 8750', 'tel:2071838750'],
    ['020 7183 8750', 'tel:2071838750'],
    ['sip:1001@pbx', 'user:1001'],
    ['sip:Alice@pbx', 'user:alice'],
    ['  ', null],
    ['sip:@pbx', null],
  ])('%s -> %s', (raw, key) => expect(numberKey(raw)).toBe(key));

  it('does not let a short number match every number ending in it', () => {
    expect(numberKey('0100')).not.toBe(numberKey('+14155550100'));
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+cmd|x', "'+cmd|x"],
    ['+14155550100', '+14155550100'],
    ['-3', '-3'],
    ['+1 (415) 555-0100', '+1 (415) 555-0100'],
    ['-1+SUM(A1)', "'-1+SUM(A1)"],
    ['\t42', "'\t42"],
  ])('%j -> %j', (v, out) => expect(csvCell(v)).toBe(out));

  it('writes null empty and numbers and booleans as they are', () => {
    expect([csvCell(null), csvCell(3.5), csvCell(false)]).toEqual(['', '3.5', 'false']);
  });
});

describe('writeCdrFile', () => {
  it('gives a valid JSON array for no rows and removes its partial file on failure', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.json');
    expect(await writeCdrFile({ rows: [], format: 'json', file })).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual([]);
    function* failing(): Generator<string> {
      throw new Error('disk gone');
    }
    await expect(writeCdrFile({ rows: failing(), format: 'csv', file: path.join(dir, 'y.csv') })).rejects.toThrow('disk gone');
    expect(fs.readdirSync(dir)).toEqual(['x.json']);
  });
});

describe('billing settings', () => {
  const written = { twilio: { currency: 'usd', inboundPerMinute: 0.0085, outboundPerMinute: '0.013', tollFreePerMinute: '0.02', perCallFee: '0', increment: 'per-minute' } };

  it('keeps rate cards as written, and parsing settings twice gives the same settings', () => {
    const once = SettingsSchema.parse({ ...defaultSettings(), billing: { rates: written } });
    expect(SettingsSchema.parse(JSON.parse(JSON.stringify(once)))).toEqual(once);
    expect(once.billing).toEqual({ rates: written, retentionDays: 30, recordCalls: false });
    expect(ratesOf(once.billing).twilio!.perMinuteMicros.inbound).toBe(8500);
  });

  it('refuses a card billing cannot use, naming the field', () => {
    const r = SettingsSchema.safeParse({ ...defaultSettings(), billing: { rates: { t: { ...written.twilio, increment: '0/60' } } } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['billing', 'rates', 't', 'increment']);
  });

  it('reads a v2 settings file without billing with the defaults (no migration step)', () => {
    const r = migrateSettings({ version: 2 });
    expect(r.ok && r.settings.billing).toEqual({ rates: {}, retentionDays: 30, recordCalls: false });
  });

  it('turns parsed cards back into the written form exactly', () => {
    const parsed = RatesByProviderSchema.parse({ a: { currency: 'JPY', inboundPerMinute: '0.5', outboundPerMinute: '12', tollFreePerMinute: '0.000001', increment: '30/6' } });
    expect(RatesByProviderSchema.parse(writtenRates(parsed))).toEqual(parsed);
  });
});

describe('RecordingStore', () => {
  it('stops a recording at the size limit, keeping what was recorded', () => {
    expect(MAX_RECORDING_BYTES).toBe(200 * 1024 * 1024);
    const limit = 2 * 1024 * 1024;
    const store = new RecordingStore(tempDir(), limit);
    const half = Buffer.alloc(limit / 2);
    expect(store.append('c', 0, half, false)).toMatchObject({ ok: true });
    expect(store.append('c', 1, half, false)).toMatchObject({ ok: true, bytes: limit });
    expect(store.append('c', 2, Buffer.from('x'), false)).toMatchObject({ ok: false, reason: expect.stringMatching(/2 MB limit/) });
    expect(fs.statSync(store.fileFor('c')).size).toBe(limit);
  });
});
