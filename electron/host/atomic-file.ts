import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

/**
 * Write a file so that a crash or power loss leaves either the old or the new
 * content, never a torn mix: temp file in the same folder, fsync, rename.
 */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Move a damaged file aside, keeping it for the user, and return where it went. */
export function moveAside(file: string, label: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${file}.${label}-${stamp}`;
  fs.renameSync(file, target);
  return target;
}
