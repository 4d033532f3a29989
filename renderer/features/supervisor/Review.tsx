import { useEffect, useState, type FormEvent } from 'react';
import { exportReviewCsv, openPastSession, searchReview, type ExportResult } from '../../controllers/supervisor-controller';
import { useAppStore } from '../../store/app-store';
import { REVIEW_OUTCOMES, type ReviewFilters, type ReviewOutcome } from '../../store/supervisor-slice';
import { agentName, dateTime, formatDuration, outcomeText } from './format';
import { PastSession } from './PastSession';

const OUTCOME_CHOICE: Record<ReviewOutcome, string> = {
  any: 'Any outcome',
  'resolved-by-ai': 'Resolved by AI',
  transferred: 'Transferred',
  abandoned: 'Abandoned',
  failed: 'Failed',
  open: 'Still open',
};

/** The "Review" tab: past sessions by time, number, intent, outcome and agent; one opened in full; CSV export. */
export function Review() {
  const status = useAppStore((s) => s.review.status);
  const applied = useAppStore((s) => s.review.filters);
  const [filters, setFilters] = useState<ReviewFilters>(applied);
  useEffect(() => {
    if (status === 'idle') void searchReview(filters);
    // Only the first time the tab opens: later searches are the supervisor's.
  }, []);
  const set = (k: keyof ReviewFilters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void searchReview(filters);
  };
  const field = (k: 'from' | 'to' | 'number' | 'intent' | 'agent', label: string, type = 'text', placeholder = '') => (
    <div className="field">
      <label htmlFor={`review-${k}`}>{label}</label>
      <input id={`review-${k}`} type={type} value={filters[k]} onChange={set(k)} placeholder={placeholder} />
    </div>
  );
  return (
    <main className="supervisor review">
      <form className="review-filters" role="search" aria-label="Search past sessions" onSubmit={submit}>
        {field('from', 'From', 'datetime-local')}
        {field('to', 'To', 'datetime-local')}
        {field('number', 'Caller number', 'text', '+14155550100')}
        {field('intent', 'Intent', 'text', 'exact, any case')}
        <div className="field">
          <label htmlFor="review-outcome">Outcome</label>
          <select id="review-outcome" value={filters.outcome} onChange={set('outcome')}>
            {REVIEW_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_CHOICE[o]}
              </option>
            ))}
          </select>
        </div>
        {field('agent', 'Transferred to agent', 'text', 'alice')}
        <div className="review-actions">
          <button type="submit" className="primary">
            Search
          </button>
          <ExportCsv filters={filters} />
        </div>
      </form>
      <div className="review-layout">
        <ReviewResults />
        <PastSession />
      </div>
    </main>
  );
}

function ExportCsv({ filters }: { filters: ReviewFilters }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);
  const run = async () => {
    setBusy(true);
    setResult(await exportReviewCsv(filters));
    setBusy(false);
  };
  return (
    <>
      <button type="button" onClick={() => void run()} disabled={busy}>
        Export CSV
      </button>
      <span className="export-status" role="status" aria-label="Export">
        {busy
          ? 'Exporting…'
          : result?.ok
            ? `Exported ${result.rows} ${result.rows === 1 ? 'session' : 'sessions'}${result.truncated ? ' (truncated: only the newest were exported; narrow the dates for the rest)' : ''}`
            : (result?.reason ?? '')}
      </span>
    </>
  );
}

function ReviewResults() {
  const review = useAppStore((s) => s.review);
  const openId = useAppStore((s) => s.reviewSession?.sessionId ?? null);
  return (
    <section className="review-results">
      {review.status === 'failed' && (
        <p className="field-error" role="alert">
          {review.error}
        </p>
      )}
      <table aria-label="Past sessions" className="review-table">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Caller</th>
            <th scope="col">Number</th>
            <th scope="col">Intent</th>
            <th scope="col">Outcome</th>
            <th scope="col">Transferred to</th>
            <th scope="col">Duration</th>
            <th scope="col">
              <span className="visually-hidden">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {review.sessions.map((s) => (
            <tr key={s.sessionId} className={s.sessionId === openId ? 'open' : undefined} data-session-id={s.sessionId}>
              <td>{dateTime(s.startedAt)}</td>
              <td>{s.caller.name ?? '–'}</td>
              <td>{s.caller.number ?? '–'}</td>
              <td>{s.intent ?? '–'}</td>
              <td>{outcomeText(s.outcome, s.transferred)}</td>
              <td>{s.targetAgent ? agentName(s.targetAgent) : '–'}</td>
              <td>{s.endedAt ? formatDuration(Date.parse(s.endedAt) - Date.parse(s.startedAt)) : 'ongoing'}</td>
              <td>
                <button type="button" onClick={() => void openPastSession(s.sessionId)}>
                  Open
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {review.status === 'loading' && <p className="loading-context">Searching…</p>}
      {review.status === 'ready' && review.sessions.length === 0 && <p className="empty">No session matches.</p>}
      {review.next && review.status !== 'loading' && (
        <button type="button" onClick={() => void searchReview(review.filters, true)}>
          Load more
        </button>
      )}
    </section>
  );
}
