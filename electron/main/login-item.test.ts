import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../test-support/temp-dir';
import { applyStartAtLogin, autostartEntry, defaultAutostartDir } from './login-item';

const tempDir = useTempDirs();

describe('start at login', () => {
  it('macOS and Windows: through Electron, started hidden', () => {
    const set = vi.fn();
    applyStartAtLogin({ platform: 'win32', setLoginItemSettings: set, executable: 'C:\\W\\Warmline.exe', launchArgs: [], autostartDir: '/nope' }, true);
    expect(set).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
    applyStartAtLogin({ platform: 'darwin', setLoginItemSettings: set, executable: '/Applications/Warmline.app', launchArgs: [], autostartDir: '/nope' }, false);
    expect(set).toHaveBeenLastCalledWith({ openAtLogin: false, args: ['--hidden'] });
  });

  it('Linux: writes and removes a freedesktop autostart entry', () => {
    const dir = path.join(tempDir(), 'autostart');
    const deps = { platform: 'linux' as const, setLoginItemSettings: vi.fn(), executable: '/home/a/Apps/Warmline 1.AppImage', launchArgs: [], autostartDir: dir };
    applyStartAtLogin(deps, true);
    const text = fs.readFileSync(path.join(dir, 'warmline.desktop'), 'utf8');
    expect(text).toContain('Exec="/home/a/Apps/Warmline 1.AppImage" --hidden\n');
    expect(text).toContain('Type=Application');
    expect(deps.setLoginItemSettings).not.toHaveBeenCalled();
    applyStartAtLogin(deps, false);
    expect(fs.existsSync(path.join(dir, 'warmline.desktop'))).toBe(false);
    applyStartAtLogin(deps, false); // already off: no error
  });

  it('quotes Exec arguments as the desktop entry spec says', () => {
    expect(autostartEntry('/opt/Warmline/warmline', ['/src/app', '--hidden'])).toContain('Exec=/opt/Warmline/warmline /src/app --hidden');
    expect(autostartEntry('/x/$HOME "q" 100%', [])).toContain('Exec="/x/\\$HOME \\"q\\" 100%%"');
  });

  it('follows XDG_CONFIG_HOME when it is absolute', () => {
    expect(defaultAutostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/a')).toBe('/cfg/autostart');
    expect(defaultAutostartDir({ XDG_CONFIG_HOME: 'rel' }, '/home/a')).toBe('/home/a/.config/autostart');
    expect(defaultAutostartDir({}, '/home/a')).toBe('/home/a/.config/autostart');
  });
});
