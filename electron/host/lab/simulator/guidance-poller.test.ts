import { afterEach, describe, expect, it } from 'vitest';
import { sessionEvents } from '../../../../shared/feed/test-support/feed-examples';
import { useTempDirs } from '../../../test-support/temp-dir';
import { OTHER_PLATFORM_TOKEN, PLATFORM_TOKEN, startHubServer } from '../../hub/test-support/hub-server';
import { GuidancePoller, type Guidance } from './guidance-poller';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('GuidancePoller (the Lab platform reading guidance)', () => {
  it('receives its sessions\' guidance within moments, each once, and stops on stop()', async () => {
    const s = await startHubServer(tempDir());
    cleanups.push(() => s.close());
    const live = (id: string) => sessionEvents(id).filter((e) => e.type !== 'session.ended');
    await s.post(live('s-lab'), PLATFORM_TOKEN);
    await s.post(live('s-other'), OTHER_PLATFORM_TOKEN);
    s.hub.sendGuidance('s-lab', 'before the poller started', 'Sam');

    const got: Guidance[] = [];
    const logs: string[] = [];
    const poller = new GuidancePoller(`${s.url}/feed/v1/guidance`, PLATFORM_TOKEN, (g) => got.push(g), (_l, m) => logs.push(m));
    poller.start();
    cleanups.push(() => poller.stop());
    await expect.poll(() => got.map((g) => g.text)).toEqual(['before the poller started']);

    s.hub.sendGuidance('s-other', 'not ours', 'Sam');
    const t0 = Date.now();
    s.hub.sendGuidance('s-lab', 'Please transfer now', 'Sam');
    await expect.poll(() => got.map((g) => g.text), { timeout: 2000 }).toEqual(['before the poller started', 'Please transfer now']);
    expect(Date.now() - t0).toBeLessThan(1500);

    const t1 = Date.now();
    await poller.stop();
    expect(Date.now() - t1, 'stop aborts the pending long poll').toBeLessThan(1000);
    s.hub.sendGuidance('s-lab', 'after stop', 'Sam');
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toHaveLength(2);
    expect(logs).toEqual([]);
  });
});
