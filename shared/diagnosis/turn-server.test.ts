import { describe, expect, it } from 'vitest';
import { parseTurnUri, relayServerHost } from './turn-server';

describe('parseTurnUri', () => {
  it('reads host, port and transport (RFC 7065)', () => {
    expect(parseTurnUri('turn:turn.example.com:3478?transport=udp')).toEqual({ host: 'turn.example.com', port: 3478, transport: 'udp' });
    expect(parseTurnUri('turn:Turn.Example.com?transport=tcp')).toEqual({ host: 'turn.example.com', port: null, transport: 'tcp' });
    expect(parseTurnUri('turns:turn.example.com:5349')).toEqual({ host: 'turn.example.com', port: 5349, transport: 'tls' });
    expect(parseTurnUri('turn:[2001:db8::1]:3478')).toEqual({ host: '[2001:db8::1]', port: 3478, transport: 'udp' });
  });

  it('plain turn: defaults to UDP', () => {
    expect(parseTurnUri('turn:127.0.0.1')?.transport).toBe('udp');
  });

  it('refuses STUN and malformed URIs', () => {
    for (const u of ['stun:stun.example.com:3478', 'turn:', 'turn://host', 'turn:host:port', 'turn:host?transport=sctp', 'https://x']) {
      expect(parseTurnUri(u)).toBeNull();
    }
  });
});

describe('relayServerHost', () => {
  const servers = [
    { urls: 'stun:stun.example.com' },
    { urls: ['turn:turn-a.example.com?transport=udp', 'turn:turn-a.example.com?transport=tcp'], username: 'u', credential: 'p' },
    { urls: 'turns:turn-b.example.com:443', username: 'u', credential: 'p' },
  ];

  it('picks the only server offering the transport in use', () => {
    expect(relayServerHost(servers, 'udp')).toBe('turn-a.example.com');
    expect(relayServerHost(servers, 'tls')).toBe('turn-b.example.com');
  });

  it('is null when several servers could have relayed, or none is configured', () => {
    expect(relayServerHost(servers, null)).toBeNull();
    expect(relayServerHost([...servers, { urls: 'turn:turn-c.example.com' }], 'udp')).toBeNull();
    expect(relayServerHost([], 'udp')).toBeNull();
    expect(relayServerHost([{ urls: 'turn:only.example.com' }], null)).toBe('only.example.com');
  });
});
