import { beforeEach, describe, expect, it } from 'vitest';
import { ShellStateSchema } from '../../shared/contract/shell';
import { useAppStore } from '../store/app-store';
import { runShellAction, shellStateOf } from './shell-controller';

const store = () => useAppStore.getState();

describe('desktop shell controller', () => {
  beforeEach(() => {
    for (const id of Object.keys(store().calls)) store().callRemoved(id);
  });

  it('describes the phone for the tray: registration, ringing calls oldest first, the active call', () => {
    store().registrationChanged({ type: 'registered', at: 1, expiresSec: 600 });
    store().callAdded({ id: 'b', accountId: 'a', direction: 'inbound', remoteUri: 'sip:bob@x', remoteName: '', phase: 'ringing-in', startedAt: 20 });
    store().callAdded({ id: 'a', accountId: 'a', direction: 'inbound', remoteUri: 'sip:alice@x', remoteName: 'Alice', phase: 'ringing-in', startedAt: 10 });
    const s = shellStateOf(store());
    expect(ShellStateSchema.safeParse(s).success).toBe(true);
    expect(s.registration).toBe('registered');
    expect(s.registrationText).toMatch(/Registered/);
    expect(s.ringing).toEqual([
      { callId: 'a', caller: 'Alice' },
      { callId: 'b', caller: 'bob@x' },
    ]);
  });

  it('a tel: link fills the dialer and never dials; answering a call that no longer rings does nothing', () => {
    runShellAction({ action: 'prefillDial', target: '+14155550100' });
    expect(store().dialPrefill).toBe('+14155550100');
    expect(Object.keys(store().calls)).toHaveLength(0);
    expect(() => runShellAction({ action: 'answer', callId: 'gone' })).not.toThrow();
  });
});
