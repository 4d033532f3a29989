import { useState } from 'react';
import { openLab } from '../../controllers/lab-controller';
import { AccountForm } from './AccountForm';

/**
 * The first screen with no account: connect to your own PBX, or open the Lab
 * (a local PBX with simulated AI callers) to see a warm transfer right away.
 */
export function FirstRun() {
  const [lab, setLab] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const start = () => {
    setLab({ busy: true, error: null });
    void openLab().then((r) => setLab({ busy: false, error: r.ok ? null : r.reason }));
  };
  return (
    <div className="first-run">
      <section className="first-run-lab" aria-label="Try the Lab">
        <h2>Open the Lab</h2>
        <p>
          No PBX or account needed: the Lab runs a small PBX on this computer with simulated AI voice agents. They take
          simulated callers and warm-transfer some of them to you, with everything they collected.
        </p>
        <button type="button" className="primary" onClick={start} disabled={lab.busy} aria-busy={lab.busy}>
          {lab.busy ? 'Starting the Lab…' : 'Open the Lab'}
        </button>
        {lab.error && (
          <p className="error" role="alert">
            {lab.error}
          </p>
        )}
      </section>
      <section className="first-run-pbx" aria-label="Connect to your PBX">
        <h2>Connect to your PBX</h2>
        <p>Enter the SIP-over-WebSocket details your administrator gave you.</p>
        <AccountForm onDone={() => undefined} />
      </section>
    </div>
  );
}
