import { useState, type FormEvent } from 'react';
import { eraseNumber } from '../../controllers/cdr-controller';
import { useAppStore } from '../../store/app-store';
import type { ErasureResult } from '../../store/cdr-slice';
import { BillingField } from './BillingField';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function erasedText(r: ErasureResult, number: string): string {
  return `Erased everything about ${number}: ${count(r.cdrs, 'call record', 'call records')}, ${count(r.recordings, 'recording', 'recordings')} and ${count(r.sessions, 'AI session', 'AI sessions')} (audit entry ${r.auditId}).`;
}

/** Admins: a caller's right to erasure (GDPR/CCPA), for one number at a time. */
export function EraseNumber() {
  const [number, setNumber] = useState('');
  const [erased, setErased] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const result = useAppStore((s) => s.erasure);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const target = number.trim();
    setBusy(true);
    setError(null);
    void eraseNumber(target).then((r) => {
      setBusy(false);
      setErased(r.ok ? target : null);
      setError(r.ok ? null : r.reason);
    });
  };
  return (
    <section className="billing-section" aria-labelledby="erase-title">
      <h3 id="erase-title">Erase a caller's data</h3>
      <form onSubmit={submit} noValidate aria-labelledby="erase-title">
        <BillingField
          id="erase-number"
          type="tel"
          label="Number to erase"
          value={number}
          onChange={setNumber}
          help="Every call record, context, note, recording and AI session with this number. This cannot be undone."
          error={error ?? undefined}
        />
        <button type="submit" className="danger" disabled={busy}>
          Erase everything about this number
        </button>
      </form>
      {result && erased && (
        <p className="saved" role="status" aria-label="Erasure">
          {erasedText(result, erased)}
        </p>
      )}
    </section>
  );
}
