import { useState } from 'react';
import { exportDiagnostics } from '../../controllers/diagnostics-export';

/** "Export diagnostics" for support: logs (redacted), settings without secrets, the last calls' quality. */
export function ExportDiagnostics() {
  const [state, setState] = useState<{ busy: boolean; text: string | null }>({ busy: false, text: null });
  const run = async () => {
    setState({ busy: true, text: null });
    const r = await exportDiagnostics();
    setState({ busy: false, text: r.ok ? `Saved ${r.path} (${Math.round(r.bytes / 1024)} KB): attach it to your support request.` : `Not exported: ${r.reason}` });
  };
  return (
    <section className="panel" aria-label="Diagnostics for support">
      <h2>Diagnostics for support</h2>
      <button type="button" onClick={() => void run()} disabled={state.busy}>
        {state.busy ? 'Exporting…' : 'Export diagnostics'}
      </button>
      {state.text && <p role="status">{state.text}</p>}
    </section>
  );
}
