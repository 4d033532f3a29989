import { summarizeCallQuality, type CallQualitySummary } from '../../shared/quality/call-quality-summary';
import { stepQuality, type QualityState } from '../../shared/quality/quality-monitor';
import { snapshotFromStats } from '../../shared/quality/stats-snapshot';
import { qualityThresholds } from '../../shared/quality/thresholds';
import type { WarningId } from '../../shared/quality/advice';
import type { PhonePort } from '../../shared/telephony/phone-port';
import type { Clock } from '../telephony/background-clock';
import { useAppStore } from '../store/app-store';

/**
 * The live call-quality meter: reads each connected call's statistics from
 * the telephony adapter at the configured interval (default 1 s, as Twilio
 * does), runs the pure quality engine (shared/quality) and puts the sample in
 * the store. Uses the background clock, so a hidden window keeps measuring and
 * the call's summary stays complete.
 */
type Monitor = { state: QualityState | null; cancel: (() => void) | null; stopped: boolean; active: Set<WarningId> };

const monitors = new Map<string, Monitor>();
const store = () => useAppStore.getState();

export type QualityEnv = { phone: () => PhonePort | null; clock: Clock; log: (level: 'info' | 'warn', message: string) => void };
let env: QualityEnv | null = null;

export function configureQualityController(e: QualityEnv): void {
  env = e;
}

const intervalMs = (): number => store().settings?.preferences.qualitySampleMs ?? 1000;

/** Start measuring a call once it is connected; calling it again is harmless. */
export function watchCallQuality(callId: string): void {
  if (!env || monitors.has(callId) || intervalMs() === 0) return;
  const m: Monitor = { state: null, cancel: null, stopped: false, active: new Set() };
  monitors.set(callId, m);
  void sample(callId, m);
}

async function sample(callId: string, m: Monitor): Promise<void> {
  const e = env;
  if (!e || m.stopped) return;
  try {
    const rows = await e.phone()?.callStats(callId);
    const call = store().calls[callId];
    if (rows && call && !m.stopped) {
      const ctx = { muted: call.muted, onHold: call.state.hold !== 'active' || call.state.remoteHold };
      const thresholds = qualityThresholds(store().settings?.preferences.qualityThresholds ?? {});
      const { state, sample: s } = stepQuality(m.state, snapshotFromStats(rows, Date.now()), ctx, thresholds);
      m.state = state;
      store().qualitySampled(callId, s);
      logTransitions(e, callId, m, new Set(s.warnings.map((w) => w.id)), s.warnings);
    }
  } catch (err) {
    e.log('warn', `quality sample failed on call ${callId}: ${(err as Error).message}`);
  }
  const every = intervalMs();
  if (!m.stopped && every > 0) m.cancel = e.clock.after(every, () => void sample(callId, m));
}

/** Warnings go to the log when raised and cleared, so support can line them up with complaints. */
function logTransitions(e: QualityEnv, callId: string, m: Monitor, now: Set<WarningId>, warnings: readonly { id: WarningId; advice: string }[]): void {
  for (const w of warnings) if (!m.active.has(w.id)) e.log('warn', `call ${callId}: quality warning ${w.id}: ${w.advice}`);
  for (const id of m.active) if (!now.has(id)) e.log('info', `call ${callId}: quality warning ${id} cleared`);
  m.active = now;
}

/** Stop measuring a call and return its quality summary (null when it never had media). */
export function finishCallQuality(callId: string): CallQualitySummary | null {
  const m = monitors.get(callId);
  monitors.delete(callId);
  store().qualityCleared(callId);
  if (!m) return null;
  m.stopped = true;
  m.cancel?.();
  if (!m.state || m.state.totals === undefined) return null;
  const summary = summarizeCallQuality(m.state);
  return summary.samples > 0 ? summary : null;
}
