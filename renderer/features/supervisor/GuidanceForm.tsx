import { useEffect, useState, type FormEvent } from 'react';
import { GUIDANCE_TEXT_MAX } from '../../../shared/contract/feed-bridge';
import { sendGuidance } from '../../controllers/supervisor-controller';

type Status = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent' } | { kind: 'failed'; reason: string };

/** A short note to the AI of a live session ("offer a callback", "transfer now"); the platform shows it and acts on it. */
export function GuidanceForm({ sessionId, ended }: { sessionId: string; ended: boolean }) {
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  // Another session, another note.
  useEffect(() => {
    setText('');
    setStatus({ kind: 'idle' });
  }, [sessionId]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus({ kind: 'sending' });
    const r = await sendGuidance(sessionId, text);
    if (r.ok) {
      setText('');
      setStatus({ kind: 'sent' });
    } else setStatus({ kind: 'failed', reason: r.reason });
  };
  const inputId = `guidance-${sessionId}`;
  return (
    <form className="guidance-form" aria-label="Guidance to the AI" onSubmit={(e) => void submit(e)}>
      <label htmlFor={inputId}>Guidance</label>
      <input
        id={inputId}
        type="text"
        autoComplete="off"
        maxLength={GUIDANCE_TEXT_MAX}
        placeholder={ended ? 'The session has ended.' : 'A short note to the AI, e.g. "Offer a callback"'}
        value={text}
        disabled={ended}
        onChange={(e) => {
          setText(e.target.value);
          if (status.kind !== 'sending') setStatus({ kind: 'idle' });
        }}
        aria-invalid={status.kind === 'failed' ? true : undefined}
      />
      <button type="submit" disabled={ended || status.kind === 'sending'}>
        Send guidance
      </button>
      {status.kind === 'sent' && (
        <span className="guidance-sent" role="status">
          Sent
        </span>
      )}
      {status.kind === 'failed' && (
        <p className="field-error" role="alert">
          {status.reason}
        </p>
      )}
    </form>
  );
}
