import { useAppStore } from '../../store/app-store';

const time = (at: string): string => {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toLocaleTimeString();
};

/** For supervisors: every emergency call an agent placed, newest first, until dismissed. */
export function EmergencyAlerts() {
  const alerts = useAppStore((s) => s.emergencyAlerts);
  const dismiss = useAppStore((s) => s.emergencyAlertDismissed);
  if (alerts.length === 0) return null;
  return (
    <section className="emergency-alerts" role="alert" aria-label="Emergency calls">
      <ul>
        {alerts.map((a) => (
          <li key={a.emergencyId} className={a.test ? 'test' : undefined}>
            <span>
              {a.test && <><span className="marker test">TEST</span> </>}
              {a.agent.name || a.agent.aor} dialled {a.number} at <time dateTime={a.at}>{time(a.at)}</time> — {a.locationText} — callback{' '}
              {a.callbackNumber ?? 'not given'}
              {a.unconfirmed && <> <span className="marker unconfirmed">UNCONFIRMED</span></>}
            </span>
            <button type="button" onClick={() => dismiss(a.emergencyId)}>
              Dismiss
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
