import { describe, expect, it } from 'vitest';
import { AccountSchema, type TwilioAccount } from '../../shared/settings/account';
import { parseDialInput } from '../../shared/telephony/dial-target';
import type { PhoneEvents } from '../../shared/telephony/phone-port';
import type { RegistrationEvent } from '../../shared/telephony/registration-state';
import { SipJsPhone } from '../telephony/sipjs/sipjs-phone';
import { accessToken, fakeTwilioSdk, ManualClock, scriptedTokenUrl, settle } from '../telephony/twilio/test-support/fake-twilio';
import { TwilioPhone } from '../telephony/twilio/twilio-phone';
import { createPhonePort, dialDomainOf, dialStringFor, SEAT_TOKEN_HEADER, twilioPhoneOptions } from './phone-factory';

const sip = AccountSchema.parse({ id: 'alice', server: 'wss://pbx.example.com/ws', uri: 'sip:alice@pbx.example.com', authorizationUsername: 'alice' });
const twilio = AccountSchema.parse({ id: 'seat-7', kind: 'twilio', tokenUrl: 'https://tokens.example.com/voice', edge: ['dublin', 'ashburn'], tokenRefreshLeadSec: 90 }) as TwilioAccount;

function events(registration: RegistrationEvent[] = []): PhoneEvents {
  return { registration: (e) => registration.push(e), incoming: () => undefined, outgoing: () => undefined, callEvent: () => undefined, callDetail: () => undefined, log: () => undefined };
}

describe('phone factory: one PhonePort per account kind', () => {
  it('builds the sip.js adapter for SIP accounts and the Twilio adapter for Twilio ones', () => {
    const clock = new ManualClock();
    expect(createPhonePort(sip, 'pw', events(), clock, null)).toBeInstanceOf(SipJsPhone);
    expect(createPhonePort(twilio, 'seat-secret', events(), clock, null)).toBeInstanceOf(TwilioPhone);
  });

  it('gives the Twilio adapter the token URL, the edges in order, the refresh lead and the seat token as a header', () => {
    const sdk = fakeTwilioSdk();
    const fetch = scriptedTokenUrl([]).fetch;
    expect(twilioPhoneOptions(twilio, 'seat-secret', 'mic-2', { Device: sdk.Device, fetch })).toEqual({
      Device: sdk.Device,
      fetch,
      tokenUrl: 'https://tokens.example.com/voice',
      tokenHeaders: { [SEAT_TOKEN_HEADER]: 'seat-secret' },
      edge: ['dublin', 'ashburn'],
      tokenRefreshLeadMs: 90_000,
      microphoneId: 'mic-2',
    });
    const bare = twilioPhoneOptions({ ...twilio, edge: [] }, '', null, { Device: sdk.Device, fetch });
    expect(bare).not.toHaveProperty('tokenHeaders');
    expect(bare).not.toHaveProperty('edge');
  });

  it('a Twilio port built this way asks the token URL with the seat token and registers', async () => {
    const clock = new ManualClock();
    const sdk = fakeTwilioSdk();
    const now = Math.floor(clock.now() / 1000);
    const tokenUrl = scriptedTokenUrl([{ status: 200, body: JSON.stringify({ token: accessToken({ iat: now, exp: now + 3600 }) }) }]);
    const seen: RegistrationEvent[] = [];
    const phone = new TwilioPhone(twilioPhoneOptions(twilio, 'seat-secret', null, { Device: sdk.Device, fetch: tokenUrl.fetch }), events(seen), clock);
    phone.start();
    await settle();
    expect(tokenUrl.calls[0]).toMatchObject({ url: 'https://tokens.example.com/voice', headers: { [SEAT_TOKEN_HEADER]: 'seat-secret' } });
    expect(sdk.device().options).toMatchObject({ edge: ['dublin', 'ashburn'], tokenRefreshMs: 90_000 });
    await phone.stop();
  });

  it('dials what each adapter expects: the SIP URI, or for Twilio the E.164 number or bare name its TwiML App gets as To', () => {
    const target = (input: string, account: typeof sip | typeof twilio) => {
      const r = parseDialInput(input, { defaultCountry: 'US', domain: dialDomainOf(account) });
      if (!r.ok) throw new Error(r.reason);
      return dialStringFor(account, r.target);
    };
    expect(target('(415) 555-0100', sip)).toBe('sip:+14155550100@pbx.example.com;user=phone');
    expect(target('1234', sip)).toBe('sip:1234@pbx.example.com');
    expect(target('(415) 555-0100', twilio)).toBe('+14155550100');
    expect(target('1234', twilio)).toBe('1234');
    expect(target('agent_42', twilio)).toBe('agent_42');
    expect(target('sip:queue@pbx.example.com', twilio)).toBe('sip:queue@pbx.example.com');
  });
});
