import { describe, expect, it } from 'vitest';
import { FakeCall } from './test-support/fake-twilio';
import { remoteOf, twilioContextCarriers, twilioParametersOf, twilioSignalling } from './twilio-context';

describe('Twilio parameters -> context carriers', () => {
  it('keeps only the context parameters, as own properties (a "__proto__" name cannot pollute)', () => {
    const call = new FakeCall({ custom: { warmline_context: '{}', __proto__: 'x', other: 'y' } as Record<string, string> });
    call.customParameters.set('__proto__', '{"polluted":true}');
    const s = twilioSignalling(call);
    expect(Object.keys(s.twilioParameters)).toEqual(['warmline_context']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("writes Twilio's StirStatus as verstat on a tel: From, and leaves client identities alone", () => {
    expect(twilioSignalling(new FakeCall({ parameters: { From: '+14155550100', StirStatus: 'TN-Validation-Failed-B' } })).from).toBe('<tel:+14155550100;verstat=TN-Validation-Failed-B>');
    expect(twilioSignalling(new FakeCall({ parameters: { From: 'client:alice' } })).from).toBe('<client:alice>');
    expect(twilioSignalling(new FakeCall({ parameters: { From: '+1415', StirStatus: 'x;evil=1' } })).from).toBe('<tel:+1415>');
    expect(twilioSignalling(new FakeCall()).from).toBeNull();
  });

  it('plain SIP signalling has no Twilio parameters', () => {
    const sip = { xWarmlineContext: 'abc', userToUser: [], callInfo: [], from: null, pAssertedIdentity: [], identity: [] };
    expect(twilioParametersOf(sip)).toBeNull();
    expect(twilioContextCarriers(sip)).toEqual({ xWarmlineContext: 'abc', userToUser: [], callInfo: [], twilioParameters: null });
  });

  it('shows the display name parameter, trimmed and capped', () => {
    expect(remoteOf(new FakeCall({ custom: { warmline_display_name: `  ${'A'.repeat(100)} ` }, parameters: { From: '+14155550100' } }))).toEqual({ remoteUri: '+14155550100', remoteName: 'A'.repeat(80) });
  });
});
