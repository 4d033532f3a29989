import type { TransferContext } from '../../../shared/context/transfer-context';

type Turn = NonNullable<TransferContext['transcript']>[number];
const SPEAKER = { caller: 'Caller', ai: 'AI', agent: 'Agent', system: 'System' } as const;

/** The AI conversation, collapsed by default: the summary is what the agent reads first. */
export function Transcript({ turns }: { turns: Turn[] }) {
  return (
    <details className="transcript">
      <summary>Transcript ({turns.length} turns)</summary>
      <ol>
        {turns.map((t, i) => (
          <li key={i} className={`speaker-${t.speaker ?? 'system'}`}>
            <span className="who">{t.speaker ? SPEAKER[t.speaker] : 'Unknown'}</span>
            {t.at && <time dateTime={t.at}>{new Date(t.at).toLocaleTimeString()}</time>}
            <span className="text">{t.text}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
