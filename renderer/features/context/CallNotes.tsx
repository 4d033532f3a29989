import { setCallNotes } from '../../controllers/context-controller';

/** Notes taken during the call; they are saved with the call in history when it ends. */
export function CallNotes({ callId, notes }: { callId: string; notes: string }) {
  return (
    <div className="call-notes">
      <label htmlFor={`notes-${callId}`}>Call notes</label>
      <textarea id={`notes-${callId}`} rows={3} value={notes} maxLength={10_000} onChange={(e) => setCallNotes(callId, e.target.value)} />
    </div>
  );
}
