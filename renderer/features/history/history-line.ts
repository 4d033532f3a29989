import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Cdr } from '../../../shared/contract/cdr';
import type { TransferContext } from '../../../shared/context/transfer-context';
import { talkSeconds, type CallOutcome, type CallRecord } from '../../../shared/history/call-record';
import type { CallQualitySummary } from '../../../shared/quality/call-quality-summary';
import { useAppStore } from '../../store/app-store';
import { formatDuration } from '../call/CallTimer';

/** One line of the history list, whether it came from the host's CDRs or (before they answer) the local call history. */
export type HistoryLine = {
  id: string;
  direction: 'inbound' | 'outbound';
  who: string;
  /** The other party's address, without the sip: scheme. */
  remote: string;
  outcome: CallOutcome | null;
  /** "Answered", "Failed · Interrupted", "In progress". */
  outcomeText: string;
  /** Talk time for a call that connected, otherwise why it did not. */
  detail: string;
  provider: string | null;
  cost: string | null;
  recorded: boolean;
  startedAt: string;
  context: TransferContext | null;
  quality: CallQualitySummary | null;
  notes: string;
  notesEditable: boolean;
};

export const OUTCOME_TEXT: Record<CallOutcome, string> = {
  answered: 'Answered',
  missed: 'Missed',
  declined: 'Declined',
  cancelled: 'Cancelled',
  failed: 'Failed',
  busy: 'Busy',
};

const bare = (uri: string) => uri.replace(/^sips?:/, '');

function lineOfCdr(r: Cdr): HistoryLine {
  const remote = r.direction === 'inbound' ? r.from : r.to;
  const outcomeText = [
    r.outcome ? OUTCOME_TEXT[r.outcome] : r.state === 'in-progress' ? 'In progress' : null,
    r.state === 'interrupted' ? 'Interrupted' : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const talked = r.outcome === 'answered' || r.durationSec > 0;
  return {
    id: r.id,
    direction: r.direction,
    who: r.context?.caller?.name || r.remoteName || bare(remote),
    remote: bare(remote),
    outcome: r.outcome,
    outcomeText,
    detail: talked ? formatDuration(r.durationSec * 1000) : r.hangupCause || (r.sipStatus !== null ? String(r.sipStatus) : ''),
    provider: r.providerName || r.provider || null,
    cost: r.cost !== null ? `${r.cost}${r.currency ? ` ${r.currency}` : ''}` : null,
    recorded: r.recording === 'recorded',
    startedAt: r.startedAt,
    context: r.context,
    quality: r.quality,
    notes: r.notes,
    notesEditable: r.outcome === 'answered' && (r.direction === 'inbound' || r.notes !== ''),
  };
}

function lineOfRecord(r: CallRecord): HistoryLine {
  return {
    id: r.id,
    direction: r.direction,
    who: r.context?.caller?.name || r.remoteName || bare(r.remote),
    remote: bare(r.remote),
    outcome: r.outcome,
    outcomeText: OUTCOME_TEXT[r.outcome],
    detail: r.outcome === 'answered' ? formatDuration(talkSeconds(r) * 1000) : r.reason,
    provider: null,
    cost: null,
    recorded: r.facts.recording === 'recorded',
    startedAt: r.startedAt,
    context: r.context,
    quality: r.quality,
    notes: r.notes,
    notesEditable: r.outcome === 'answered' && (r.direction === 'inbound' || r.notes !== ''),
  };
}

/** The host's CDRs once cdr.query has answered; until then (or on a host without CDRs) the local history. */
export function useHistoryLines(): HistoryLine[] {
  const { loaded, rows, history } = useAppStore(useShallow((s) => ({ loaded: s.cdrLoaded, rows: s.cdrRows, history: s.history })));
  return useMemo(() => (loaded ? rows.map(lineOfCdr) : history.map(lineOfRecord)), [loaded, rows, history]);
}
