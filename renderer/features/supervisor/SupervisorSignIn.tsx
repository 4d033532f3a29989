import { useState, type FormEvent } from 'react';
import { signInAsSupervisor } from '../../controllers/supervisor-controller';
import { useAppStore } from '../../store/app-store';

/** For an agent's seat: take the supervisor role with the token the admin handed out. */
export function SupervisorSignIn({ onDone }: { onDone?: () => void }) {
  const role = useAppStore((s) => s.settings?.profile.role ?? 'agent');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (role !== 'agent') return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await signInAsSupervisor(token);
    setBusy(false);
    if (!r.ok) setError(r.reason);
    else {
      setToken('');
      onDone?.();
    }
  };
  return (
    <form className="supervisor-sign-in" aria-label="Sign in as supervisor" onSubmit={(e) => void submit(e)}>
      <h3>Supervisor console</h3>
      <div className="field">
        <label htmlFor="supervisor-token">Supervisor token</label>
        <input id="supervisor-token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} aria-invalid={error ? true : undefined} />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        Sign in as supervisor
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
