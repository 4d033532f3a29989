import { describe, expect, it } from 'vitest';
import { diagnose, stackHealth, type DiagnosisFacts } from './four-stacks';

const idle: DiagnosisFacts = {
  registration: { status: 'registered', since: 0, expiresSec: 600 },
  provider: 'pbx.example.com',
  lastSipError: null,
  call: null,
  microphone: { chosen: null, present: true, label: null },
  speaker: { chosen: null, present: true, label: null },
  sessionFeed: null,
};

const inCall = (over: Partial<NonNullable<DiagnosisFacts['call']>> = {}): DiagnosisFacts => ({
  ...idle,
  call: {
    muted: false,
    onHold: false,
    codec: 'Opus',
    fec: true,
    inputLevel: 0.2,
    warningIds: [],
    path: 'host',
    packetsReceivedLastInterval: 50,
    playout: { playing: true, blocked: false, sinkError: null },
    context: { status: 'ready', problems: 0, source: 'X-Warmline-Context header' },
    ...over,
  },
});

const find = (f: DiagnosisFacts, stack: string, id: string) => {
  const s = diagnose(f).find((x) => x.id === stack)!;
  return s.lines.find((l) => l.id === id)!;
};

describe('four-stack diagnosis', () => {
  it('has the four stacks in order', () => {
    expect(diagnose(idle).map((s) => s.title)).toEqual(['Telephony', 'Audio', 'Intelligence', 'Output']);
  });

  it('a healthy idle phone is green where it can be judged and off elsewhere', () => {
    const stacks = diagnose(idle);
    expect(stackHealth(stacks[0]!)).toBe('good');
    expect(find(idle, 'intelligence', 'session-feed').health).toBe('off');
    expect(find(idle, 'output', 'playout').health).toBe('off');
  });

  it('wrong credentials are red with what to do', () => {
    const f: DiagnosisFacts = { ...idle, registration: { status: 'failed', failure: 'auth', detail: '401 Unauthorized', retryAt: null } };
    const l = find(f, 'telephony', 'registration');
    expect(l.health).toBe('bad');
    expect(l.reason).toContain('401 Unauthorized');
    expect(l.reason).toContain('password');
    expect(find(f, 'telephony', 'transport').health).toBe('good');
  });

  it('an unreachable server is red on registration and transport', () => {
    const f: DiagnosisFacts = { ...idle, registration: { status: 'failed', failure: 'unreachable', detail: 'server unreachable', retryAt: 5 } };
    expect(find(f, 'telephony', 'registration').health).toBe('bad');
    expect(find(f, 'telephony', 'transport').health).toBe('bad');
  });

  it('network warnings turn the network line red; a relay alone is amber', () => {
    expect(find(inCall({ warningIds: ['packet-loss'] }), 'telephony', 'network').health).toBe('bad');
    const relay = find(inCall({ warningIds: ['relay-path'], path: 'relay/tcp' }), 'telephony', 'network');
    expect(relay.health).toBe('warn');
    expect(relay.reason).toContain('Relayed through a TURN server over TCP');
  });

  it('names the path in plain words, with the TURN server when known', () => {
    expect(find(inCall({ path: 'host' }), 'telephony', 'network').reason).toContain('Path: Direct (host).');
    expect(find(inCall({ path: 'srflx' }), 'telephony', 'network').reason).toContain('Path: Through NAT (srflx).');
    const relayed = find(inCall({ path: 'relay/udp', relayServer: 'turn.example.com', warningIds: ['relay-path'] }), 'telephony', 'network');
    expect(relayed.reason).toContain('Path: Relayed through TURN server turn.example.com over UDP.');
    expect(find(inCall({ path: 'relay/tls', relayServer: 'turn.example.com' }), 'telephony', 'network').reason).toContain('over TLS');
  });

  it('a relay the admin forced is expected: green, and says why', () => {
    const l = find(inCall({ path: 'relay/udp', relayServer: '127.0.0.1', forceRelay: true, warningIds: ['relay-path'] }), 'telephony', 'network');
    expect(l.health).toBe('good');
    expect(l.reason).toContain("required by your admin's settings");
    expect(find(inCall({ path: 'relay/udp', forceRelay: true, warningIds: ['relay-path', 'packet-loss'] }), 'telephony', 'network').health).toBe('bad');
  });

  it('the last SIP error is shown amber', () => {
    const l = find({ ...idle, lastSipError: '486 Busy Here' }, 'telephony', 'last-sip-error');
    expect(l.health).toBe('warn');
    expect(l.reason).toContain('486');
  });

  it('audio: muted is amber, silent microphone red, codec with FEC green', () => {
    expect(find(inCall({ muted: true }), 'audio', 'input-level').health).toBe('warn');
    expect(find(inCall({ warningIds: ['no-microphone-input'] }), 'audio', 'input-level').health).toBe('bad');
    const codec = find(inCall(), 'audio', 'codec');
    expect(codec.health).toBe('good');
    expect(codec.reason).toContain('FEC');
    expect(find({ ...idle, microphone: { chosen: 'x', present: false, label: null } }, 'audio', 'microphone').health).toBe('warn');
  });

  it('intelligence: a context with dropped fields is amber; a failed one red; the feed when configured', () => {
    expect(find(inCall({ context: { status: 'ready', problems: 2, source: null } }), 'intelligence', 'transfer-context').health).toBe('warn');
    expect(find(inCall({ context: { status: 'failed', problems: 1, source: null } }), 'intelligence', 'transfer-context').health).toBe('bad');
    expect(find({ ...idle, sessionFeed: { connected: false, detail: 'hub unreachable' } }, 'intelligence', 'session-feed').health).toBe('bad');
  });

  it('output: blocked playout and one-way audio are red; a failed speaker falls back amber', () => {
    expect(find(inCall({ playout: { playing: false, blocked: true, sinkError: null } }), 'output', 'playout').health).toBe('bad');
    expect(find(inCall({ warningIds: ['one-way-audio'] }), 'output', 'playout').health).toBe('bad');
    expect(find(inCall({ playout: { playing: true, blocked: false, sinkError: 'NotFoundError' } }), 'output', 'speaker').health).toBe('warn');
    expect(find(inCall(), 'output', 'playout').health).toBe('good');
  });

  it('stack health is the worst line', () => {
    const [tel] = diagnose(inCall({ warningIds: ['packet-loss'] }));
    expect(stackHealth(tel!)).toBe('bad');
  });
});
