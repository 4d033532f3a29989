import fs from 'node:fs';
import path from 'node:path';
import { AuditEntrySchema, type AuditEntry } from '../../../shared/contract/e911';
import type { ScopedLogger } from '../logger';

export type AuditKind = AuditEntry['kind'];
export type AuditDetails = AuditEntry['details'];

/**
 * The E911 audit trail, `e911-audit.jsonl`: one AuditEntry per line, appended
 * and fsynced before the caller goes on, so what an auditor reads is what
 * happened even after a power cut. `seq` keeps counting across restarts. A
 * damaged line is skipped when reading and reported in the log, never
 * removed: the file is evidence.
 */
export class AuditLog {
  readonly file: string;
  private nextSeq: number;
  /** A torn last line (crash mid-write) must not swallow the next entry. */
  private needsNewline: boolean;

  constructor(
    dataDir: string,
    private readonly log: ScopedLogger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = path.join(dataDir, 'e911-audit.jsonl');
    fs.mkdirSync(dataDir, { recursive: true });
    const text = this.readText();
    this.needsNewline = text !== '' && !text.endsWith('\n');
    const last = this.parse(text, false).reduce((max, e) => Math.max(max, e.seq), -1);
    this.nextSeq = last + 1;
  }

  /** Write one entry and fsync it; throws if it could not be stored (the caller decides whether that blocks). */
  append(kind: AuditKind, actor: string, details: AuditDetails): AuditEntry {
    const entry = AuditEntrySchema.parse({ seq: this.nextSeq, at: this.now().toISOString(), kind, actor, details });
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, `${this.needsNewline ? '\n' : ''}${JSON.stringify(entry)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.needsNewline = false;
    this.nextSeq += 1;
    return entry;
  }

  /** Every readable entry, oldest first. */
  entries(): AuditEntry[] {
    return this.parse(this.readText(), true);
  }

  /** Newest first. */
  list(limit: number): AuditEntry[] {
    return this.entries().reverse().slice(0, limit);
  }

  private readText(): string {
    try {
      return fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw e;
    }
  }

  private parse(text: string, report: boolean): AuditEntry[] {
    const out: AuditEntry[] = [];
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        if (report) this.log.warn('audit line is not JSON; kept in the file, skipped', { file: this.file, line: i + 1 });
        return;
      }
      const parsed = AuditEntrySchema.safeParse(raw);
      if (parsed.success) out.push(parsed.data);
      else if (report) this.log.warn('audit line invalid; kept in the file, skipped', { file: this.file, line: i + 1, issue: parsed.error.issues[0]?.message });
    });
    return out;
  }
}
