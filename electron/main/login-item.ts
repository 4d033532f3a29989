import fs from 'node:fs';
import path from 'node:path';

/** Started by the OS at login: the window stays in the tray until asked for. */
export const HIDDEN_ARG = '--hidden';

export type LoginItemDeps = {
  platform: NodeJS.Platform;
  /** app.setLoginItemSettings (macOS, Windows). */
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  /** The program to start: process.execPath, or $APPIMAGE for an AppImage (execPath is inside its temporary mount). */
  executable: string;
  /** Arguments before ours: the app folder when running unpackaged (`electron .`), none when packaged. */
  launchArgs: readonly string[];
  /** Linux: $XDG_CONFIG_HOME/autostart (freedesktop autostart spec). */
  autostartDir: string;
};

/**
 * Start at login, or not. macOS and Windows through Electron; Linux has no
 * Electron API for it, so a freedesktop autostart entry is written (GNOME,
 * KDE, Xfce all read ~/.config/autostart).
 */
export function applyStartAtLogin(deps: LoginItemDeps, enabled: boolean): void {
  if (deps.platform === 'linux') {
    const file = path.join(deps.autostartDir, 'warmline.desktop');
    if (!enabled) {
      fs.rmSync(file, { force: true });
      return;
    }
    fs.mkdirSync(deps.autostartDir, { recursive: true });
    fs.writeFileSync(file, autostartEntry(deps.executable, [...deps.launchArgs, HIDDEN_ARG]), { mode: 0o644 });
    return;
  }
  deps.setLoginItemSettings({ openAtLogin: enabled, args: [...deps.launchArgs, HIDDEN_ARG] });
}

/** A desktop entry whose Exec quotes every argument (desktop entry spec, "The Exec key"). */
export function autostartEntry(executable: string, args: readonly string[]): string {
  const exec = [executable, ...args].map(quoteExecArg).join(' ');
  return ['[Desktop Entry]', 'Type=Application', 'Name=Warmline', 'Comment=Softphone for contact centers', `Exec=${exec}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}

function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_\-./=]+$/.test(arg)) return arg;
  // Inside double quotes, `"`, backtick, `$` and `\` are escaped with a backslash; `%` is doubled (field codes).
  return `"${arg.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
}

export function defaultAutostartDir(env: NodeJS.ProcessEnv, home: string): string {
  return path.join(env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config'), 'autostart');
}
