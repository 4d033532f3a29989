import { describe, expect, it } from 'vitest';
import { encodeContextHeader } from '../../shared/context/carriers';
import { CONTEXT_VERSION } from '../../shared/context/transfer-context';
import { useAppStore } from '../store/app-store';
import { FakeCall } from '../telephony/twilio/test-support/fake-twilio';
import { twilioSignalling } from '../telephony/twilio/twilio-context';
import { resolveCallContext } from './context-controller';

const context = { version: CONTEXT_VERSION, sessionId: 'sess-9', intent: 'Billing' };

function ring(id: string): void {
  useAppStore.getState().callAdded({ id, accountId: 'seat-7', direction: 'inbound', remoteUri: '+14155550100', remoteName: '', startedAt: 0, phase: 'ringing-in' });
}

describe('screen-pop from a Twilio call (docs/twilio.md §3)', () => {
  it("reads the call's custom parameters as the 'twilio' carrier", () => {
    ring('t1');
    resolveCallContext('t1', twilioSignalling(new FakeCall({ custom: { warmline_context_b64: encodeContextHeader(context) }, parameters: { From: '+14155550100' } })));
    expect(useAppStore.getState().calls.t1?.context).toMatchObject({ status: 'ready', source: 'twilio', context: { sessionId: 'sess-9', intent: 'Billing' } });
  });

  it('leaves SIP signalling as it was: no Twilio parameters, the SIP header wins', () => {
    ring('s1');
    resolveCallContext('s1', { xWarmlineContext: encodeContextHeader(context), userToUser: [], callInfo: [], from: null, pAssertedIdentity: [], identity: [] });
    expect(useAppStore.getState().calls.s1?.context).toMatchObject({ status: 'ready', source: 'x-header' });
  });
});
