import path from 'node:path';
import { HIDDEN_ARG } from './login-item';

/** The command-line options the desktop app reads itself (the rest are Chromium's or Playwright's). */
export type LaunchArgs = {
  /** --data-dir DIR: the profile folder (settings, history, logs, the single-instance lock) instead of the OS default. */
  dataDir: string | null;
  /** --hidden: started at login, stay in the tray. */
  hidden: boolean;
};

export function parseLaunchArgs(argv: readonly string[], cwd: string): LaunchArgs {
  const dataDir = optionValue(argv, '--data-dir');
  return { dataDir: dataDir === null ? null : path.resolve(cwd, dataDir), hidden: argv.includes(HIDDEN_ARG) };
}

/** `--name value` or `--name=value`; null when absent or without a value. */
export function optionValue(argv: readonly string[], name: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === name) {
      const next = argv[i + 1];
      return next !== undefined && !next.startsWith('--') && next !== '' ? next : null;
    }
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1) || null;
  }
  return null;
}
