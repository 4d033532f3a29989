import { answer, decline } from '../../controllers/call-actions';
import { selectRingingCall, useAppStore } from '../../store/app-store';

export function IncomingCall() {
  const call = useAppStore(selectRingingCall);
  if (!call) return null;
  return (
    <section className="incoming-call" aria-label="Incoming call">
      <p className="ringing-label">Incoming call</p>
      <div className="party">
        <strong>{call.remoteName || call.remoteUri}</strong>
        <span className="uri">{call.remoteUri.replace(/^sips?:/, '')}</span>
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={() => answer(call.id)}>
          Answer
        </button>
        <button type="button" className="danger" onClick={() => decline(call.id)}>
          Decline
        </button>
      </div>
    </section>
  );
}
