import type { BoardState, Sentiment } from '../../../shared/feed/session-board';
import type { SessionOutcome } from '../../../shared/feed/feed-event';
import { formatDuration } from '../call/CallTimer';

export { formatDuration };

export const STATE_LABEL: Record<BoardState, string> = { talking: 'Talking', transferring: 'Transferring', 'on-hold': 'On hold', ended: 'Ended' };
export const SENTIMENT_LABEL: Record<Sentiment, string> = { positive: 'positive', neutral: 'neutral', negative: 'negative', mixed: 'mixed' };
export const OUTCOME_LABEL: Record<SessionOutcome, string> = { resolved: 'Resolved', transferred: 'Transferred', abandoned: 'Abandoned', failed: 'Failed' };
export const SPEAKER_LABEL = { caller: 'Caller', ai: 'AI', agent: 'Agent', supervisor: 'Supervisor' } as const;

/** "Resolved by AI" when nobody human took the call: the figure supervisors track. */
export function outcomeText(outcome: SessionOutcome | null, transferred: boolean): string {
  if (outcome === null) return 'Still open';
  if (outcome === 'resolved' && !transferred) return 'Resolved by AI';
  return OUTCOME_LABEL[outcome];
}

export const percent = (v: number | null): string => (v === null ? '–' : `${Math.round(v * 100)}%`);
export const mos = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : v.toFixed(1));
export const clock = (at: string | number): string => new Date(at).toLocaleTimeString();
export const dateTime = (at: string | number): string => new Date(at).toLocaleString();
/** "sip:alice@pbx.example.com" reads as "alice@pbx.example.com". */
export const agentName = (aor: string | null): string => (aor ? aor.replace(/^sips?:/i, '') : '–');
