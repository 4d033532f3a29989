import { useState } from 'react';
import { saveCallNotes } from '../../controllers/cdr-controller';

/** After-call work: notes can be completed once the call is over. */
export function HistoryNotes({ id, notes }: { id: string; notes: string }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(notes);
  const [error, setError] = useState<string | null>(null);
  if (!editing) {
    return (
      <div className="history-notes">
        {notes && <p className="notes-text">{notes}</p>}
        <button type="button" className="link" onClick={() => { setDraft(notes); setEditing(true); }}>
          {notes ? 'Edit notes' : 'Add notes'}
        </button>
      </div>
    );
  }
  return (
    <div className="history-notes">
      <textarea aria-label="Notes for this call" rows={3} value={draft} maxLength={10_000} onChange={(e) => setDraft(e.target.value)} />
      {error && <p role="alert" className="field-error">{error}</p>}
      <button type="button" onClick={() => void saveCallNotes(id, draft).then((ok) => (ok ? setEditing(false) : setError('Notes were not saved; check the host connection and try again.')))}>
        Save notes
      </button>
      <button type="button" className="link" onClick={() => setEditing(false)}>Cancel</button>
    </div>
  );
}
