import { describe, expect, it } from 'vitest';
import { accountAddress, accountLabel, AccountSchema, AccountViewSchema, twilioAccountIdFor } from './account';
import { migrateSettings } from './migrations';
import { SETTINGS_VERSION } from './schema';

const sip = { id: 'alice@pbx.example.com', server: 'wss://pbx.example.com/ws', uri: 'sip:alice@pbx.example.com', authorizationUsername: 'alice' };
const twilio = { id: 'twilio-seat', kind: 'twilio', tokenUrl: 'https://warmline-1234.twil.io/warmline-token' };

describe('accounts: SIP or Twilio, told apart by kind', () => {
  it('reads an account without kind as SIP, so files written before Twilio accounts existed parse unchanged', () => {
    expect(AccountSchema.parse(sip)).toMatchObject({ kind: 'sip', server: sip.server });
    const old = migrateSettings({ version: SETTINGS_VERSION, accounts: [sip] });
    expect(old.ok && old.settings.accounts[0]?.kind).toBe('sip');
  });

  it('reads a Twilio account with its defaults: no edge (the SDK roams), a 60 s refresh lead', () => {
    expect(AccountSchema.parse(twilio)).toEqual({ ...twilio, displayName: '', edge: [], tokenRefreshLeadSec: 60 });
    expect(AccountSchema.parse({ ...twilio, edge: [' Ashburn ', 'dublin'] })).toMatchObject({ edge: ['ashburn', 'dublin'] });
  });

  it.each([
    ['http://tokens.example.com/t', 'plain http'],
    ['http://127.0.0.1:8080/t', 'http even to this computer (the CSP allows only https)'],
    ['https://seat:s3cret@tokens.example.com/t', 'a user name and password in the URL'],
    ['https://tokens.example.com\\@evil.example/t', 'a backslash a URL parser would repair'],
    ['wss://tokens.example.com/t', 'another scheme'],
  ])('refuses the token URL %s (%s)', (tokenUrl) => {
    const r = AccountSchema.safeParse({ ...twilio, tokenUrl });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['tokenUrl']);
  });

  it('refuses a bad edge name, an unknown kind, and SIP fields on a Twilio account are not kept', () => {
    expect(AccountSchema.safeParse({ ...twilio, edge: ['ash burn'] }).error?.issues[0]?.path).toEqual(['edge', 0]);
    expect(AccountSchema.safeParse({ ...twilio, kind: 'telnyx' }).error?.issues[0]?.message).toMatch(/kind must be one of sip, twilio/);
    expect(AccountSchema.parse({ ...twilio, server: 'wss://x', password: 'p' })).not.toHaveProperty('password');
  });

  it('views carry hasPassword for both kinds, never a secret', () => {
    expect(AccountViewSchema.parse({ ...twilio, hasPassword: true })).toMatchObject({ kind: 'twilio', hasPassword: true });
    expect(AccountViewSchema.parse({ ...sip, hasPassword: false })).toMatchObject({ kind: 'sip', hasPassword: false });
  });

  it('names and addresses accounts without the token URL query, which may hold a seat secret', () => {
    const t = AccountSchema.parse({ ...twilio, tokenUrl: 'https://tokens.example.com/voice?seat=s3cret' });
    expect(accountLabel(t)).toBe('Twilio');
    expect(accountAddress(t)).toBe('Twilio tokens.example.com/voice');
    expect(twilioAccountIdFor('https://tokens.example.com/voice?seat=s3cret')).toBe('twilio-tokens.example.com_voice');
    expect(accountLabel(AccountSchema.parse(sip))).toBe('pbx.example.com');
    expect(accountLabel(AccountSchema.parse({ ...sip, displayName: 'Main PBX' }))).toBe('Main PBX');
  });
});
