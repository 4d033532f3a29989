import { exportLinkOf, hostKind, startCdrExport } from '../../controllers/cdr-controller';
import { useAppStore } from '../../store/app-store';
import type { CdrExportView } from '../../store/cdr-slice';

/** Supervisors export what the history shows (its filters), streamed by the host to a file. */
export function HistoryExport() {
  const view = useAppStore((s) => s.cdrExport);
  const busy = view !== null && !view.done;
  return (
    <div className="history-export">
      <button type="button" disabled={busy} onClick={() => void startCdrExport('csv')}>
        Export CSV
      </button>
      <button type="button" disabled={busy} onClick={() => void startCdrExport('json')}>
        Export JSON
      </button>
      {view && <ExportStatus view={view} />}
    </div>
  );
}

function ExportStatus({ view }: { view: CdrExportView }) {
  if (view.error) {
    return (
      <p className="field-error" role="alert">
        Export failed: {view.error}
      </p>
    );
  }
  const pct = view.total > 0 ? Math.min(100, Math.round((view.rows / view.total) * 100)) : view.done ? 100 : 0;
  return (
    <div className="export-status">
      <div className="export-progress" role="progressbar" aria-label="Export progress" aria-valuemin={0} aria-valuemax={view.total} aria-valuenow={view.rows}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <span className="export-count">
        {view.rows} of {view.total} {view.total === 1 ? 'call' : 'calls'}
      </span>
      {view.done && view.location && <ExportLocation location={view.location} />}
    </div>
  );
}

function ExportLocation({ location }: { location: string }) {
  const where = exportLinkOf(location, hostKind());
  if (where.kind === 'link') {
    return (
      <a href={where.href} download>
        Download export
      </a>
    );
  }
  return (
    <span className="export-path">
      Saved to <code>{where.path}</code>
    </span>
  );
}
