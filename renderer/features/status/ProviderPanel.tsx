import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describeCircuit } from '../../../shared/telephony/circuit-breaker';
import { describeSwitch } from '../../../shared/telephony/failover';
import { runFailoverDrill } from '../../controllers/failover-controller';
import { circuitPolicy } from '../../controllers/provider-health';
import { useAppStore } from '../../store/app-store';

const PHASE_HEALTH = { closed: 'good', 'half-open': 'warn', open: 'bad' } as const;

/** Inside the diagnosis panel: every provider in priority order with its circuit, the failovers so far, and the admin's drill. */
export function ProviderPanel() {
  const { providers, activeId, switching, records, drill } = useAppStore(
    useShallow((s) => ({ providers: s.failover.providers, activeId: s.failover.activeId, switching: s.failover.switching, records: s.failover.records, drill: s.failover.drill })),
  );
  const admin = useAppStore((s) => s.settings?.profile.role === 'admin');
  const [drillError, setDrillError] = useState<string | null>(null);
  if (providers.length === 0) return null;
  const label = (id: string) => providers.find((p) => p.id === id)?.label ?? id;
  const now = Date.now();
  const drillPossible = providers.length > 1 && activeId === providers[0]?.id && !switching;
  return (
    <section className="providers" aria-label="Providers">
      <h3>Providers</h3>
      <ul aria-label="Provider circuits">
        {providers.map((p) => (
          <li key={p.id} className={`health-${PHASE_HEALTH[p.circuit.phase]}`} data-provider={p.id} data-circuit={p.circuit.phase} data-active={p.id === activeId}>
            <span className={`dot ${PHASE_HEALTH[p.circuit.phase]}`} aria-hidden="true" /> <strong>{p.label}</strong>
            {p.priority === 0 ? ' (primary)' : ` (backup ${p.priority})`}
            {p.id === activeId ? (switching ? ': registering now' : ': active') : ''} · circuit {p.circuit.phase}: {describeCircuit(p.circuit, now, circuitPolicy())}
            {p.heldDownUntil && p.heldDownUntil > now ? ` · held down by a drill for ${Math.ceil((p.heldDownUntil - now) / 1000)} s` : ''}
          </li>
        ))}
      </ul>
      {records.length > 0 && (
        <ol aria-label="Failovers">
          {records.map((r) => (
            <li key={`${r.completedAt}-${r.to}`} data-kind={r.kind} data-ms={Math.round(r.ms)} data-from={r.from} data-to={r.to}>
              {new Date(r.completedAt).toLocaleTimeString()}: {describeSwitch(r, label)}
            </li>
          ))}
        </ol>
      )}
      {admin && providers.length > 1 && (
        <div className="drill">
          <button
            type="button"
            disabled={!drillPossible}
            onClick={() => {
              const r = runFailoverDrill();
              setDrillError(r.ok ? null : r.reason);
            }}
          >
            Run failover drill
          </button>
          <span role="status" aria-label="Failover drill">
            {drillError ??
              (drill
                ? drill.result
                  ? `${label(drill.accountId)} marked down until ${new Date(drill.until).toLocaleTimeString()}; registered on ${label(drill.result.to)} in ${Math.round(drill.result.ms)} ms`
                  : `${label(drill.accountId)} marked down; waiting for registration on the next provider…`
                : `Marks ${providers[0]?.label ?? 'the primary'} down for one minute and measures the time to register on the next provider.`)}
          </span>
        </div>
      )}
    </section>
  );
}
