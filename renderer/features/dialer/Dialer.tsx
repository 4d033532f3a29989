import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { describeDialQueue, dialQueueStatus, subscribeDialQueue } from '../../controllers/dial-queue';
import { clearDialError, dial } from '../../controllers/call-actions';
import { selectActiveCall, useAppStore } from '../../store/app-store';

export function Dialer() {
  const [input, setInput] = useState('');
  const dialError = useAppStore((s) => s.dialError);
  const lastFailure = useAppStore((s) => s.lastFailure);
  const busy = useAppStore((s) => selectActiveCall(s) !== null);
  const prefill = useAppStore((s) => s.dialPrefill);
  const queue = useSyncExternalStore(subscribeDialQueue, dialQueueStatus);
  const queued = describeDialQueue(queue);
  // A tel:/sip: link fills the field; it never places the call by itself.
  useEffect(() => {
    if (prefill === null) return;
    setInput(prefill);
    useAppStore.getState().setDialPrefill(null);
  }, [prefill]);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (dial(input)) setInput('');
  };
  return (
    <form className="dialer" onSubmit={onSubmit} aria-label="Dialer">
      <label htmlFor="dial-input">Number to dial</label>
      <div className="row">
        <input
          id="dial-input"
          type="text"
          inputMode="tel"
          autoComplete="off"
          placeholder="+1 415 555 0100, extension, or sip:name@domain"
          value={input}
          disabled={busy}
          aria-invalid={dialError ? true : undefined}
          aria-describedby={dialError ? 'dial-error' : undefined}
          onChange={(e) => {
            setInput(e.target.value);
            clearDialError();
          }}
        />
        <button type="submit" className="primary" disabled={busy}>
          Call
        </button>
      </div>
      {dialError && (
        <div id="dial-error" role="alert" className="field-error">
          {dialError}
        </div>
      )}
      {queued && (
        <p role="status" aria-label="Dial queue" className="advice">
          {queued}
        </p>
      )}
      {lastFailure && !dialError && (
        <p className="call-failure">
          Call to {lastFailure.remote.replace(/^sips?:/, '')} failed: {lastFailure.reason}
        </p>
      )}
    </form>
  );
}
