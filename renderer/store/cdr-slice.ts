import type { StateCreator } from 'zustand';
import type { z } from 'zod';
import type { MethodResponse } from '../../shared/contract/bridge';
import type { BillingSettings, Cdr, CdrFilter, ReconciliationViewSchema } from '../../shared/contract/cdr';
import type { DeskRecording, RecordingState } from '../../shared/history/recording-policy';
import type { AppState } from './app-store';

/** How recording goes on a call in progress: deciding, running, or why not (the CDR's recording state). */
export type RecordingView = { status: 'checking' | 'recording' | RecordingState; text: string };

/** One CDR export, from the button press to the file (cdr.export, then cdr.exportProgress events). */
export type CdrExportView = {
  /** Null until the host answered cdr.export. */
  exportId: string | null;
  format: 'csv' | 'json';
  rows: number;
  total: number;
  done: boolean;
  error: string | null;
  location: string | null;
};

export type ReconciliationView = z.output<typeof ReconciliationViewSchema>;
export type ErasureResult = MethodResponse<'privacy.eraseNumber'>;

export type CdrSlice = {
  /** The history view's rows, newest first, as far as paged in. */
  cdrRows: Cdr[];
  cdrTotal: number;
  /** The filter the rows were queried with (export uses the same). */
  cdrFilter: CdrFilter;
  /** True once cdr.query answered: until then the view shows the local call history. */
  cdrLoaded: boolean;
  cdrLoading: boolean;
  cdrError: string | null;
  cdrExport: CdrExportView | null;
  /** Rates, retention and the recording setting (supervisors and admins); null until read. */
  billing: BillingSettings | null;
  /** Whether this desk records calls; null until asked. */
  deskRecording: DeskRecording | null;
  reconciliation: ReconciliationView | null;
  erasure: ErasureResult | null;
  /** Recording of each call in progress, by call id. */
  recordings: Record<string, RecordingView>;

  cdrsLoading: (filter: CdrFilter) => void;
  cdrsLoaded: (rows: Cdr[], total: number, append: boolean) => void;
  cdrsFailed: (error: string) => void;
  cdrNotesChanged: (id: string, notes: string) => void;
  cdrExportChanged: (view: CdrExportView | null) => void;
  billingLoaded: (billing: BillingSettings) => void;
  deskRecordingChanged: (desk: DeskRecording) => void;
  reconciliationLoaded: (view: ReconciliationView) => void;
  erasureDone: (result: ErasureResult | null) => void;
  recordingChanged: (callId: string, view: RecordingView) => void;
  recordingCleared: (callId: string) => void;
};

export const createCdrSlice: StateCreator<AppState, [], [], CdrSlice> = (set) => ({
  cdrRows: [],
  cdrTotal: 0,
  cdrFilter: {},
  cdrLoaded: false,
  cdrLoading: false,
  cdrError: null,
  cdrExport: null,
  billing: null,
  deskRecording: null,
  reconciliation: null,
  erasure: null,
  recordings: {},

  cdrsLoading: (cdrFilter) => set({ cdrFilter, cdrLoading: true }),
  cdrsLoaded: (rows, cdrTotal, append) =>
    set((s) => {
      if (!append) return { cdrRows: rows, cdrTotal, cdrLoaded: true, cdrLoading: false, cdrError: null };
      // A call that ended between two pages moves everything down by one: never show a row twice.
      const known = new Set(s.cdrRows.map((r) => r.id));
      return { cdrRows: [...s.cdrRows, ...rows.filter((r) => !known.has(r.id))], cdrTotal, cdrLoaded: true, cdrLoading: false, cdrError: null };
    }),
  cdrsFailed: (cdrError) => set({ cdrError, cdrLoading: false }),
  cdrNotesChanged: (id, notes) => set((s) => ({ cdrRows: s.cdrRows.map((r) => (r.id === id ? { ...r, notes } : r)) })),
  cdrExportChanged: (cdrExport) => set({ cdrExport }),
  billingLoaded: (billing) => set({ billing, deskRecording: billing.recordCalls ? 'on' : 'off' }),
  deskRecordingChanged: (deskRecording) => set({ deskRecording }),
  reconciliationLoaded: (reconciliation) => set({ reconciliation }),
  erasureDone: (erasure) => set({ erasure }),
  recordingChanged: (callId, view) => set((s) => ({ recordings: { ...s.recordings, [callId]: view } })),
  recordingCleared: (callId) =>
    set((s) => {
      if (!(callId in s.recordings)) return {};
      const { [callId]: _gone, ...rest } = s.recordings;
      return { recordings: rest };
    }),
});
