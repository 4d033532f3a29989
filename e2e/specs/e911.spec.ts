/**
 * E911 end to end (issue #8), through the real Kamailio: the test config
 * routes 911 and 933 to the test PSAP (e2e/psap), a sip.js UA that keeps the
 * INVITE as received. The INVITE is read here with a strict MIME splitter and
 * the PIDF-LO with a namespace-aware XML parser (@xmldom/xmldom), and every
 * civic field is compared with what the agent confirmed.
 * The host's network is its injectable reader (--network-file): rewriting the
 * file is a network change as the host sees it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { test, expect, type Psap } from '../fixtures/test';
import { confirmLocationByAddress, TEST_LOCATION } from '../fixtures/browser';
import { civicAddressOf, header, parseMultipart, parseSipMessage } from '../fixtures/psap';
import { dial, ui, waitForConnected, waitForIdle } from '../fixtures/ui';
import { CIVIC_ORDER, UNCONFIRMED_NOTE } from '../../shared/e911/pidf-lo';

const OFFICE_NET = { interfaces: [{ name: 'eth0', cidrs: ['10.20.4.17/24'] }], gatewayMac: '00:1a:2b:3c:4d:5e', bssid: null };
const HOME_NET = { interfaces: [{ name: 'wlan0', cidrs: ['192.168.1.23/24'] }], gatewayMac: '3c:84:6a:12:34:56', bssid: null };

type Received = { headers: IncomingHttpHeaders; body: string };
async function startSecurityDesk(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function lastInvite(psap: Psap) {
  await expect.poll(async () => (await psap.invites()).length, { message: 'the PSAP receives the emergency INVITE', timeout: 15_000 }).toBeGreaterThan(0);
  const raw = (await psap.invites()).at(-1)!;
  return parseSipMessage(raw);
}

/** The location by value, checked as a PSAP would read it: Geolocation cid = Content-ID, multipart with SDP + PIDF-LO. */
function readLocation(invite: ReturnType<typeof parseSipMessage>) {
  // Kamailio has replaced the Request-URI with the PSAP's registered contact; the To header keeps what was dialled.
  expect(invite.startLine).toMatch(/^INVITE sip:/);
  expect(header(invite, 'to')).toMatch(/<sip:9[13]1@warmline.test>/);
  expect(header(invite, 'geolocation-routing')).toBe('yes');
  const geolocation = header(invite, 'geolocation');
  const cid = /^<cid:([^>]+)>$/.exec(geolocation ?? '')?.[1];
  expect(cid, `Geolocation header "${geolocation}" points at a cid`).toBeTruthy();
  const parts = parseMultipart(header(invite, 'content-type') ?? '', invite.body);
  expect(parts).toHaveLength(2);
  const type = (p: (typeof parts)[number]) => p.headers.find(([n]) => n === 'content-type')?.[1];
  const sdp = parts.find((p) => type(p) === 'application/sdp');
  const pidf = parts.find((p) => type(p) === 'application/pidf+xml');
  expect(sdp?.body).toMatch(/^v=0\r\n/);
  expect(sdp?.body).toContain('m=audio');
  const contentId = pidf?.headers.find(([n]) => n === 'content-id')?.[1];
  expect(contentId, 'the PIDF-LO part has the Content-ID the Geolocation header names').toBe(`<${cid}>`);
  const civic = civicAddressOf(pidf!.body);
  // Schema order (RFC 5139's xs:sequence): the elements present appear in CIVIC_ORDER's order.
  const positions = civic.order.map((el) => CIVIC_ORDER.indexOf(el as (typeof CIVIC_ORDER)[number]));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  return civic;
}

function expectTestLocation(fields: Record<string, string>) {
  expect(fields).toMatchObject({
    country: TEST_LOCATION.Country,
    A1: TEST_LOCATION.State,
    A3: TEST_LOCATION.City,
    HNO: TEST_LOCATION['House number'],
    RD: TEST_LOCATION['Street name'],
    STS: TEST_LOCATION['Street suffix'],
    FLR: TEST_LOCATION.Floor,
    ROOM: TEST_LOCATION.Room,
    PC: TEST_LOCATION['Postal code'],
  });
}

test('an admin registers a location and a subnet; the agent confirms the proposed location, dials 911: the PSAP gets it by value and the security desk is told', async ({ agent, psap }, testInfo) => {
  const desk = await startSecurityDesk();
  const netFile = testInfo.outputPath('network.json');
  writeFileSync(netFile, JSON.stringify(OFFICE_NET));
  try {
    const alice = await agent('alice', { role: 'admin', stayAway: true, extraArgs: ['--network-file', netFile, '--network-poll-ms', '300'] });
    const page = alice.page;
    await expect(page.getByRole('button', { name: 'Go available' })).toBeDisabled();
    await expect(page.getByRole('status', { name: 'Emergency location' })).toContainText('Confirm where you are');

    // Admin: the location, the subnet that maps to it, and the security desk's webhook, all in the UI.
    await page.getByRole('tab', { name: 'Emergency locations' }).click();
    const form = page.getByRole('form', { name: 'Add location' });
    const fields: Record<string, string> = {
      'Location id': 'hq-21',
      Label: 'HQ floor 21',
      Country: 'US',
      State: 'NY',
      City: 'New York',
      'House number': '350',
      'Street name': 'Fifth',
      'Street suffix': 'Ave',
      Floor: '21',
      Room: '2100',
      'Postal code': '10118',
      'Callback number': '+12125550100',
    };
    for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole('button', { name: 'Save location' }).click();
    await expect(page.getByRole('table', { name: 'Locations' })).toContainText('hq-21');

    const mappings = page.getByRole('form', { name: 'Network mappings' });
    const subnets = mappings.getByRole('group', { name: 'Subnet (CIDR)' });
    await subnets.getByRole('button', { name: 'Add mapping' }).click();
    await subnets.getByLabel('Subnet (CIDR)', { exact: true }).fill('10.20.4.0/24');
    await subnets.getByRole('combobox', { name: 'Location' }).selectOption('hq-21');
    await mappings.getByRole('button', { name: 'Save mappings' }).click();
    await expect(mappings.getByRole('status')).toContainText('Mappings saved');

    const calling = page.getByRole('form', { name: 'Emergency calling' });
    await calling.getByRole('button', { name: 'Add alert target' }).click();
    await calling.getByLabel('Target name', { exact: true }).last().fill('Security desk');
    await calling.getByLabel('Webhook URL', { exact: true }).last().fill(desk.url);
    await calling.getByLabel('Token', { exact: true }).last().fill('desk-token-0123456789');
    await calling.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(calling.getByRole('status')).toContainText('Saved');
    await expect(calling).toContainText('token stored');

    // Agent: the host proposes the mapped location; one click confirms it.
    await page.getByRole('tab', { name: 'Agent phone' }).click();
    await page.getByRole('button', { name: 'Confirm my location' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm your emergency location' });
    await expect(dialog).toContainText('350 Fifth Ave');
    await dialog.getByRole('button', { name: 'I am here' }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole('button', { name: 'Go available' }).click();
    await expect(ui.registration(page)).toContainText('Registered');

    await dial(page, '911');
    const invite = await lastInvite(psap);
    expect(header(invite, 'to')).toContain('sip:911@');
    expect(header(invite, 'priority')).toBe('emergency');
    expect(header(invite, 'p-asserted-identity')).toContain('+12125550100');
    const civic = readLocation(invite);
    // Exactly the confirmed fields, nothing added (the label is not part of the civic address).
    expect(civic.fields).toEqual({ country: 'US', A1: 'NY', A3: 'New York', RD: 'Fifth', STS: 'Ave', HNO: '350', FLR: '21', PC: '10118', ROOM: '2100' });
    expect(civic.method).toBe('Manual');
    expect(Object.values(civic.fields).join(' ')).not.toContain(UNCONFIRMED_NOTE);
    expect(civic.entity).toBe('sip:alice@warmline.test');

    // The call connects; the agent's banner shows what was sent.
    await psap.answer();
    await waitForConnected(page);
    const banner = page.getByRole('alert', { name: 'Emergency call', exact: true });
    await expect(banner).toContainText('350 Fifth Ave');
    await expect(banner).not.toContainText('UNCONFIRMED');
    await expect.poll(() => psap.inboundAudioPackets(), { message: 'the PSAP hears the agent', timeout: 10_000 }).toBeGreaterThan(0);

    // The security desk's webhook: who, where, when, callback number, with its bearer token.
    await expect.poll(() => desk.received.length, { message: 'the security desk is notified', timeout: 15_000 }).toBeGreaterThan(0);
    const alert = desk.received[0]!;
    expect(alert.headers['authorization']).toBe('Bearer desk-token-0123456789');
    const body = JSON.parse(alert.body) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'warmline.emergency/1', number: '911', unconfirmed: false, callbackNumber: '+12125550100', agent: { name: 'Alice', aor: 'sip:alice@warmline.test' } });
    expect(String(body['locationText'])).toContain('350 Fifth Ave');
    expect(Date.parse(String(body['at']))).not.toBeNaN();

    await ui.hangUpButton(page).click();
    await waitForIdle(page);
  } finally {
    await desk.close();
  }
});

test('with the primary provider\'s circuit open, normal calls are refused but 911 still goes out', async ({ agent, psap }) => {
  const bob = await agent('bob');
  await expect(ui.registration(bob.page)).toContainText('Registered');
  // The trunk fails three times in a row (503 from the test config's "trunkdown"): the circuit opens.
  for (let i = 0; i < 3; i++) {
    await dial(bob.page, 'trunkdown');
    await waitForIdle(bob.page);
  }
  await dial(bob.page, 'carol');
  await expect(bob.page.getByRole('alert').filter({ hasText: 'paused' })).toContainText('Emergency numbers still dial');
  await expect(ui.currentCall(bob.page)).toHaveCount(0);

  await dial(bob.page, '911');
  const civic = readLocation(await lastInvite(psap));
  expectTestLocation(civic.fields);
  await psap.answer();
  await waitForConnected(bob.page);
  await ui.hangUpButton(bob.page).click();
  await waitForIdle(bob.page);
});

test('a network change asks the agent to confirm again; until then they cannot go Available, and 911 sends the last location flagged unconfirmed', async ({ agent, psap }, testInfo) => {
  const netFile = testInfo.outputPath('network.json');
  writeFileSync(netFile, JSON.stringify(OFFICE_NET));
  const carol = await agent('carol', { extraArgs: ['--network-file', netFile, '--network-poll-ms', '300'] });
  const page = carol.page;
  await expect(ui.registration(page)).toContainText('Registered');
  await expect(page.getByRole('status', { name: 'Emergency location' })).toHaveCount(0);

  // The laptop moves to another network.
  writeFileSync(netFile, JSON.stringify(HOME_NET));
  const banner = page.getByRole('status', { name: 'Emergency location' });
  await expect(banner).toContainText('Your network changed', { timeout: 10_000 });
  await expect(banner).toContainText('unconfirmed');

  await page.getByRole('button', { name: 'Go away' }).click();
  await expect(page.getByRole('button', { name: 'Go available' })).toBeDisabled();

  await dial(page, '911');
  const civic = readLocation(await lastInvite(psap));
  expectTestLocation(civic.fields);
  expect(civic.fields['LOC']).toContain(UNCONFIRMED_NOTE);
  await expect(page.getByRole('alert', { name: 'Emergency call', exact: true })).toContainText('UNCONFIRMED');
  await psap.answer();
  await waitForConnected(page);
  await ui.hangUpButton(page).click();
  await waitForIdle(page);

  // Confirming where they are now lifts the block.
  await confirmLocationByAddress(page, { ...TEST_LOCATION, 'House number': '1', 'Street name': 'Main', 'Street suffix': 'St', Floor: '2', Room: '', City: 'Albany', 'Postal code': '12207' });
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Go available' })).toBeEnabled();
});

test('an agent who never confirmed a location can still dial 911; it goes out without location and says so', async ({ agent, psap }) => {
  const alice = await agent('alice', { stayAway: true });
  await expect(ui.registration(alice.page)).toContainText('Registered');
  await expect(alice.page.getByRole('button', { name: 'Go available' })).toBeDisabled();
  await dial(alice.page, '911');
  const invite = await lastInvite(psap);
  expect(header(invite, 'geolocation')).toBeNull();
  expect(header(invite, 'content-type')).toBe('application/sdp');
  await expect(alice.page.getByRole('alert', { name: 'Emergency call', exact: true })).toContainText('none was sent');
});
