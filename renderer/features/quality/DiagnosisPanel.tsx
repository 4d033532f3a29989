import { diagnose, stackHealth, type Health } from '../../../shared/diagnosis/four-stacks';
import { collectDiagnosisFacts } from '../../controllers/diagnosis-facts';
import { useAppStore } from '../../store/app-store';
import { ProviderPanel } from '../status/ProviderPanel';

const HEALTH_TEXT: Record<Health, string> = { good: 'OK', warn: 'Warning', bad: 'Problem', off: 'Not in use' };

/** Telephony, Audio, Intelligence, Output: which layer is at fault, line by line, in plain words. */
export function DiagnosisPanel() {
  // Re-rendered on every store change (quality samples arrive each second).
  const stacks = diagnose(collectDiagnosisFacts(useAppStore()));
  return (
    <section className="diagnosis" aria-label="Diagnosis">
      {stacks.map((stack) => {
        const worst = stackHealth(stack);
        return (
          <div key={stack.id} className={`stack health-${worst}`} role="group" aria-label={stack.title}>
            <h3>
              <span className={`dot ${worst}`} aria-hidden="true" /> {stack.title}
            </h3>
            <ul>
              {stack.lines.map((l) => (
                <li key={l.id} className={`health-${l.health}`} data-health={l.health}>
                  <span className={`dot ${l.health}`} aria-label={HEALTH_TEXT[l.health]} role="img" /> <strong>{l.label}</strong>: {l.reason}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <ProviderPanel />
    </section>
  );
}
