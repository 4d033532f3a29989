import type { Sentiment } from '../../../shared/feed/session-board';
import { SENTIMENT_LABEL } from './format';

/** The last few sentiment readings, oldest first, as dots with their words for screen readers. */
export function SentimentTrend({ trend }: { trend: readonly Sentiment[] }) {
  if (trend.length === 0) return <span className="sentiment-trend empty">–</span>;
  return (
    <span className="sentiment-trend" title={trend.map((s) => SENTIMENT_LABEL[s]).join(' → ')}>
      {trend.map((s, i) => (
        <span key={i} className={`sentiment-dot sentiment-${s}`} aria-hidden="true" />
      ))}
      <span className="visually-hidden">Sentiment {trend.map((s) => SENTIMENT_LABEL[s]).join(', then ')}</span>
    </span>
  );
}
