import { describe, expect, it, vi } from 'vitest';
import { IncomingCallNotifier } from './incoming-call-notifier';
import { fakeNotifications } from './test-support/electron-fakes';

function setup(opts: { foreground?: boolean; actionsSupported?: boolean; supported?: boolean } = {}) {
  const notes = fakeNotifications();
  let foreground = opts.foreground ?? false;
  const deps = {
    create: notes.create,
    supported: opts.supported ?? true,
    actionsSupported: opts.actionsSupported ?? true,
    windowInForeground: () => foreground,
    answer: vi.fn(),
    decline: vi.fn(),
    showWindow: vi.fn(),
  };
  const notifier = new IncomingCallNotifier(deps);
  return { notifier, notes, deps, setForeground: (f: boolean) => (foreground = f) };
}

const alice = { callId: 'c1', caller: 'Alice' };
const bob = { callId: 'c2', caller: 'Bob' };

describe('incoming-call notification', () => {
  it('is raised for a call ringing while the window is hidden, with Answer and Decline, silent and not timing out', () => {
    const { notifier, notes } = setup();
    notifier.update([alice]);
    expect(notes.made).toHaveLength(1);
    const n = notes.made[0]!;
    expect(n.shown).toBe(true);
    expect(n.options).toEqual({
      title: 'Incoming call',
      body: 'Alice',
      actions: [
        { type: 'button', text: 'Answer' },
        { type: 'button', text: 'Decline' },
      ],
      urgency: 'critical',
      timeoutType: 'never',
      silent: true,
    });
  });

  it('Answer shows the window and answers that call; Decline declines it', () => {
    const { notifier, notes, deps } = setup();
    notifier.update([alice, bob]);
    notes.made[0]!.press(0);
    expect(deps.showWindow).toHaveBeenCalledTimes(1);
    expect(deps.answer).toHaveBeenCalledWith('c1');
    notes.made[1]!.press(1);
    expect(deps.decline).toHaveBeenCalledWith('c2');
    expect(deps.answer).toHaveBeenCalledTimes(1);
  });

  it('clicking shows the window without answering', () => {
    const { notifier, notes, deps } = setup();
    notifier.update([alice]);
    notes.made[0]!.click();
    expect(deps.showWindow).toHaveBeenCalled();
    expect(deps.answer).not.toHaveBeenCalled();
  });

  it('is not raised while the window is in front, but is once it goes to the background', () => {
    const { notifier, notes, setForeground } = setup({ foreground: true });
    notifier.update([alice]);
    expect(notes.made).toHaveLength(0);
    setForeground(false);
    notifier.update([alice]);
    expect(notes.made).toHaveLength(1);
  });

  it('closes when the call stops ringing (answered in the app, elsewhere, or cancelled), and is raised once per call', () => {
    const { notifier, notes } = setup();
    notifier.update([alice]);
    notifier.update([alice]);
    expect(notes.made).toHaveLength(1);
    notifier.update([]);
    expect(notes.made[0]!.closed).toBe(true);
    expect(notifier.openCount).toBe(0);
  });

  it('a dismissed notification does not come back while the call rings on', () => {
    const { notifier, notes, deps } = setup();
    notifier.update([alice]);
    notes.made[0]!.close();
    notifier.update([alice]);
    expect(notes.made).toHaveLength(1);
    expect(deps.decline).not.toHaveBeenCalled();
  });

  it('without buttons (Linux) the body says how to answer', () => {
    const { notifier, notes } = setup({ actionsSupported: false });
    notifier.update([alice]);
    expect(notes.made[0]!.options.actions).toEqual([]);
    expect(notes.made[0]!.options.body).toBe('Alice: click to open Warmline');
  });

  it('does nothing where notifications are not supported', () => {
    const { notifier, notes } = setup({ supported: false });
    notifier.update([alice]);
    expect(notes.made).toHaveLength(0);
  });
});
