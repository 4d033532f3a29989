import type { SessionDetail } from '../../../shared/feed/session-board';
import { FactsList } from '../context/FactsList';
import { agentName, percent } from './format';
import { QualitySamples } from './QualitySamples';
import { SessionTranscript } from './SessionTranscript';
import { TransferCard } from './TransferCard';

/** What a session holds, live or past: summary and facts, the transcript, quality, and each transfer. */
export function SessionDetailBody({ detail, live }: { detail: SessionDetail; live: boolean }) {
  const s = detail.summary;
  return (
    <div className="session-detail">
      <dl className="meta">
        <dt>Intent</dt>
        <dd>{s.intent ?? 'not known yet'}</dd>
        <dt>Sentiment</dt>
        <dd>{s.sentiment ?? '–'}</dd>
        <dt>AI confidence</dt>
        <dd>{percent(s.confidence)}</dd>
        {s.aiAgent && (<><dt>AI agent</dt><dd>{s.aiAgent}{s.platformName ? ` (${s.platformName})` : ''}</dd></>)}
        {s.targetQueue && (<><dt>Queue</dt><dd>{s.targetQueue}</dd></>)}
        {s.language && (<><dt>Language</dt><dd>{s.language}</dd></>)}
        {s.transferAgent && s.transferOutcome === 'connected' && (<><dt>With agent</dt><dd>{agentName(s.transferAgent)}</dd></>)}
      </dl>
      <div className="summary" aria-label="AI summary" role="group">
        <span className="label">AI summary</span>
        <p>{s.summary ?? 'No summary yet.'}</p>
      </div>
      {s.facts.length > 0 && <FactsList facts={s.facts} />}
      {detail.transfers.map((t) => (
        <TransferCard key={t.seq} transfer={t} expanded={!live} />
      ))}
      <SessionTranscript transcript={detail.transcript} interim={detail.interim} live={live} />
      <QualitySamples points={detail.quality} />
    </div>
  );
}
