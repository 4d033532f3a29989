import { describe, expect, it } from 'vitest';
import { hasTurnServer, iceServersToText, parseIceServerLines } from './ice-server-lines';

const stored = [
  { urls: 'stun:stun.example.com:3478' },
  { urls: ['turn:turn.example.com?transport=udp', 'turns:turn.example.com:5349'], username: 'agent', credential: 's3cret' },
];

describe('STUN/TURN server lines', () => {
  it('shows URLs and the user name, never the password', () => {
    const text = iceServersToText(stored);
    expect(text).toBe('stun:stun.example.com:3478\nturn:turn.example.com?transport=udp turns:turn.example.com:5349 agent');
    expect(text).not.toContain('s3cret');
  });

  it('an unchanged text keeps the stored credentials', () => {
    expect(parseIceServerLines(iceServersToText(stored), stored)).toEqual({ ok: true, servers: stored });
  });

  it('reads a new TURN server with its credentials; blank lines are skipped', () => {
    const r = parseIceServerLines('\nturn:127.0.0.1:3478?transport=tcp alice pw\n', []);
    expect(r).toEqual({ ok: true, servers: [{ urls: 'turn:127.0.0.1:3478?transport=tcp', username: 'alice', credential: 'pw' }] });
  });

  it('a different user name does not inherit the stored password', () => {
    const text = 'turn:turn.example.com?transport=udp turns:turn.example.com:5349 someone-else';
    expect(parseIceServerLines(text, stored).ok).toBe(false);
  });

  it('refuses lines without a URL, with extra words, or TURN without credentials', () => {
    expect(parseIceServerLines('turn.example.com', [])).toMatchObject({ ok: false, message: expect.stringContaining('line 1') });
    expect(parseIceServerLines('stun:a b c d', [])).toMatchObject({ ok: false });
    expect(parseIceServerLines('stun:ok\nturn:t.example.com', [])).toMatchObject({ ok: false, message: expect.stringContaining('line 2') });
  });

  it('knows whether a TURN server is configured', () => {
    expect(hasTurnServer(stored)).toBe(true);
    expect(hasTurnServer([{ urls: 'stun:stun.example.com' }])).toBe(false);
  });
});
