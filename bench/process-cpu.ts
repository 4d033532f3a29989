/**
 * CPU time of Chromium's renderer processes, read from /proc (Linux): the
 * processes are found by the browser's own --user-data-dir, so each bench
 * browser is accounted separately. Resolution is one clock tick (10 ms).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** utime + stime of the process, in seconds (fields 14 and 15 of /proc/PID/stat). */
function cpuSeconds(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Total CPU seconds used so far by the renderer processes of the browser with this profile dir. */
export function rendererCpuSeconds(profileDir: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const cmd = cmdline(pid);
    if (cmd.includes('--type=renderer') && cmd.includes(profileDir)) total += cpuSeconds(pid);
  }
  return total;
}
