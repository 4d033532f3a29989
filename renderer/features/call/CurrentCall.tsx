import { hangup } from '../../controllers/phone-controller';
import { selectActiveCall, useAppStore } from '../../store/app-store';
import type { CallView } from '../../store/calls-slice';
import { CallTimer } from './CallTimer';

const PHASE_TEXT: Record<CallView['phase'], string> = {
  dialing: 'Calling…',
  'ringing-out': 'Ringing…',
  'ringing-in': 'Incoming…',
  connecting: 'Connecting…',
  connected: 'Connected',
  ended: 'Ended',
};

export function CurrentCall() {
  const call = useAppStore(selectActiveCall);
  if (!call) return null;
  return (
    <section className="current-call" aria-label="Current call">
      <div className="party">
        <strong>{call.remoteName || call.remoteUri}</strong>
        <span className="uri">{call.remoteUri.replace(/^sips?:/, '')}</span>
      </div>
      <div className="call-state">
        <span className={`phase phase-${call.phase}`}>{PHASE_TEXT[call.phase]}</span>
        {call.answeredAt && <CallTimer since={call.answeredAt} />}
      </div>
      <button type="button" className="danger" onClick={() => hangup(call.id)}>
        Hang up
      </button>
    </section>
  );
}
