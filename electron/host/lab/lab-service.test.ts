import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../shared/settings/schema';
import { createLogger } from '../logger';
import { LAB_ACCOUNT_ID, LabService } from './lab-service';

function service(settings: Settings): LabService {
  return new LabService({
    host: { settings: () => settings, applyProvisioning: () => undefined },
    ingestUrl: () => 'http://127.0.0.1:1/feed/v1/events',
    ingestToken: 'x'.repeat(24),
    resourcesDir: '/nonexistent',
    log: createLogger(),
  });
}

const account = (id: string) => ({
  id,
  kind: 'sip' as const,
  server: 'ws://127.0.0.1:5066',
  uri: 'sip:alice@pbx.example.com',
  authorizationUsername: 'alice',
  displayName: '',
  iceServers: [],
  iceGatheringTimeoutMs: 400,
  registerExpiresSec: 600,
  dtmfMode: 'rfc4733' as const,
  opusDtx: false,
  forceRelay: false,
});

describe('LabService.shouldStartAtLaunch', () => {
  const none = defaultSettings();
  const own = { ...defaultSettings(), accounts: [account('alice')] };
  const seated = { ...defaultSettings(), accounts: [account(LAB_ACCOUNT_ID)] };
  it.each([
    ['--lab, with an account of their own', own, { lab: true, labIfUnconfigured: false }, true],
    ['npm start, nothing configured', none, { lab: false, labIfUnconfigured: true }, true],
    ['npm start, with an account of their own (never hijacked)', own, { lab: false, labIfUnconfigured: true }, false],
    ['plain start, seated on the Lab last time', seated, { lab: false, labIfUnconfigured: false }, true],
    ['plain start, nothing configured (first-run screen instead)', none, { lab: false, labIfUnconfigured: false }, false],
  ])('%s -> %s', (_name, settings, flags, expected) => {
    expect(service(settings).shouldStartAtLaunch(flags)).toBe(expected);
  });
});

describe('LabService.start', () => {
  it('reports a failure with what to do, and stays usable, when the Lab cannot start', async () => {
    const s = service(defaultSettings());
    const status = await s.start();
    expect(status.state).toBe('failed');
    expect(status.detail).toMatch(/could not start: .*no usable Lab scenarios|ENOENT/);
    expect(status.detail).toContain('restart Warmline');
    expect(s.status().state).toBe('failed');
  });
});
