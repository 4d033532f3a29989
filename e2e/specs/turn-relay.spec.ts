/**
 * NAT traversal through a real TURN server (coturn, e2e/fixtures/turn.ts):
 * both agents have "Always relay media through TURN" on, so their peer
 * connections gather relay candidates only and every RTP packet goes through
 * coturn. Checked over each transport an agent can reach TURN with.
 */
import { test as base, expect } from '../fixtures/test';
import { agentConfig } from '../fixtures/web-host';
import { inboundPackets, launchRigBrowser } from '../fixtures/browser';
import { connectCall, ui, waitForRegistered } from '../fixtures/ui';
import { startTurnServer, type TurnServer, type TurnTransport, type TurnUser } from '../fixtures/turn';
import type { Page } from '@playwright/test';

const test = base.extend<{ turn: TurnServer; trustTestCertificates: boolean }>({
  // eslint-disable-next-line no-empty-pattern
  turn: async ({}, use, testInfo) => {
    const turn = await startTurnServer({ logDir: testInfo.outputPath() });
    await use(turn);
    await turn.stop();
  },
  trustTestCertificates: [false, { option: true }],
  // Chromium checks a turns: server's certificate like any TLS server's; coturn's here is self-signed for 127.0.0.1.
  rigBrowser: async ({ trustTestCertificates }, use) => {
    const b = await launchRigBrowser(trustTestCertificates ? { args: (d) => [...d, '--ignore-certificate-errors'] } : {});
    await use(b);
    await b.close();
  },
});

type Candidate = { candidateType?: string; relayProtocol?: string; protocol?: string; address?: string; port?: number };

/** The local and remote candidates of the pair the media flows over (getStats of the page's live peer connection). */
async function selectedPair(page: Page): Promise<{ local: Candidate; remote: Candidate } | null> {
  const all = await page.evaluate(() => window.__rig.rawStats());
  for (const reports of all) {
    const byId = new Map(reports.map((r) => [r.id as string, r]));
    const transport = reports.find((r) => r.type === 'transport' && typeof r.selectedCandidatePairId === 'string');
    const pair = transport && byId.get(transport.selectedCandidatePairId as string);
    if (!pair) continue;
    const local = byId.get(pair.localCandidateId as string) as Candidate | undefined;
    const remote = byId.get(pair.remoteCandidateId as string) as Candidate | undefined;
    if (local && remote) return { local, remote };
  }
  return null;
}

async function localSdp(page: Page): Promise<string> {
  const stats = await page.evaluate(() => window.__rig.audioStats());
  return stats.map((s) => s.localSdp ?? '').join('\n');
}

const TRANSPORTS: { transport: TurnTransport; label: string }[] = [
  { transport: 'udp', label: 'UDP' },
  { transport: 'tcp', label: 'TCP' },
  { transport: 'tls', label: 'TLS' },
];

for (const { transport, label } of TRANSPORTS) {
  test.describe(() => {
    test.use({ trustTestCertificates: transport === 'tls' });
    test(`forced relay through coturn over ${label}: two-way audio, relay pair, diagnosis names the TURN server`, async ({ agent, kamailio, turn }) => {
      test.skip(transport === 'tls' && turn.tlsPort === null, 'no openssl: the TURN server runs without TLS');

      const relayed = (user: TurnUser) => {
        const config = agentConfig(kamailio.wsUrl, user, { iceServers: [turn.iceServer(user, transport)] });
        return { config: { ...config, accounts: config.accounts!.map((a) => ({ ...a, forceRelay: true })) } };
      };
      const alice = await agent('alice', relayed('alice'));
      const bob = await agent('bob', relayed('bob'));
      await waitForRegistered(alice.page);
      await waitForRegistered(bob.page);
      await connectCall(alice.page, bob.page, 'bob');

      // Two-way audio: packets keep arriving on both sides.
      for (const side of [alice, bob]) {
        const before = await inboundPackets(side.page);
        await expect.poll(() => inboundPackets(side.page), { message: `${side.name}: inbound RTP through TURN`, timeout: 10_000 }).toBeGreaterThan(before + 25);
      }

      for (const side of [alice, bob]) {
        // iceTransportPolicy 'relay': the offer/answer carries relay candidates only.
        const sdp = await localSdp(side.page);
        expect(sdp, `${side.name}: relay candidates in the SDP`).toMatch(/a=candidate:.* typ relay/);
        expect(sdp, `${side.name}: no host or srflx candidates`).not.toMatch(/ typ (host|srflx)/);

        const pair = await selectedPair(side.page);
        expect(pair, `${side.name}: a selected candidate pair`).not.toBeNull();
        expect(pair!.local.candidateType).toBe('relay');
        expect(pair!.local.relayProtocol).toBe(transport);
        expect(pair!.remote.candidateType).toBe('relay');
        expect(pair!.local.address).toBe('127.0.0.1');
        expect(pair!.local.port).toBeGreaterThanOrEqual(turn.relayPorts.min);
        expect(pair!.local.port).toBeLessThanOrEqual(turn.relayPorts.max);
      }

      await alice.page.getByRole('button', { name: 'Diagnosis' }).click();
      const telephony = ui.diagnosis(alice.page).getByRole('group', { name: 'Telephony' });
      await expect(telephony).toContainText(`Path: Relayed through TURN server 127.0.0.1 over ${label}.`);
      await expect(telephony).toContainText("Relaying is required by your admin's settings.");

      // coturn saw both agents allocate with their long-term credentials.
      const log = turn.log();
      for (const user of ['alice', 'bob']) {
        expect(log, `coturn log: ${user}'s allocation`).toMatch(new RegExp(`user <${user}>: incoming packet ALLOCATE processed, success`));
      }

      await ui.hangUpButton(alice.page).click();
    });
  });
}
