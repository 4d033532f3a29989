import { describe, expect, it } from 'vitest';
import { monitorAddress, monitorModeHeader } from './monitor-address';

describe('monitorAddress', () => {
  it('fills the template', () => {
    expect(monitorAddress('sip:monitor-{sessionId}@lab.warmline.test', 'lab-1')).toEqual({ ok: true, uri: 'sip:monitor-lab-1@lab.warmline.test' });
    expect(monitorAddress('sip:*222{sessionId}@pbx.example.com', 'a.b:c')).toEqual({ ok: true, uri: 'sip:*222a.b:c@pbx.example.com' });
  });
  it.each([
    [null, 'x', 'No monitor address is configured'],
    ['sip:monitor@lab', 'x', 'has no {sessionId}'],
    ['sip:m-{sessionId}@lab', 'x@evil', 'not a session id'],
    ['sip:m-{sessionId}@lab', '', 'not a session id'],
    ['monitor-{sessionId}', 'x', 'is not a SIP URI'],
  ])('%s / %s is refused with a reason', (template, id, reason) => {
    const r = monitorAddress(template, id);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
  it('names the mode in a header line', () => {
    expect(monitorModeHeader('X-Warmline-Monitor-Mode', 'whisper')).toBe('X-Warmline-Monitor-Mode: whisper');
  });
});
