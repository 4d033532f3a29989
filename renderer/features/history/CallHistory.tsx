import { useShallow } from 'zustand/react/shallow';
import { loadMoreCdrs } from '../../controllers/cdr-controller';
import { useAppStore } from '../../store/app-store';
import { HistoryExport } from './HistoryExport';
import { HistoryFilters } from './HistoryFilters';
import { HistoryItem } from './HistoryItem';
import { useHistoryLines } from './history-line';

export function CallHistory() {
  const lines = useHistoryLines();
  const { loaded, loading, error, total, filtered } = useAppStore(
    useShallow((s) => ({ loaded: s.cdrLoaded, loading: s.cdrLoading, error: s.cdrError, total: s.cdrTotal, filtered: Object.keys(s.cdrFilter).length > 0 })),
  );
  // The host enforces the role; an agent would only be refused.
  const supervisor = useAppStore((s) => (s.settings?.profile.role ?? 'agent') !== 'agent');
  return (
    <section className="history" aria-labelledby="history-title" aria-busy={loading || undefined}>
      <h2 id="history-title">Recent calls</h2>
      <HistoryFilters />
      {supervisor && <HistoryExport />}
      {error && (
        <p className="field-error" role="alert">
          {loaded ? `Call records could not be loaded: ${error}` : `Call records are unavailable (${error}); showing this desk's recent calls.`}
        </p>
      )}
      {lines.length === 0 && <p className="empty">{filtered ? 'No calls match these filters.' : 'No calls yet.'}</p>}
      <ul aria-label="Call history">
        {lines.map((l) => (
          <HistoryItem key={l.id} line={l} />
        ))}
      </ul>
      {loaded && lines.length < total && (
        <button type="button" className="load-more" disabled={loading} onClick={() => void loadMoreCdrs()}>
          Load more
        </button>
      )}
    </section>
  );
}
