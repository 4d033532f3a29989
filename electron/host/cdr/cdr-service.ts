import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { rateCalls, reconcile, type BillableCdr } from '../../../shared/billing/reconciliation';
import { flagCostAnomalies } from '../../../shared/billing/cost-anomaly';
import type { EventPayload, MethodResponse } from '../../../shared/contract/bridge';
import type { CdrFilter } from '../../../shared/contract/cdr';
import type { CallRecord } from '../../../shared/history/call-record';
import type { Settings } from '../../../shared/settings/schema';
import { CallHistoryStore } from '../call-history-store';
import { HostFailure } from '../host-services';
import { FeedStore } from '../hub/feed-store';
import type { ScopedLogger } from '../logger';
import type { NoticeBoard } from '../notices';
import { ratesOf } from './billing-settings';
import { startCdrExport, type ExportFormat } from './cdr-export';
import { cdrFromBegin, cdrFromRecord, historyRecordOf, INTERRUPTED_REASON, providerNameOf, publicCdr, type CallSurroundings, type CdrBegin } from './cdr-record';
import { CdrStore } from './cdr-store';
import { importLegacyHistory, scrubLegacyHistory } from './legacy-history';
import { numberHash, numberKey } from './number-key';
import { appendPrivacyAudit, type PrivacyAuditEntry } from './privacy-audit';
import { RecordingStore } from './recordings';

/** Retention runs at start and then this often. */
export const PRUNE_EVERY_MS = 6 * 3600 * 1000;
/** Export files are copies for download, not an archive: the host deletes them after a day. */
export const EXPORT_KEEP_MS = 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const EXPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXPORT_FILE = /^cdr-([0-9a-f-]{36})\.(csv|json)$/;

export type CdrServiceOptions = {
  /** The installation's secret for the privacy audit's number hashes (number-key.ts). */
  hashSecret: () => string;
  dataDir: string;
  /** Where exports are written (default `<dataDir>/exports`). */
  exportDir: string;
  /** The session feed hub's database: AI session records are erased there too when it exists. */
  hubDbFile: string | null;
  settings: () => Settings;
  /** Who is acting, for the privacy audit ("Dana (admin)"). */
  actor: () => string;
  notices: NoticeBoard;
  log: ScopedLogger;
  now: () => Date;
  emitProgress: (p: EventPayload<'cdr.exportProgress'>) => void;
  /** Where a finished export is fetched from (the web host's download route); default its file path. */
  exportUrl?: (exportId: string) => string;
  pruneEveryMs?: number;
};

export type ExportDownload = { file: string; filename: string; contentType: string };
export type PruneCounts = { cdrs: number; recordings: number; exports: number; legacyHistoryLines: number };

/**
 * Call detail records (docs/cdr.md) behind the bridge: the history the agent
 * sees, the CDRs supervisors query and export, billing reconciliation,
 * retention, erasure and recordings. When the database cannot be opened the
 * history still works from the JSONL file of earlier versions, and the CDR
 * methods say why they cannot.
 */
export class CdrService {
  readonly store: CdrStore | null;
  readonly recordings: RecordingStore;
  /** The JSONL history: imported at open; written only while the database is unavailable. */
  private readonly legacy: CallHistoryStore;
  private readonly unavailable: string | null;
  private readonly auditFile: string;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: CdrServiceOptions) {
    const log = o.log;
    this.legacy = new CallHistoryStore(o.dataDir, log);
    this.recordings = new RecordingStore(path.join(o.dataDir, 'recordings'));
    this.auditFile = path.join(o.dataDir, 'privacy-audit.jsonl');
    const opened = CdrStore.open(path.join(o.dataDir, 'cdr.sqlite'), o.now());
    if (!opened.ok) {
      this.store = null;
      this.unavailable = `The call records database could not be opened: ${opened.reason}.`;
      log.error('CDR database unavailable; history falls back to call-history.jsonl', { reason: opened.reason });
      o.notices.post(
        'error',
        `${this.unavailable} Calls are still kept in call-history.jsonl, but call records cannot be searched, exported or reconciled.`,
        'Restart Warmline; if this persists, export diagnostics and report it.',
      );
      return;
    }
    this.store = opened.store;
    this.unavailable = null;
    if (opened.movedAside) {
      const m = opened.movedAside;
      log.error('CDR database is corrupt; moved aside', { reason: m.reason, movedTo: m.to });
      o.notices.post(
        'error',
        `The call records database could not be used because ${m.reason}. It was moved to ${m.to} and a new one was started.`,
        'Call history from before is in the moved file; support can recover it from there.',
      );
    }
    try {
      importLegacyHistory(this.store, this.legacy.file, (id) => this.surroundings(id), log);
    } catch (e) {
      // Read again at the next start, from where it stopped; today's calls are stored either way.
      log.error('call-history.jsonl could not be imported', { error: (e as Error).message });
      o.notices.post('warning', `Call history from earlier versions could not be read (${(e as Error).message}).`, 'Check the permissions of call-history.jsonl in the data folder, then restart Warmline.');
    }
    const interrupted = this.store.markInterrupted(o.now());
    if (interrupted.length) {
      log.warn('calls in progress at the last stop marked interrupted', { calls: interrupted.length, ids: interrupted.slice(0, 20) });
      const n = interrupted.length;
      o.notices.post(
        'warning',
        n === 1
          ? '1 call was in progress when Warmline stopped; it is marked interrupted in history'
          : `${n} calls were in progress when Warmline stopped; they are marked interrupted in history`,
        'If a call is still going on, its record is completed when it ends.',
      );
    }
    this.prune();
    this.timer = setInterval(() => this.prune(), o.pruneEveryMs ?? PRUNE_EVERY_MS);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.store?.close();
  }

  // ---- history (the history view's contract) ----

  /** Newest first; calls still in progress are not history yet. */
  list(limit: number): CallRecord[] {
    if (!this.store) return this.legacy.list(limit);
    return this.store.history(limit).map(historyRecordOf);
  }

  /** The end report: the complete record, committed when this returns. */
  record(entry: CallRecord): void {
    if (!this.store) return this.legacy.record(entry);
    const done = this.store.update(entry.id, (prior) => cdrFromRecord(entry, this.surroundings(entry.accountId), prior))!;
    if (done.interruptedAt) this.o.log.info('interrupted call completed by its end report', { id: entry.id });
    // Without a recording (declined consent, failed, turned off) no file may stay behind.
    if (done.recording !== 'recorded' && this.recordings.delete(entry.id)) {
      this.o.log.info('recording deleted: the end report says the call was not recorded', { id: entry.id, recording: done.recording });
    }
  }

  updateNotes(id: string, notes: string): boolean {
    if (!this.store) return this.legacy.updateNotes(id, notes);
    return this.store.updateNotes(id, notes);
  }

  // ---- CDRs ----

  begin(req: CdrBegin): void {
    const store = this.requireStore('HISTORY_WRITE_FAILED');
    store.update(req.id, (prior) => cdrFromBegin(req, this.surroundings(req.accountId), prior));
  }

  query(filter: CdrFilter, limit: number, offset: number): MethodResponse<'cdr.query'> {
    const { rows, total } = this.requireStore('INTERNAL').query(filter, limit, offset);
    return { rows: rows.map(publicCdr), total };
  }

  /** Starts a streamed export and answers at once; progress and the end come as cdr.exportProgress. */
  startExport(format: ExportFormat, filter: CdrFilter): MethodResponse<'cdr.export'> {
    const store = this.requireStore('INTERNAL');
    const exportId = crypto.randomUUID();
    const file = path.join(this.o.exportDir, `cdr-${exportId}.${format}`);
    fs.mkdirSync(this.o.exportDir, { recursive: true, mode: 0o700 });
    const location = this.o.exportUrl ? this.o.exportUrl(exportId) : file;
    const progress = (p: Omit<EventPayload<'cdr.exportProgress'>, 'exportId'>) => this.o.emitProgress({ exportId, ...p });
    const started = Date.now();
    const { total, done } = startCdrExport({
      store,
      filter,
      format,
      file,
      onProgress: (rows, all) => progress({ rows, total: all, done: false, error: null, location: null }),
    });
    this.o.log.info('CDR export started', { exportId, format, total });
    done.then(
      (rows) => {
        this.o.log.info('CDR export finished', { exportId, rows, ms: Date.now() - started });
        progress({ rows, total, done: true, error: null, location });
      },
      (e: unknown) => {
        const message = (e as Error).message;
        this.o.log.error('CDR export failed', { exportId, error: message });
        progress({
          rows: 0,
          total,
          done: true,
          error: `The export failed (${message}). Check that ${this.o.exportDir} is writable and the disk has space, then export again.`,
          location: null,
        });
      },
    );
    return { exportId, total, location };
  }

  /** A finished export by id, for the web host's download route; null for anything else. */
  exportDownload(exportId: string): ExportDownload | null {
    if (!EXPORT_ID.test(exportId)) return null;
    for (const ext of ['csv', 'json'] as const) {
      const file = path.join(this.o.exportDir, `cdr-${exportId}.${ext}`);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      const day = new Date(stat.mtimeMs).toISOString().slice(0, 10);
      return {
        file,
        filename: `warmline-cdr-${day}.${ext}`,
        contentType: ext === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      };
    }
    return null;
  }

  /**
   * Billing reconciliation over [from, to) on startedAt, with the rate cards
   * as they are now. Interrupted calls have no known talk time: they are
   * listed as unrated rather than counted as 0 s.
   */
  reconcile(from: string | undefined, to: string | undefined): MethodResponse<'cdr.reconcile'> {
    const store = this.requireStore('INTERNAL');
    const settings = this.o.settings();
    const rates = ratesOf(settings.billing);
    const rows = store.billable(from, to);
    const billable: BillableCdr[] = [];
    const interrupted: { id: string; provider: string; reason: string }[] = [];
    for (const r of rows) {
      if (r.state === 'interrupted') interrupted.push({ id: r.id, provider: r.provider, reason: INTERRUPTED_REASON });
      else billable.push({ id: r.id, provider: r.provider, direction: r.direction, tollFree: r.tollFree, durationSec: r.durationMs / 1000 });
    }
    const rec = reconcile(billable, rates);
    const anomalies = flagCostAnomalies(rateCalls(billable, rates).rated);
    // The account's name now; for a removed account, the name its calls were stored with.
    const storedNames = new Map(rows.map((r) => [r.provider, r.providerName]));
    const nameOf = (provider: string) => {
      const account = settings.accounts.find((a) => a.id === provider);
      return account ? providerNameOf(provider, account) : (storedNames.get(provider) ?? provider);
    };
    return {
      providers: rec.providers.map((p) => ({
        provider: p.provider,
        providerName: nameOf(p.provider),
        calls: p.calls,
        actualSeconds: Math.round(p.actualSeconds),
        billedSeconds: p.billedSeconds,
        actualMinutes: p.actualMinutes,
        billedMinutes: p.billedMinutes,
        overheadPct: p.overheadPct,
        cost: p.cost,
        currency: p.currency,
      })),
      unrated: [...rec.unrated, ...interrupted],
      // A 0 baseline (free calls) has no ratio; 0 stands for "not a multiple" in the contract's number.
      anomalies: anomalies.map((a) => ({ id: a.id, provider: a.provider, cost: a.cost, baseline: a.baseline, factor: a.ratio ?? 0 })),
    };
  }

  // ---- retention ----

  /** Delete what is older than settings.billing.retentionDays (0 keeps everything), and stale exports. */
  prune(): PruneCounts {
    const counts: PruneCounts = { cdrs: 0, recordings: 0, exports: 0, legacyHistoryLines: 0 };
    const now = this.o.now();
    try {
      const days = this.o.settings().billing.retentionDays;
      if (days > 0 && this.store) {
        const cutoff = new Date(now.getTime() - days * DAY_MS);
        const ids = this.store.pruneBefore(cutoff);
        counts.cdrs = ids.length;
        for (const id of ids) if (this.recordings.delete(id)) counts.recordings++;
        counts.recordings += this.recordings.pruneFilesBefore(cutoff);
        counts.legacyHistoryLines = scrubLegacyHistory(this.store, this.legacy.file, (r) => Date.parse(r.startedAt) < cutoff.getTime());
      }
      counts.exports = this.deleteExports((mtimeMs) => mtimeMs < now.getTime() - EXPORT_KEEP_MS);
      this.o.log.info('retention pruned', { ...counts, retentionDays: days });
    } catch (e) {
      this.o.log.error('retention pruning failed; it runs again in 6 hours', { error: (e as Error).message, ...counts });
    }
    return counts;
  }

  // ---- erasure ----

  /**
   * Everything this host keeps about a number: its CDRs (with contexts and
   * notes), their recordings, the AI session records in the hub, every export
   * file (they may hold it), the lines of the old JSONL history. Then one
   * fsynced audit line that says what was erased, not the data.
   */
  eraseNumber(number: string): MethodResponse<'privacy.eraseNumber'> {
    const store = this.requireStore('INTERNAL');
    const key = numberKey(number);
    if (!key) throw new HostFailure('INVALID_REQUEST', 'privacy.eraseNumber: number has no digits or SIP user to match; enter the number as the caller gave it, e.g. +14155550100');
    const matches = (v: string | null | undefined) => numberKey(v) === key;
    const ids = store.eraseNumber(key);
    const counts: PrivacyAuditEntry['counts'] = { cdrs: ids.length, recordings: 0, sessions: 0, exports: 0, legacyHistoryLines: 0 };
    for (const id of ids) if (this.recordings.delete(id)) counts.recordings++;
    counts.legacyHistoryLines = scrubLegacyHistory(store, this.legacy.file, (r) => matches(r.remote) || matches(r.context?.caller?.number));
    counts.exports = this.deleteExports(() => true);
    let sessionFailure: string | null = null;
    try {
      if (this.o.hubDbFile) counts.sessions = FeedStore.eraseCallerNumberInFile(this.o.hubDbFile, (n) => matches(n)).sessions;
    } catch (e) {
      sessionFailure = (e as Error).message;
    }
    const entry: PrivacyAuditEntry & { incomplete?: string } = {
      id: crypto.randomUUID(),
      at: this.o.now().toISOString(),
      actor: this.o.actor(),
      numberHash: numberHash(key, this.o.hashSecret()),
      counts,
      ...(sessionFailure ? { incomplete: `AI session records were not erased: ${sessionFailure}` } : {}),
    };
    try {
      appendPrivacyAudit(this.auditFile, entry);
    } catch (e) {
      this.o.log.error('privacy audit could not be written', { auditId: entry.id, error: (e as Error).message, counts });
      throw new HostFailure('HISTORY_WRITE_FAILED', `The data was erased (${describe(counts)}), but the privacy audit could not be written: ${(e as Error).message}`);
    }
    // The hash, never the number.
    this.o.log.info('number erased', { auditId: entry.id, numberHash: entry.numberHash, ...counts });
    if (sessionFailure) {
      throw new HostFailure(
        'INTERNAL',
        `Erased ${describe(counts)}, but the AI session records could not be erased (${sessionFailure}). Erase the number again once the session feed is available (audit ${entry.id}).`,
      );
    }
    return { cdrs: counts.cdrs, recordings: counts.recordings, sessions: counts.sessions, auditId: entry.id };
  }

  // ---- recordings ----

  appendRecording(req: { callId: string; seq: number; data: string; final: boolean }): MethodResponse<'recording.append'> {
    if (!this.o.settings().billing.recordCalls) {
      throw new HostFailure('INVALID_REQUEST', 'Call recording is turned off on this host (billing settings, recordCalls); the chunk was not stored.');
    }
    const data = Buffer.from(req.data, 'base64');
    let r: ReturnType<RecordingStore['append']>;
    try {
      r = this.recordings.append(req.callId, req.seq, data, req.final);
    } catch (e) {
      throw new HostFailure('HISTORY_WRITE_FAILED', `The recording could not be written: ${(e as Error).message}`);
    }
    if (!r.ok) throw new HostFailure('INVALID_REQUEST', r.reason);
    if (req.final) this.o.log.info('recording finished', { callId: req.callId, chunks: req.seq + 1, bytes: r.bytes });
    return { stored: true, bytes: r.bytes };
  }

  // ----

  private surroundings(accountId: string): CallSurroundings {
    const s = this.o.settings();
    return { account: s.accounts.find((a) => a.id === accountId), agent: s.profile.name, rates: ratesOf(s.billing) };
  }

  private requireStore(code: 'INTERNAL' | 'HISTORY_WRITE_FAILED'): CdrStore {
    if (!this.store) throw new HostFailure(code, this.unavailable ?? 'The call records database is not open.');
    return this.store;
  }

  /** Export files (finished or being written) selected by their last write time; how many went. */
  private deleteExports(select: (mtimeMs: number) => boolean): number {
    let names: string[];
    try {
      names = fs.readdirSync(this.o.exportDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
    let n = 0;
    for (const name of names) {
      if (!EXPORT_FILE.test(name.replace(/\.partial$/, ''))) continue;
      const file = path.join(this.o.exportDir, name);
      try {
        if (!select(fs.statSync(file).mtimeMs)) continue;
        fs.rmSync(file, { force: true });
        if (!name.endsWith('.partial')) n++;
      } catch {
        /* gone meanwhile */
      }
    }
    return n;
  }
}

function describe(c: PrivacyAuditEntry['counts']): string {
  return `${c.cdrs} call records, ${c.recordings} recordings, ${c.sessions} AI sessions`;
}
