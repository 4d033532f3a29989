import { describe, expect, it } from 'vitest';
import { UNCONFIRMED_NOTE } from '../../../shared/e911/pidf-lo';
import { AccountSchema } from '../../../shared/settings/account';
import { useTempDirs } from '../../test-support/temp-dir';
import { NO_LOCATION_TEXT } from './emergency-plan';
import { formatAddressLine } from './format';
import { REASON_NONE } from './location-status';
import { ACCOUNTS, ANNEX, HOME, HOME_NET, HQ, makeHarness, OFFICE_NET, type Harness } from './test-fixtures';

const tempDir = useTempDirs();

/** An admin who registered HQ and the annex and mapped the office subnet to HQ. */
function withOffice(h: Harness): Harness {
  h.service.saveLocation({ id: 'hq-4', address: HQ });
  h.service.saveLocation({ id: 'annex-2', address: ANNEX });
  expect(h.service.saveConfig({ mappings: { subnets: [{ cidr: '10.20.4.0/24', locationId: 'hq-4' }], gatewayMacs: [], bssids: [] } })).toMatchObject({ saved: true });
  return h;
}

describe('the agent\'s location', () => {
  it('is none at first, with the reason to confirm, and proposes the mapped location for the network', () => {
    const h = withOffice(makeHarness(tempDir));
    h.service.observeNetwork(OFFICE_NET);
    const s = h.service.status();
    expect(s).toMatchObject({ state: 'none', location: null, reason: REASON_NONE, proposal: { kind: 'matched', locationId: 'hq-4', by: 'subnet' } });
    expect(s.numbers.map((n) => n.number)).toContain('911');
  });

  it('confirms a registered location by id (mapped) and an address the agent typed (manual); bad input comes back as issues', () => {
    const h = withOffice(makeHarness(tempDir));
    h.profile = { name: 'Bob', role: 'agent' };
    h.service.observeNetwork(OFFICE_NET);
    const byId = h.service.confirm({ locationId: 'hq-4' });
    expect(byId).toMatchObject({ confirmed: true, status: { state: 'confirmed', reason: '', location: { locationId: 'hq-4', source: 'mapped', address: HQ } } });
    expect(h.changed.at(-1)?.state).toBe('confirmed');

    expect(h.service.confirm({ locationId: 'gone' })).toEqual({ confirmed: false, issues: [{ field: 'locationId', message: expect.stringContaining('no longer registered') }] });
    const bad = h.service.confirm({ address: { ...HOME, A6: 'PO Box 7', PC: '7030', FLR: '', LOC: '' } });
    expect(bad.confirmed).toBe(false);
    if (!bad.confirmed) expect(bad.issues.map((i) => i.field).sort()).toEqual(['A6', 'FLR', 'PC']);
    expect(h.service.status().location?.locationId).toBe('hq-4');

    const manual = h.service.confirm({ address: HOME });
    expect(manual).toMatchObject({ confirmed: true, status: { state: 'confirmed', location: { locationId: null, source: 'manual', address: { A3: 'Hoboken', LOC: 'Apartment 3' } } } });
    const audit = h.service.auditList(2);
    expect(audit.map((e) => [e.kind, e.actor])).toEqual([['location.confirmed', 'Bob (agent)'], ['location.confirmed', 'Bob (agent)']]);
    expect(audit[0]?.details).toMatchObject({ source: 'manual', locationId: null, address: expect.stringContaining('Hoboken'), network: 'eth0 10.20.4.17/24 · gateway 00:1a:2b:3c:4d:5e' });
  });

  it('stays confirmed after a restart on the same network, and is unconfirmed after one on another', () => {
    const h = withOffice(makeHarness(tempDir));
    h.service.observeNetwork(OFFICE_NET);
    h.service.confirm({ locationId: 'hq-4' });
    const again = h.reopen();
    expect(again.service.status().state).toBe('confirmed');
    again.service.observeNetwork({ ...OFFICE_NET, interfaces: [{ name: 'eth0', cidrs: ['10.20.4.99/24'] }] }); // a new lease, same subnet
    expect(again.service.status().state).toBe('confirmed');
    const moved = h.reopen();
    moved.service.observeNetwork(HOME_NET);
    expect(moved.service.status()).toMatchObject({ state: 'unconfirmed', location: { locationId: 'hq-4' } });
  });

  it('an admin editing or removing the confirmed location keeps the agent\'s address but asks them to confirm again', () => {
    const h = withOffice(makeHarness(tempDir));
    h.service.observeNetwork(OFFICE_NET);
    h.service.confirm({ locationId: 'annex-2' });
    h.service.saveLocation({ id: 'hq-4', address: { ...HQ, ROOM: '4B21' } }); // not theirs: nothing changes
    expect(h.service.status().state).toBe('confirmed');
    h.service.saveLocation({ id: 'annex-2', address: ANNEX }); // saved unchanged
    expect(h.service.status().state).toBe('confirmed');

    h.service.saveLocation({ id: 'annex-2', address: { ...ANNEX, FLR: '3' } });
    const s = h.service.status();
    expect(s).toMatchObject({ state: 'unconfirmed', location: { locationId: 'annex-2', address: { FLR: '2' } } });
    expect(s.reason).toMatch(/^Your administrator changed the registered location you confirmed\. Confirm you are still at 1500 Broadway, Floor 2/);
    expect(h.service.auditList(2).map((e) => e.kind)).toEqual(['location.unconfirmed', 'admin.location.saved']);
    expect(h.reopen().service.status().state).toBe('unconfirmed');

    h.service.confirm({ locationId: 'annex-2' });
    expect(h.service.status()).toMatchObject({ state: 'confirmed', location: { address: { FLR: '3' } } });
    expect(h.service.removeLocation({ id: 'annex-2' })).toMatchObject({ saved: true });
    expect(h.service.status()).toMatchObject({ state: 'unconfirmed', reason: expect.stringMatching(/administrator removed/), location: { address: { FLR: '3' } } });
  });
});

describe('e911.emergencyCall', () => {
  it('plans a confirmed call: PIDF-LO with the civic fields, the cid, a route per account (the requested one first), the callback number', () => {
    const h = withOffice(makeHarness(tempDir));
    h.profile = { name: 'Bob', role: 'agent' };
    h.service.observeNetwork(OFFICE_NET);
    h.service.confirm({ locationId: 'annex-2' });
    const plan = h.service.emergencyCall({ number: '911', accountId: 'backup' });
    expect(plan.routes).toEqual([
      { accountId: 'backup', uri: 'sip:911@sbc.carrier.net' },
      { accountId: 'main', uri: 'sip:911@pbx.example.com' },
    ]);
    expect(plan.contentId).toBe(`${plan.emergencyId}@sbc.carrier.net`);
    expect(plan).toMatchObject({ unconfirmed: false, test: false, callbackNumber: '+12125550142', address: ANNEX, locationText: formatAddressLine(ANNEX) });
    for (const el of ['<ca:country>US</ca:country>', '<ca:A1>NY</ca:A1>', '<ca:A3>New York</ca:A3>', '<ca:RD>Broadway</ca:RD>', '<ca:HNO>1500</ca:HNO>', '<ca:FLR>2</ca:FLR>', '<ca:PC>10036</ca:PC>']) {
      expect(plan.pidf).toContain(el);
    }
    expect(plan.pidf).toContain('entity="sip:+12125550100@sbc.carrier.net"');
    expect(plan.pidf).toContain('<gp:method>Manual</gp:method>');
    expect(plan.pidf).not.toContain(UNCONFIRMED_NOTE);
    expect(h.announced).toEqual([expect.objectContaining({ type: 'warmline.emergency/1', emergencyId: plan.emergencyId, agent: { name: 'Bob', aor: 'sip:+12125550100@sbc.carrier.net' } })]);
    const [started] = h.service.auditList(1);
    expect(started).toMatchObject({ kind: 'emergency.started', actor: 'Bob (agent)', details: { emergencyId: plan.emergencyId, number: '911', locationId: 'annex-2', unconfirmed: false } });
  });

  it('routes a Twilio account by the number itself (no SIP domain, no PIDF-LO over Twilio); the PIDF entity stays a SIP address', () => {
    const h = withOffice(makeHarness(tempDir));
    h.accounts = [AccountSchema.parse({ id: 'twilio-seat', kind: 'twilio', tokenUrl: 'https://tokens.example.com/t' }), ...ACCOUNTS];
    h.service.observeNetwork(OFFICE_NET);
    h.service.confirm({ locationId: 'annex-2' });
    const plan = h.service.emergencyCall({ number: '911', accountId: 'twilio-seat' });
    expect(plan.routes).toEqual([
      { accountId: 'twilio-seat', uri: '911' },
      { accountId: 'main', uri: 'sip:911@pbx.example.com' },
      { accountId: 'backup', uri: 'sip:911@sbc.carrier.net' },
    ]);
    expect(plan.pidf).toContain('entity="sip:alice@pbx.example.com"');
    expect(h.announced[0]).toMatchObject({ agent: { aor: 'sip:alice@pbx.example.com' } });
  });

  it('after a network change sends the last location flagged unconfirmed, with the note in LOC', () => {
    const h = withOffice(makeHarness(tempDir));
    h.service.observeNetwork(OFFICE_NET);
    h.service.confirm({ locationId: 'hq-4' });
    h.service.observeNetwork(HOME_NET);
    const plan = h.service.emergencyCall({ number: '911', accountId: 'main' });
    expect(plan).toMatchObject({ unconfirmed: true, address: HQ, callbackNumber: null });
    expect(plan.pidf).toContain(`<ca:LOC>${UNCONFIRMED_NOTE}</ca:LOC>`);
    expect(plan.locationText).toMatch(/unconfirmed/);
    expect(h.announced[0]).toMatchObject({ unconfirmed: true });
  });

  it('with no location at all still plans the call: no PIDF, says none was sent, default callback number', () => {
    const h = makeHarness(tempDir);
    h.service.saveConfig({ defaultCallbackNumber: '+12125550199', routeTemplate: 'sip:{number}@{domain};user=phone' });
    const plan = h.service.emergencyCall({ number: '911', accountId: 'main' });
    expect(plan).toMatchObject({ pidf: '', address: null, unconfirmed: false, locationText: NO_LOCATION_TEXT, callbackNumber: '+12125550199' });
    expect(plan.routes[0]).toEqual({ accountId: 'main', uri: 'sip:911@pbx.example.com;user=phone' });
  });

  it('never refuses: no accounts, a route template that fails for one account, an unknown account id', () => {
    const h = makeHarness(tempDir);
    h.accounts = [];
    const none = h.service.emergencyCall({ number: '911', accountId: 'nope' });
    expect(none.routes).toEqual([]);
    expect(none.contentId).toMatch(/@anonymous\.invalid$/);
    h.accounts = [...makeHarness(tempDir).accounts];
    const unknown = h.service.emergencyCall({ number: '911', accountId: 'nope' });
    expect(unknown.routes.map((r) => r.accountId)).toEqual(['main', 'backup']);
  });

  it('a test number (933) is planned and audited but alerts nobody', () => {
    const h = makeHarness(tempDir);
    const plan = h.service.emergencyCall({ number: '933', accountId: 'main' });
    expect(plan.test).toBe(true);
    expect(h.announced).toEqual([]);
    expect(h.service.auditList(1)[0]).toMatchObject({ kind: 'emergency.started', details: { test: true, alertTargets: 0 } });
  });

  it('records attempt, answered and ended updates', () => {
    const h = makeHarness(tempDir);
    const plan = h.service.emergencyCall({ number: '911', accountId: 'main' });
    h.service.emergencyCallUpdate({ emergencyId: plan.emergencyId, event: 'attempt', accountId: 'main', detail: 'INVITE sent' });
    h.service.emergencyCallUpdate({ emergencyId: plan.emergencyId, event: 'answered', detail: '' });
    h.service.emergencyCallUpdate({ emergencyId: plan.emergencyId, event: 'ended', detail: 'caller hung up' });
    expect(h.service.auditList(3).map((e) => e.kind)).toEqual(['emergency.ended', 'emergency.answered', 'emergency.attempt']);
  });
});
