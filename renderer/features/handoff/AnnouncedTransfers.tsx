import { useAppStore } from '../../store/app-store';

/** Transfers the AI has announced and whose call is about to ring: the screen-pop, rendered ahead. */
export function AnnouncedTransfers() {
  const announced = useAppStore((s) => s.announced);
  if (announced.length === 0) return null;
  return (
    <section className="announced" aria-label="Transfers on their way">
      {announced.map((a) => (
        <article key={a.sessionId} className="announced-transfer">
          <p className="announced-head">
            <strong>{a.context.caller?.name || a.context.caller?.number || 'A caller'}</strong> is being transferred to you by{' '}
            {a.context.aiAgent?.name ?? 'the AI agent'}
            {a.prewarmed && <span className="badge good">Microphone ready</span>}
          </p>
          {a.context.intent && <p className="intent">{a.context.intent}</p>}
          {a.context.summary && <p className="summary-text">{a.context.summary}</p>}
          {a.reason && <p className="reason">Why: {a.reason}</p>}
        </article>
      ))}
    </section>
  );
}
