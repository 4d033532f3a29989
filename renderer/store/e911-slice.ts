import type { StateCreator } from 'zustand';
import type {
  AuditEntry,
  E911ConfigView,
  E911Status,
  EmergencyAlert,
  EmergencyCallPlan,
  LocationImportReport,
} from '../../shared/contract/e911';
import type { AppState } from './app-store';

export type EmergencyPhase = 'dialing' | 'connected' | 'failed' | 'ended';

/** The agent's own emergency call, from the plan the host returned until the agent dismisses the banner. */
export type ActiveEmergency = { plan: EmergencyCallPlan; callId: string | null; phase: EmergencyPhase; detail: string };

/** Supervisors keep this many emergency alerts; older ones are in the audit log. */
const MAX_ALERTS = 50;

export type E911Slice = {
  /** The agent's dispatchable location as the host sees it; null until the first e911.status answer. */
  e911Status: E911Status | null;
  /** Why e911.status could not be read (shown instead of "Checking…"); null when it was read. */
  e911StatusError: string | null;
  /** The agent asked to confirm or change their location (banner or top bar). */
  locationDialogOpen: boolean;
  /** Admin: locations, mappings, numbers, route and alert targets. */
  e911Config: E911ConfigView | null;
  e911LastImport: LocationImportReport | null;
  e911Audit: AuditEntry[];
  /** Supervisors: emergency calls placed by agents, newest first. */
  emergencyAlerts: EmergencyAlert[];
  emergency: ActiveEmergency | null;

  e911StatusChanged: (status: E911Status) => void;
  e911StatusFailed: (error: string) => void;
  locationDialogChanged: (open: boolean) => void;
  e911ConfigLoaded: (config: E911ConfigView) => void;
  e911Imported: (report: LocationImportReport, config: E911ConfigView) => void;
  e911AuditLoaded: (entries: AuditEntry[]) => void;
  emergencyAlertReceived: (alert: EmergencyAlert) => void;
  emergencyAlertDismissed: (emergencyId: string) => void;
  emergencyStarted: (plan: EmergencyCallPlan) => void;
  /** No-op without an emergency; callId, when given, replaces the one known. */
  emergencyProgress: (phase: EmergencyPhase, detail: string, callId?: string) => void;
  emergencyCleared: () => void;
};

export const createE911Slice: StateCreator<AppState, [], [], E911Slice> = (set) => ({
  e911Status: null,
  e911StatusError: null,
  locationDialogOpen: false,
  e911Config: null,
  e911LastImport: null,
  e911Audit: [],
  emergencyAlerts: [],
  emergency: null,

  e911StatusChanged: (e911Status) => set({ e911Status, e911StatusError: null }),
  e911StatusFailed: (e911StatusError) => set({ e911StatusError }),
  locationDialogChanged: (locationDialogOpen) => set({ locationDialogOpen }),
  e911ConfigLoaded: (e911Config) => set({ e911Config }),
  e911Imported: (e911LastImport, e911Config) => set({ e911LastImport, e911Config }),
  e911AuditLoaded: (e911Audit) => set({ e911Audit }),
  emergencyAlertReceived: (alert) =>
    set((s) => ({
      emergencyAlerts: [alert, ...s.emergencyAlerts.filter((a) => a.emergencyId !== alert.emergencyId)].slice(0, MAX_ALERTS),
    })),
  emergencyAlertDismissed: (emergencyId) => set((s) => ({ emergencyAlerts: s.emergencyAlerts.filter((a) => a.emergencyId !== emergencyId) })),
  emergencyStarted: (plan) => set({ emergency: { plan, callId: null, phase: 'dialing', detail: '' } }),
  emergencyProgress: (phase, detail, callId) =>
    set((s) => (s.emergency ? { emergency: { ...s.emergency, phase, detail, callId: callId ?? s.emergency.callId } } : {})),
  emergencyCleared: () => set({ emergency: null }),
});

export type MayGoAvailable = { ok: true } | { ok: false; reason: string };

const MAY: MayGoAvailable = { ok: true };
export const CHECKING_LOCATION = 'Checking your emergency location…';
let lastBlocked: { ok: false; reason: string } = { ok: false, reason: CHECKING_LOCATION };

/**
 * An agent takes calls only from a confirmed dispatchable location (RAY
 * BAUM'S Act). Returns the same object while the answer is unchanged, so it
 * can be used as a zustand selector directly.
 */
export function selectMayGoAvailable(s: AppState): MayGoAvailable {
  const status = s.e911Status;
  if (status?.state === 'confirmed') return MAY;
  const reason =
    status !== null
      ? status.reason || 'Confirm your emergency location before taking calls.'
      : s.e911StatusError !== null
        ? `Could not check your emergency location: ${s.e911StatusError}`
        : CHECKING_LOCATION;
  if (lastBlocked.reason !== reason) lastBlocked = { ok: false, reason };
  return lastBlocked;
}
