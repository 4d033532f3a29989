import { useAppStore } from '../../store/app-store';

/** Problems the host reported (corrupt settings moved aside, vault trouble), each with what to do next. */
export function Notices() {
  const notices = useAppStore((s) => s.notices);
  const hostConnected = useAppStore((s) => s.hostConnected);
  const dismiss = useAppStore((s) => s.dismissNotice);
  const hostKind = useAppStore((s) => s.hostInfo?.kind);
  return (
    <div className="notices">
      {!hostConnected && hostKind !== 'electron' && (
        <div className="notice warning" role="alert">
          Lost contact with the Warmline host; reconnecting. Calls in progress continue. If this persists, restart `npm run web`.
        </div>
      )}
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.level}`} role="alert">
          <p>{n.message}</p>
          {n.advice && <p className="advice">{n.advice}</p>}
          <button type="button" onClick={() => dismiss(n.id)} aria-label="Dismiss notice">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
