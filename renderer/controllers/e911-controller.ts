import { BRIDGE_METHODS, type MethodRequest } from '../../shared/contract/bridge';
import type { E911ConfigView, FieldIssue, LocationImportReport } from '../../shared/contract/e911';
import { validateCivicAddress, type CivicField } from '../../shared/e911/civic-address';
import { checkNetworkMappings } from '../../shared/e911/network-mapping';
import { adviceFor } from '../../shared/errors/catalog';
import type { HostError } from '../../shared/result';
import type { HostApi } from '../platform';
import { useAppStore } from '../store/app-store';

/**
 * E911 side effects: the agent's location status from the host (e911.status,
 * then e911.changed pushes), confirming a location, supervisors' emergency
 * alerts, and the admin's location setup and audit log. Components call these
 * and read the store; the host validates everything again.
 */
const store = () => useAppStore.getState();

/** What the address form holds: civic fields as typed, '' for empty. */
export type AddressInput = Partial<Record<CivicField, string>>;
/** A save or confirm either worked or says what to fix: per field (issues) and/or as a whole (reason). */
export type E911Outcome = { ok: true } | { ok: false; issues: FieldIssue[]; reason: string | null };
export type ConfigPatch = MethodRequest<'e911.saveConfig'>;

const AUDIT_LIMIT = 200;
const ID = /^[A-Za-z0-9._-]{1,64}$/;
const NOT_CONNECTED = 'Not connected to the Warmline host.';

let host: HostApi | null = null;
let attached = 0;

const message = (e: HostError): string => (e.code === 'FORBIDDEN' ? `${e.message} ${adviceFor('FORBIDDEN')}` : e.message);
const failed = (reason: string, issues: FieldIssue[] = []): E911Outcome => ({ ok: false, issues, reason });
const invalid = (issues: FieldIssue[]): E911Outcome => ({ ok: false, issues: issues.map(normaliseIssue), reason: null });

/** ["numbers", 0, "number"] → "numbers[0].number", the form the mapping checks use too. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
}

/** The host may name a field inside the request ("address.A6"); the forms know it as "A6". */
function normaliseIssue(i: FieldIssue): FieldIssue {
  return { field: i.field.replace(/^address\./, ''), message: i.message };
}

const seesAlerts = (): boolean => {
  const role = store().settings?.profile.role ?? 'agent';
  return role === 'supervisor' || role === 'admin';
};

/**
 * Start following the agent's location (once, from the App); returns the
 * stop. Safe to call again after a stop (StrictMode mounts twice).
 */
export function attachE911(h: HostApi | null): () => void {
  if (!h) return () => undefined;
  host = h;
  const mine = ++attached;
  const stops: (() => void)[] = [];
  stops.push(h.on('e911.changed', (status) => store().e911StatusChanged(status)));
  // Both hosts report the current connection at once, so this is also the first load; a web host that comes back is asked again.
  stops.push(
    h.onConnectionChange((connected) => {
      if (connected) void refreshE911Status();
    }),
  );
  // Only supervisors and admins are sent e911.emergency; follow the role as it changes (sign-in).
  let stopAlerts: (() => void) | null = null;
  const followRole = () => {
    if (seesAlerts() && !stopAlerts) stopAlerts = h.on('e911.emergency', (alert) => store().emergencyAlertReceived(alert));
    else if (!seesAlerts() && stopAlerts) {
      stopAlerts();
      stopAlerts = null;
    }
  };
  followRole();
  stops.push(useAppStore.subscribe((s, prev) => (s.settings?.profile.role !== prev.settings?.profile.role ? followRole() : undefined)));
  return () => {
    stops.forEach((s) => s());
    stopAlerts?.();
    if (attached === mine) host = null;
  };
}

export async function refreshE911Status(): Promise<void> {
  if (!host) return;
  const r = await host.call('e911.status', {});
  if (r.ok) store().e911StatusChanged(r.value);
  else store().e911StatusFailed(message(r.error));
}

export function openLocationDialog(): void {
  store().locationDialogChanged(true);
}
export function closeLocationDialog(): void {
  store().locationDialogChanged(false);
}

async function confirm(req: MethodRequest<'e911.confirm'>): Promise<E911Outcome> {
  if (!host) return failed(NOT_CONNECTED);
  const r = await host.call('e911.confirm', req);
  if (!r.ok) return failed(message(r.error));
  if (!r.value.confirmed) return invalid(r.value.issues);
  store().e911StatusChanged(r.value.status);
  store().locationDialogChanged(false);
  return { ok: true };
}

/** "I am here": a location the admin registered (the network's match or one of its candidates). */
export function confirmLocation(locationId: string): Promise<E911Outcome> {
  return confirm({ locationId });
}

/** "I am somewhere else": checked here for instant feedback, then by the host. */
export async function confirmAddress(fields: AddressInput): Promise<E911Outcome> {
  const v = validateCivicAddress(fields);
  if (!v.ok) return invalid(v.issues);
  return confirm({ address: v.address });
}

/** Keep the location in force: by id when it was a registered one, else the address itself. */
export function confirmPreviousLocation(): Promise<E911Outcome> {
  const location = store().e911Status?.location;
  if (!location) return Promise.resolve(failed('There is no previous location to keep.'));
  return location.locationId ? confirmLocation(location.locationId) : confirmAddress(location.address);
}

// ---- admin ----

export async function loadE911Config(): Promise<E911Outcome> {
  if (!host) return failed(NOT_CONNECTED);
  const r = await host.call('e911.config', {});
  if (!r.ok) return failed(message(r.error));
  store().e911ConfigLoaded(r.value);
  return { ok: true };
}

type ConfigResult = { saved: true; config: E911ConfigView } | { saved: false; issues: FieldIssue[] };

function applied(result: ConfigResult): E911Outcome {
  if (!result.saved) return invalid(result.issues);
  store().e911ConfigLoaded(result.config);
  void loadE911Audit(); // the change is in the audit log now
  return { ok: true };
}

export async function saveEmergencyLocation(id: string, fields: AddressInput): Promise<E911Outcome> {
  const issues: FieldIssue[] = [];
  if (!ID.test(id.trim())) issues.push({ field: 'id', message: 'use up to 64 letters, digits, dots, dashes or underscores' });
  const v = validateCivicAddress(fields);
  if (!v.ok) issues.push(...v.issues);
  if (issues.length > 0 || !v.ok) return invalid(issues);
  if (!host) return failed(NOT_CONNECTED);
  const r = await host.call('e911.saveLocation', { id: id.trim(), address: v.address });
  return r.ok ? applied(r.value) : failed(message(r.error));
}

export async function removeEmergencyLocation(id: string): Promise<E911Outcome> {
  if (!host) return failed(NOT_CONNECTED);
  const r = await host.call('e911.removeLocation', { id });
  return r.ok ? applied(r.value) : failed(message(r.error));
}

export type ImportOutcome = { ok: true; report: LocationImportReport } | { ok: false; reason: string };

export async function importLocationsCsv(csv: string): Promise<ImportOutcome> {
  if (!host) return { ok: false, reason: NOT_CONNECTED };
  const r = await host.call('e911.importLocations', { csv });
  if (!r.ok) return { ok: false, reason: message(r.error) };
  store().e911Imported(r.value.report, r.value.config);
  void loadE911Audit();
  return { ok: true, report: r.value.report };
}

export async function importLocationsFile(file: File): Promise<ImportOutcome> {
  let csv: string;
  try {
    csv = await file.text();
  } catch (e) {
    return { ok: false, reason: `Could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}` };
  }
  return importLocationsCsv(csv);
}

/** Each key given replaces that part of the setup (mappings, numbers, route, default callback, alert targets). */
export async function saveE911Config(patch: ConfigPatch): Promise<E911Outcome> {
  // The host parses numbers, route and alert targets with the contract's schema: checked here too, so the admin sees fields, not INVALID_REQUEST.
  const parsed = BRIDGE_METHODS['e911.saveConfig'].request.safeParse(patch);
  const issues: FieldIssue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
  if (patch.mappings) issues.push(...checkNetworkMappings(patch.mappings).map((i) => ({ field: `mappings.${i.field}`, message: i.message })));
  if (issues.length > 0) return invalid(issues);
  if (!host) return failed(NOT_CONNECTED);
  const r = await host.call('e911.saveConfig', patch);
  return r.ok ? applied(r.value) : failed(message(r.error));
}

/** An id for an alert target the admin is adding (the host keys its token in the vault by it). */
export function newAlertTargetId(): string {
  return `target-${Date.now().toString(36)}-${Math.floor(Math.random() * 1296).toString(36)}`;
}

export async function loadE911Audit(limit = AUDIT_LIMIT): Promise<E911Outcome> {
  if (!host) return failed(NOT_CONNECTED);
  const r = await host.call('e911.audit', { limit });
  if (!r.ok) return failed(message(r.error));
  store().e911AuditLoaded(r.value);
  return { ok: true };
}

export type ExportOutcome = { ok: true; filename: string; entries: number } | { ok: false; reason: string };

/** The audit log as a file the browser downloads, named by the host. */
export async function exportE911Audit(format: 'csv' | 'json'): Promise<ExportOutcome> {
  if (!host) return { ok: false, reason: NOT_CONNECTED };
  const r = await host.call('e911.exportAudit', { format });
  if (!r.ok) return { ok: false, reason: message(r.error) };
  const { filename, mime, text, entries } = r.value;
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started; a minute is ample for the browser to take it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { ok: true, filename, entries };
}
