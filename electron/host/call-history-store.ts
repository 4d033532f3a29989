import fs from 'node:fs';
import path from 'node:path';
import { CallRecordSchema, type CallRecord } from '../../shared/history/call-record';
import type { ScopedLogger } from './logger';

/**
 * The agent's local call history, one JSON line per call, appended and fsynced
 * before the renderer is told it is stored. A damaged line is reported in the
 * log and skipped when listing, never deleted from the file.
 */
export class CallHistoryStore {
  readonly file: string;

  constructor(dataDir: string, private readonly log: ScopedLogger) {
    this.file = path.join(dataDir, 'call-history.jsonl');
    fs.mkdirSync(dataDir, { recursive: true });
  }

  record(entry: CallRecord): void {
    const valid = CallRecordSchema.parse(entry);
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(valid) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Notes written after the call: appended as a newer version of the record, the old line kept. */
  updateNotes(id: string, notes: string): boolean {
    const current = this.all().get(id);
    if (!current) return false;
    this.record({ ...current, notes });
    return true;
  }

  /** Newest first. The same call id recorded twice (e.g. a retry) keeps the latest line. */
  list(limit: number): CallRecord[] {
    return [...this.all().values()].reverse().slice(0, limit);
  }

  /** Every call by id, the latest version of each, in the order of their latest version. */
  private all(): Map<string, CallRecord> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw e;
    }
    const byId = new Map<string, CallRecord>();
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const parsed = CallRecordSchema.safeParse(JSON.parse(line));
        if (parsed.success) {
          byId.delete(parsed.data.id);
          byId.set(parsed.data.id, parsed.data);
        } else this.log.warn('call history line invalid; kept in file, not shown', { line: i + 1, issue: parsed.error.issues[0]?.message });
      } catch {
        this.log.warn('call history line is not JSON; kept in file, not shown', { line: i + 1 });
      }
    });
    return byId;
  }
}
