/** What every bench records about where it ran: the revision, the machine, the Kamailio build. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { KAMAILIO_BIN } from '../e2e/fixtures/kamailio';
import { REPO_ROOT } from '../e2e/fixtures/web-host';

export function gitRevision(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function kamailioVersion(): string {
  try {
    return /version:\s*kamailio\s+(\S+)/.exec(execFileSync(KAMAILIO_BIN, ['-v'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Load average rounded to 2 decimals: a busy machine explains a slow run. */
export const loadAverage = (): number[] => os.loadavg().map((x) => Math.round(x * 100) / 100);
