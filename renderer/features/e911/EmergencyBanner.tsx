import type { EmergencyCallPlan } from '../../../shared/contract/e911';
import { useAppStore } from '../../store/app-store';
import type { EmergencyPhase } from '../../store/e911-slice';

const PHASE_TEXT: Record<EmergencyPhase, string> = {
  dialing: 'Calling…',
  connected: 'Connected to emergency services',
  failed: 'The emergency call failed',
  ended: 'The emergency call ended',
};

/** The number dialled, read from the first route (sip:911@…); the plan does not repeat it. */
function dialled(plan: EmergencyCallPlan): string {
  const user = /^sips?:([0-9]{2,6})@/i.exec(plan.routes[0]?.uri ?? '')?.[1];
  return user ?? (plan.test ? '933' : '911');
}

/** While the agent's emergency call lasts: what the dispatcher was told, and how the call is going. */
export function EmergencyBanner() {
  const emergency = useAppStore((s) => s.emergency);
  const clear = useAppStore((s) => s.emergencyCleared);
  if (!emergency) return null;
  const { plan, phase, detail } = emergency;
  const over = phase === 'ended' || phase === 'failed';
  return (
    <section className={`emergency-banner phase-${phase}`} role="alert" aria-label="Emergency call">
      <p className="emergency-title">
        {plan.test ? `Test call (${dialled(plan)})` : `Emergency call to ${dialled(plan)}`} — location sent: <strong>{plan.locationText}</strong>
        {plan.unconfirmed && <> <span className="marker unconfirmed">UNCONFIRMED</span></>}
      </p>
      <p>Callback number: {plan.callbackNumber ?? 'set by your phone system'}</p>
      <p className="emergency-phase">
        {PHASE_TEXT[phase]}
        {detail && ` — ${detail}`}
      </p>
      {over && (
        <button type="button" onClick={clear}>
          Dismiss
        </button>
      )}
    </section>
  );
}
