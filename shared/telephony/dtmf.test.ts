import { describe, expect, it } from 'vitest';
import { DTMF_TONES, formatDtmfInfo, isDtmfTone, normalizeDtmf, parseDtmfInfo } from './dtmf';

describe('DTMF_TONES', () => {
  it('holds the sixteen tones once each', () => {
    expect(DTMF_TONES).toHaveLength(16);
    expect(new Set(DTMF_TONES).size).toBe(16);
    for (const tone of DTMF_TONES) expect(isDtmfTone(tone)).toBe(true);
  });

  it.each(['', 'a', ',', '12', 'E', ' '])('isDtmfTone(%j) is false', (s) => {
    expect(isDtmfTone(s)).toBe(false);
  });
});

describe('normalizeDtmf', () => {
  it.each([
    ['123', '123'],
    ['1-800 555 1234', '18005551234'],
    ['abcd', 'ABCD'],
    ['*72#', '*72#'],
    ['  9,,1234#  ', '9,,1234#'],
    ['1\t2', '12'],
    ['0123456789*#ABCDabcd', '0123456789*#ABCDABCD'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeDtmf(input)).toBe(expected);
  });

  it.each(['', '   ', '- -', ',,,', '12e', '1+2', '1.2', '5;', '(415)', 'ä', '１２', '1\u00002', 'p'])(
    'rejects %j',
    (input) => {
      expect(normalizeDtmf(input)).toBeNull();
    },
  );

  it('accepts exactly 64 symbols and rejects 65', () => {
    expect(normalizeDtmf('1'.repeat(64))).toBe('1'.repeat(64));
    expect(normalizeDtmf('1'.repeat(65))).toBeNull();
    expect(normalizeDtmf('1,'.repeat(33))).toBeNull();
  });

  it('does not count grouping characters toward the limit', () => {
    expect(normalizeDtmf('1234 '.repeat(12))).toBe('1234'.repeat(12));
  });

  it('rejects a huge hostile input quickly', () => {
    expect(normalizeDtmf(' '.repeat(1_000_000) + '1')).toBeNull();
  });
});

describe('formatDtmfInfo', () => {
  it('builds a dtmf-relay body with CRLF lines', () => {
    expect(formatDtmfInfo('5', 160)).toEqual({
      contentType: 'application/dtmf-relay',
      body: 'Signal=5\r\nDuration=160\r\n',
    });
  });

  it.each(['*', '#', 'A', 'd'])('sends %j as itself (upper case)', (tone) => {
    expect(formatDtmfInfo(tone, 100)?.body).toBe(`Signal=${tone.toUpperCase()}\r\nDuration=100\r\n`);
  });

  it.each([
    [10, 40],
    [-5, 40],
    [40, 40],
    [6000, 6000],
    [10_000, 6000],
    [Number.POSITIVE_INFINITY, 6000],
    [Number.NEGATIVE_INFINITY, 40],
    [99.6, 100],
    [Number.NaN, 160],
  ])('clamps duration %s to %s ms', (input, expected) => {
    expect(formatDtmfInfo('1', input)?.body).toBe(`Signal=1\r\nDuration=${expected}\r\n`);
  });

  it.each(['', ',', '12', 'E', 'Signal=1\r\nDuration=9', '\r\n'])('refuses %j', (tone) => {
    expect(formatDtmfInfo(tone, 160)).toBeNull();
  });

  it('round-trips through parseDtmfInfo for every tone', () => {
    for (const tone of DTMF_TONES) {
      const info = formatDtmfInfo(tone, 250);
      expect(info).not.toBeNull();
      if (info) expect(parseDtmfInfo(info.contentType, info.body)).toEqual({ tone, durationMs: 250 });
    }
  });
});

describe('parseDtmfInfo: application/dtmf-relay', () => {
  const relay = (body: string) => parseDtmfInfo('application/dtmf-relay', body);

  it.each([
    ['Signal=5\r\nDuration=160\r\n', { tone: '5', durationMs: 160 }],
    ['Signal=5\nDuration=160', { tone: '5', durationMs: 160 }],
    ['signal = 5 \r\n DURATION= 250 \r\n', { tone: '5', durationMs: 250 }],
    ['Signal=#\r\nDuration=2000\r\n', { tone: '#', durationMs: 2000 }],
    ['Signal=10\r\nDuration=100\r\n', { tone: '*', durationMs: 100 }],
    ['Signal=11\r\nDuration=100\r\n', { tone: '#', durationMs: 100 }],
    ['Signal=b', { tone: 'B', durationMs: null }],
    ['Signal=1\r\nDuration=abc', { tone: '1', durationMs: null }],
    ['Signal=1\r\nDuration=0', { tone: '1', durationMs: null }],
    ['Signal=1\r\nDuration=-100', { tone: '1', durationMs: null }],
    ['Signal=1\r\nDuration=160\r\nX-Vendor=yes\r\n\r\n', { tone: '1', durationMs: 160 }],
    ['Signal=7\rDuration=90', { tone: '7', durationMs: 90 }],
    ['Signal=3\r\nSignal=3', { tone: '3', durationMs: null }],
  ])('%j', (body, expected) => {
    expect(relay(body)).toEqual(expected);
  });

  it.each([
    '',
    'Duration=160',
    'Signal=',
    'Signal=12',
    'Signal=16',
    'Signal=E',
    'Signal=,',
    'Signal=55',
    'Signal=1\r\nSignal=2',
    'Signal=1\r\n<script>alert(1)</script>',
    '5',
  ])('refuses %j', (body) => {
    expect(relay(body)).toBeNull();
  });

  it('accepts content-type spelling and parameter variations', () => {
    expect(parseDtmfInfo(' Application/DTMF-Relay ; charset=utf-8', 'Signal=9')).toEqual({ tone: '9', durationMs: null });
  });

  it('refuses bodies over 1 KB even when they start with a valid tone', () => {
    const body = `Signal=1\r\nDuration=160\r\nX-Pad=${'x'.repeat(1100)}\r\n`;
    expect(relay(body)).toBeNull();
  });

  it('accepts a body of exactly 1 KB', () => {
    const head = 'Signal=1\r\nX-Pad=';
    expect(relay(head + 'x'.repeat(1024 - head.length))).toEqual({ tone: '1', durationMs: null });
  });
});

describe('parseDtmfInfo: application/dtmf and others', () => {
  it.each([
    ['5', '5'],
    ['  c\r\n', 'C'],
    ['#', '#'],
    ['10', '*'],
  ])('application/dtmf body %j -> %j', (body, tone) => {
    expect(parseDtmfInfo('application/dtmf', body)).toEqual({ tone, durationMs: null });
  });

  it.each(['', '55', 'Signal=5', 'x'])('application/dtmf refuses %j', (body) => {
    expect(parseDtmfInfo('application/dtmf', body)).toBeNull();
  });

  it.each([undefined, '', 'text/plain', 'application/sdp', 'application/dtmf-relayx', 'application/media_control+xml'])(
    'ignores content type %j',
    (contentType) => {
      expect(parseDtmfInfo(contentType, 'Signal=5\r\nDuration=160')).toBeNull();
    },
  );

  it('ignores an absurdly long content type', () => {
    expect(parseDtmfInfo(`application/dtmf-relay;${'x'.repeat(1000)}`, 'Signal=5')).toBeNull();
  });
});
