import { describe, expect, it } from 'vitest';
import { CurrencySchema, formatMicros, formatScaled, minorDigits, MoneySchema, parseMoney } from './money';

describe('parseMoney', () => {
  it.each([
    ['0.0085', 8500],
    [0.0085, 8500],
    ['0.1', 100_000],
    [0.1, 100_000],
    ['0', 0],
    [0, 0],
    ['1', 1_000_000],
    ['12.5', 12_500_000],
    ['0.000001', 1],
    [' 0.02 ', 20_000],
    ['100000', 100_000_000_000],
    ['100000.000000', 100_000_000_000],
  ])('reads %j as %i micro-units', (raw, micros) => {
    expect(parseMoney(raw)).toEqual({ ok: true, micros });
  });

  it.each([
    ['0.0000001', /more than 6 decimal places/],
    [1e-7, /write a decimal/],
    [-0.01, /negative/],
    ['-0.01', /negative/],
    ['abc', /not an amount/],
    ['', /not an amount/],
    ['1,5', /not an amount/],
    ['.5', /not an amount/],
    ['1e3', /not an amount/],
    [Number.NaN, /not an amount/],
    [Number.POSITIVE_INFINITY, /not an amount/],
    ['100000.01', /at most 100000/],
    [1e21, /not an amount/],
  ])('refuses %j', (raw, message) => {
    const r = parseMoney(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(message);
  });

  it('is MoneySchema, which accepts only strings and numbers', () => {
    expect(MoneySchema.parse('0.013')).toBe(13_000);
    expect(MoneySchema.safeParse(true).success).toBe(false);
    expect(MoneySchema.safeParse('0.0000001').error?.issues[0]?.message).toMatch(/decimal places/);
  });
});

describe('currency', () => {
  it('accepts ISO 4217 codes, any case, and refuses the rest', () => {
    expect(CurrencySchema.parse('usd')).toBe('USD');
    expect(CurrencySchema.parse(' EUR')).toBe('EUR');
    for (const bad of ['US', 'DOLLAR', 'XXX', 'XAU', 'ABC', '']) expect(CurrencySchema.safeParse(bad).success).toBe(false);
  });
  it('knows the minor units that are not 2', () => {
    expect([minorDigits('USD'), minorDigits('JPY'), minorDigits('KWD'), minorDigits('constructor')]).toEqual([2, 0, 3, 2]);
  });
});

describe('formatting', () => {
  it('is exact, keeps the currency minor digits, trims the rest', () => {
    expect(formatMicros(17_000, 'USD')).toBe('0.017');
    expect(formatMicros(20_000, 'USD')).toBe('0.02');
    expect(formatMicros(0, 'USD')).toBe('0.00');
    expect(formatMicros(0, 'JPY')).toBe('0');
    expect(formatMicros(1_500_000, 'JPY')).toBe('1.5');
    expect(formatMicros(1_000_000, 'KWD')).toBe('1.000');
    expect(formatMicros(123_456_789_012_345n, 'USD')).toBe('123456789.012345');
    expect(formatMicros(1, 'EUR')).toBe('0.000001');
    expect(formatScaled(-15n, 1, 2)).toBe('-1.50');
    expect(formatScaled(5n, 7, 2)).toBe('0.0000005');
  });
});
