import { describe, expect, it } from 'vitest';
import { describeTransfer, parseSipfrag, transferProgress, type TransferProgress } from './sipfrag';

describe('parseSipfrag', () => {
  it.each([
    ['SIP/2.0 100 Trying\r\n', 100, 'Trying'],
    ['SIP/2.0 180 Ringing', 180, 'Ringing'],
    ['SIP/2.0 183 Session Progress\n', 183, 'Session Progress'],
    ['SIP/2.0 200 OK\r\nContact: <sip:bob@192.0.2.4>\r\nContent-Length: 0\r\n\r\n', 200, 'OK'],
    ['\r\n  SIP/2.0 486 Busy Here\r\n', 486, 'Busy Here'],
    ['sip/2.0 603 Decline', 603, 'Decline'],
    ['SIP/2.0\t487 Request Terminated  \r\n', 487, 'Request Terminated'],
    ['SIP/2.0 503', 503, ''],
    ['SIP/2.0 404 Not\u0000 Found\u001b[31m', 404, 'Not Found[31m'],
  ])('%j -> %s %j', (body, status, reason) => {
    expect(parseSipfrag(body)).toEqual({ status, reason });
  });

  it.each([
    '',
    '   ',
    'garbage',
    'SIP/2.0 OK',
    'SIP/2.0 20 OK',
    'SIP/2.0 2000 OK',
    'SIP/2.0 099 Weird',
    'SIP/2.0 700 Beyond',
    'SIP/3.0 200 OK',
    'HTTP/1.1 200 OK',
    'INVITE sip:bob@example.com SIP/2.0\r\n',
    'Contact: <sip:x>\r\nSIP/2.0 200 OK',
    'SIP/2.0200 OK',
  ])('refuses %j', (body) => {
    expect(parseSipfrag(body)).toBeNull();
  });

  it('refuses bodies over 4 KB', () => {
    expect(parseSipfrag(`SIP/2.0 200 OK\r\nX-Pad: ${'x'.repeat(4096)}\r\n`)).toBeNull();
  });

  it('accepts a body of exactly 4 KB', () => {
    const head = 'SIP/2.0 200 OK\r\nX-Pad: ';
    expect(parseSipfrag(head + 'x'.repeat(4096 - head.length))).toEqual({ status: 200, reason: 'OK' });
  });

  it('caps a very long reason phrase', () => {
    const frag = parseSipfrag(`SIP/2.0 480 ${'Unavailable '.repeat(50)}`);
    expect(frag?.status).toBe(480);
    expect(frag?.reason.length).toBeLessThanOrEqual(120);
  });
});

describe('transferProgress', () => {
  it.each<[number, TransferProgress]>([
    [100, 'trying'],
    [181, 'trying'],
    [182, 'trying'],
    [180, 'ringing'],
    [183, 'ringing'],
    [200, 'succeeded'],
    [202, 'succeeded'],
    [299, 'succeeded'],
    [300, 'failed'],
    [404, 'failed'],
    [486, 'failed'],
    [487, 'failed'],
    [503, 'failed'],
    [603, 'failed'],
    [0, 'failed'],
    [-1, 'failed'],
    [99, 'failed'],
    [200.5, 'failed'],
    [Number.NaN, 'failed'],
  ])('%s -> %s', (status, progress) => {
    expect(transferProgress(status)).toBe(progress);
  });
});

describe('describeTransfer', () => {
  it.each<[TransferProgress, Parameters<typeof describeTransfer>[1], string]>([
    ['trying', { status: 100, reason: 'Trying' }, 'Transferring…'],
    ['ringing', { status: 180, reason: 'Ringing' }, 'Transferring… (ringing)'],
    ['succeeded', { status: 200, reason: 'OK' }, 'Transfer succeeded'],
    ['failed', { status: 486, reason: 'Busy Here' }, 'Transfer failed: 486 Busy Here'],
    ['failed', { status: 503, reason: '' }, 'Transfer failed: 503'],
    ['failed', null, 'Transfer failed'],
    ['trying', null, 'Transferring…'],
  ])('%s %j -> %j', (progress, frag, sentence) => {
    expect(describeTransfer(progress, frag)).toBe(sentence);
  });

  it('reads a whole NOTIFY sequence as an agent would see it', () => {
    const bodies = ['SIP/2.0 100 Trying\r\n', 'SIP/2.0 180 Ringing\r\n', 'SIP/2.0 486 Busy Here\r\n'];
    const sentences = bodies.map((body) => {
      const frag = parseSipfrag(body);
      return frag ? describeTransfer(transferProgress(frag.status), frag) : 'unreadable';
    });
    expect(sentences).toEqual(['Transferring…', 'Transferring… (ringing)', 'Transfer failed: 486 Busy Here']);
  });
});
