import { useCallback, useState } from 'react';
import { completeTransfer, hangup, setHold, setMute } from '../../controllers/call-actions';
import { selectActiveCall, useAppStore } from '../../store/app-store';
import type { CallView } from '../../store/calls-slice';
import { CallTimer } from './CallTimer';
import { Keypad } from './Keypad';
import { SHORTCUTS } from './shortcuts';
import { TransferPanel } from './TransferPanel';
import { useCallShortcuts } from './useCallShortcuts';
import { QualityDetails } from '../quality/QualityDetails';
import { QualityMeter } from '../quality/QualityMeter';
import { QualityWarnings } from '../quality/QualityWarnings';
import { RecordingStatus } from './RecordingStatus';

function stateText(c: CallView): string {
  const { phase, hold, remoteHold } = c.state;
  if (phase === 'dialing') return 'Calling…';
  if (phase === 'ringing-out') return 'Ringing…';
  if (phase === 'connecting') return 'Connecting…';
  if (phase !== 'connected') return 'Ended';
  if (hold === 'holding') return 'Putting on hold…';
  if (hold === 'resuming') return 'Resuming…';
  if (hold === 'held') return 'On hold';
  if (remoteHold) return 'On hold by the other party';
  return 'Connected';
}

export function CurrentCall() {
  const call = useAppStore(selectActiveCall);
  const [panel, setPanel] = useState<'none' | 'keypad' | 'transfer'>('none');
  const [details, setDetails] = useState(false);
  const toggle = useCallback((p: 'keypad' | 'transfer') => setPanel((cur) => (cur === p ? 'none' : p)), []);
  useCallShortcuts(useCallback(() => toggle('keypad'), [toggle]));
  if (!call) return null;
  const connected = call.state.phase === 'connected';
  const held = call.state.hold === 'held' || call.state.hold === 'holding';
  const holdBusy = call.state.hold === 'holding' || call.state.hold === 'resuming';
  return (
    <section className="current-call" aria-label="Current call">
      <div className="party">
        <strong>{call.remoteName || call.remoteUri}</strong>
        <span className="uri">{call.remoteUri.replace(/^sips?:/, '')}</span>
        {call.consultOf && <span className="badge">Consult call (transfer in progress)</span>}
      </div>
      <div className="call-state">
        <span className={`phase phase-${call.state.phase} hold-${call.state.hold}`}>{stateText(call)}</span>
        {call.answeredAt && <CallTimer since={call.answeredAt} />}
        {call.codec && <span className="codec" aria-label="Codec">{call.codec}</span>}
        {connected && <QualityMeter callId={call.id} />}
        <RecordingStatus callId={call.id} />
        {connected && (
          <button type="button" className="link" aria-expanded={details} onClick={() => setDetails((v) => !v)}>
            Quality details
          </button>
        )}
      </div>
      {connected && <QualityWarnings callId={call.id} />}
      {connected && details && <QualityDetails callId={call.id} />}
      {call.muted && (
        <div className="muted-banner" role="status" aria-label="Microphone">
          Muted: the caller cannot hear you
        </div>
      )}
      {call.notice && (
        <p className="call-notice" role="status" aria-label="Call notice">
          {call.notice}
        </p>
      )}
      {call.transfer && (
        <p className={`transfer-status transfer-${call.transfer.progress}`} role="status" aria-label="Transfer">
          {call.transfer.text}
        </p>
      )}
      {call.receivedDigits && (
        <p className="digits">
          Digits received: <span aria-label="Received digits">{call.receivedDigits}</span>
        </p>
      )}
      <div className="controls" role="group" aria-label="Call controls">
        <button type="button" disabled={!connected || holdBusy} onClick={() => setHold(call.id, !held)} title={`${held ? 'Resume' : 'Hold'} (${SHORTCUTS.hold.label})`} aria-keyshortcuts={SHORTCUTS.hold.aria}>
          {held ? 'Resume' : 'Hold'}
        </button>
        <button type="button" disabled={!connected} onClick={() => setMute(call.id, !call.muted)} title={`${call.muted ? 'Unmute' : 'Mute'} (${SHORTCUTS.mute.label})`} aria-keyshortcuts={SHORTCUTS.mute.aria} className={call.muted ? 'active' : ''}>
          {call.muted ? 'Unmute' : 'Mute'}
        </button>
        <button type="button" disabled={!connected} aria-expanded={panel === 'keypad'} onClick={() => toggle('keypad')} title={`Keypad (${SHORTCUTS.keypad.label})`} aria-keyshortcuts={SHORTCUTS.keypad.aria}>
          Keypad
        </button>
        {call.consultOf ? (
          <button type="button" className="primary" disabled={!connected} onClick={() => completeTransfer(call.id)}>
            Complete transfer
          </button>
        ) : (
          <button type="button" disabled={!connected} aria-expanded={panel === 'transfer'} onClick={() => toggle('transfer')}>
            Transfer
          </button>
        )}
        <button type="button" className="danger" onClick={() => hangup(call.id)} title={`Hang up (${SHORTCUTS.hangup.label})`} aria-keyshortcuts={SHORTCUTS.hangup.aria}>
          Hang up
        </button>
      </div>
      {panel === 'keypad' && connected && <Keypad callId={call.id} />}
      {panel === 'transfer' && connected && !call.consultOf && <TransferPanel callId={call.id} onDone={() => setPanel('none')} />}
    </section>
  );
}
