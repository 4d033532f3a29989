import { useState } from 'react';
import type { AuditEntry } from '../../../shared/contract/e911';
import { exportE911Audit, loadE911Audit } from '../../controllers/e911-controller';
import { useAppStore } from '../../store/app-store';

const summary = (d: AuditEntry['details']): string =>
  Object.entries(d)
    .map(([k, v]) => `${k}: ${v === null ? '–' : String(v)}`)
    .join('; ');

/** Who confirmed what, which admin changed what, every emergency call and alert: newest first, exportable for compliance. */
export function AuditLog() {
  const entries = useAppStore((s) => s.e911Audit);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** Every action shows its progress, then what it did or the host's error. */
  const run = async (progress: string, f: () => Promise<{ ok: true; done: string } | { ok: false; reason: string | null }>) => {
    setBusy(progress);
    setError(null);
    setStatus(null);
    const r = await f();
    setBusy(null);
    if (r.ok) setStatus(r.done);
    else setError(r.reason ?? 'That did not work.');
  };
  const refresh = () => run('Loading…', async () => {
    const r = await loadE911Audit();
    return r.ok ? { ok: true, done: 'Audit log refreshed.' } : r;
  });
  const exportAs = (format: 'csv' | 'json') =>
    run(`Exporting ${format.toUpperCase()}…`, async () => {
      const r = await exportE911Audit(format);
      return r.ok ? { ok: true, done: `Exported ${r.entries} entries to ${r.filename}` } : r;
    });

  const rows = [...entries].sort((a, b) => b.seq - a.seq);
  return (
    <section className="e911-section" aria-labelledby="e911-audit-title">
      <h3 id="e911-audit-title">Audit</h3>
      <div className="review-actions">
        <button type="button" onClick={() => void refresh()} disabled={busy !== null}>
          Refresh
        </button>
        <button type="button" onClick={() => void exportAs('csv')} disabled={busy !== null}>
          Export CSV
        </button>
        <button type="button" onClick={() => void exportAs('json')} disabled={busy !== null}>
          Export JSON
        </button>
        <span className="export-status" role="status" aria-label="Audit export">
          {busy ?? status ?? ''}
        </span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="empty">No audit entries yet.</p>
      ) : (
        <table className="review-table" aria-label="Audit log">
          <thead>
            <tr>
              <th scope="col">At</th>
              <th scope="col">Kind</th>
              <th scope="col">Actor</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.seq}>
                <td>
                  <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
                </td>
                <td>{e.kind}</td>
                <td>{e.actor}</td>
                <td>{summary(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
