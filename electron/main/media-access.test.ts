import { describe, expect, it, vi } from 'vitest';
import { microphoneAccess } from './media-access';

function prefs(status: string, answer = true) {
  return { getMediaAccessStatus: vi.fn(() => status), askForMediaAccess: vi.fn(async () => answer) };
}

describe('macOS microphone consent', () => {
  it('asks macOS when it has not been decided, once at a time', async () => {
    const sp = prefs('not-determined', true);
    const access = microphoneAccess({ platform: 'darwin', systemPreferences: sp, onDenied: vi.fn() });
    expect(await Promise.all([access(), access()])).toEqual([true, true]);
    expect(sp.askForMediaAccess).toHaveBeenCalledTimes(1);
    expect(sp.askForMediaAccess).toHaveBeenCalledWith('microphone');
  });

  it('does not ask again once granted', async () => {
    const sp = prefs('granted');
    expect(await microphoneAccess({ platform: 'darwin', systemPreferences: sp, onDenied: vi.fn() })()).toBe(true);
    expect(sp.askForMediaAccess).not.toHaveBeenCalled();
  });

  it('a refusal is reported once, with where to turn it on', async () => {
    const onDenied = vi.fn();
    const access = microphoneAccess({ platform: 'darwin', systemPreferences: prefs('denied'), onDenied });
    expect(await access()).toBe(false);
    expect(await access()).toBe(false);
    expect(onDenied).toHaveBeenCalledTimes(1);
    expect(onDenied.mock.calls[0]![1]).toContain('Privacy & Security → Microphone');
    const refusedNow = microphoneAccess({ platform: 'darwin', systemPreferences: prefs('not-determined', false), onDenied: vi.fn() });
    expect(await refusedNow()).toBe(false);
  });

  it('other systems have no such consent', async () => {
    const sp = prefs('denied');
    expect(await microphoneAccess({ platform: 'linux', systemPreferences: sp, onDenied: vi.fn() })()).toBe(true);
    expect(sp.getMediaAccessStatus).not.toHaveBeenCalled();
  });
});
