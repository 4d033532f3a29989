import { describe, expect, it } from 'vitest';
import { parseLaunchArgs, optionValue } from './launch-args';
import { claimSingleInstance, type Activation } from './single-instance';
import { FakeInstanceApp, navEvent } from './test-support/electron-fakes';

describe('single instance', () => {
  it('a second process does not get the lock and must quit; it receives no activations', () => {
    const app = new FakeInstanceApp(false);
    const instance = claimSingleInstance(app, ['warmline', 'tel:123']);
    expect(instance.primary).toBe(false);
    expect(app.listeners.size).toBe(0);
  });

  it('the first process gets the launch link, then every second start with its link', () => {
    const app = new FakeInstanceApp(true);
    const instance = claimSingleInstance(app, ['warmline', '--hidden', 'tel:+14155550100']);
    expect(instance.primary).toBe(true);
    // A second start before the window exists is kept until the shell listens.
    app.emit('second-instance', {}, ['warmline']);
    const got: Activation[] = [];
    instance.onActivate((a) => got.push(a));
    expect(got).toEqual([{ link: 'tel:+14155550100' }, { link: null }]);
    app.emit('second-instance', {}, ['warmline', 'sip:bob@example.com']);
    expect(got.at(-1)).toEqual({ link: 'sip:bob@example.com' });
  });

  it('takes macOS open-url links and stops the default handling', () => {
    const app = new FakeInstanceApp(true);
    const instance = claimSingleInstance(app, ['Warmline']);
    const got: Activation[] = [];
    instance.onActivate((a) => got.push(a));
    const e = navEvent('');
    app.emit('open-url', e, 'tel:911');
    expect(e.prevented).toBe(true);
    expect(got).toEqual([{ link: 'tel:911' }]);
  });
});

describe('launch arguments', () => {
  it('reads --data-dir (both spellings, resolved against the working folder) and --hidden', () => {
    expect(parseLaunchArgs(['electron', '.', '--data-dir', 'profile', '--hidden'], '/home/a')).toEqual({ dataDir: '/home/a/profile', hidden: true });
    expect(parseLaunchArgs(['warmline', '--data-dir=/tmp/p'], '/x')).toEqual({ dataDir: '/tmp/p', hidden: false });
    expect(parseLaunchArgs(['warmline', '--data-dir'], '/x').dataDir).toBeNull();
    expect(optionValue(['--data-dir', '--hidden'], '--data-dir')).toBeNull();
  });
});
