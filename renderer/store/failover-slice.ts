import type { StateCreator } from 'zustand';
import type { CircuitState } from '../../shared/telephony/circuit-breaker';
import type { FailoverRecord, SwitchInProgress } from '../../shared/telephony/failover';
import type { AppState } from './app-store';

/** The last failovers kept for the diagnosis panel; the host log has them all. */
const MAX_RECORDS = 20;

export type ProviderView = {
  id: string;
  label: string;
  /** 0 for the primary. */
  priority: number;
  circuit: CircuitState;
  /** A drill keeps this provider down until then (epoch ms). */
  heldDownUntil: number | null;
};

export type DrillView = { accountId: string; startedAt: number; until: number; result: { ms: number; to: string } | null; error: string | null };

export type FailoverView = {
  providers: ProviderView[];
  /** Where registration is (or is being moved to); new calls go out here. */
  activeId: string | null;
  switching: SwitchInProgress | null;
  /** Newest first. */
  records: FailoverRecord[];
  /** Fail-back mode manual: the provider the agent may switch back to. */
  failBackOffer: string | null;
  drill: DrillView | null;
};

export type FailoverSlice = {
  failover: FailoverView;
  failoverChanged: (patch: Partial<Omit<FailoverView, 'records'>>) => void;
  failoverRecorded: (r: FailoverRecord) => void;
  /** The call went out on another provider than the dialer named (it dials on the active one). */
  callCarriedBy: (id: string, accountId: string) => void;
};

const EMPTY: FailoverView = { providers: [], activeId: null, switching: null, records: [], failBackOffer: null, drill: null };

export const createFailoverSlice: StateCreator<AppState, [], [], FailoverSlice> = (set) => ({
  failover: EMPTY,
  failoverChanged: (patch) => set((s) => ({ failover: { ...s.failover, ...patch } })),
  failoverRecorded: (r) => set((s) => ({ failover: { ...s.failover, records: [r, ...s.failover.records].slice(0, MAX_RECORDS) } })),
  callCarriedBy: (id, accountId) =>
    set((s) => {
      const call = s.calls[id];
      return call && call.accountId !== accountId ? { calls: { ...s.calls, [id]: { ...call, accountId } } } : {};
    }),
});

export const selectActiveProvider = (s: AppState): ProviderView | null => s.failover.providers.find((p) => p.id === s.failover.activeId) ?? null;
export const selectProviderLabel = (s: AppState, id: string | null): string => s.failover.providers.find((p) => p.id === id)?.label ?? id ?? '';
