import { useState } from 'react';
import { initialSteps, runConnectionTest, type TestStep } from '../../controllers/connection-test';

const STATUS_TEXT: Record<TestStep['status'], string> = { pending: 'Waiting', running: 'Running', passed: 'Passed', failed: 'Failed', skipped: 'Skipped' };

/** Settings → "Test my connection": each step shows progress and, on failure, what to do. */
export function ConnectionTest() {
  const [steps, setSteps] = useState<TestStep[] | null>(null);
  const [running, setRunning] = useState(false);
  const start = () => {
    setRunning(true);
    setSteps(initialSteps());
    void runConnectionTest(setSteps).finally(() => setRunning(false));
  };
  return (
    <fieldset className="connection-test">
      <legend>Test my connection</legend>
      <button type="button" onClick={start} disabled={running} aria-busy={running}>
        {running ? 'Testing…' : 'Test my connection'}
      </button>
      {steps && (
        <ol className="test-steps" aria-label="Connection test results">
          {steps.map((s) => (
            <li key={s.id} className={`step ${s.status}`}>
              <strong>{s.label}</strong>: <span className="step-status">{STATUS_TEXT[s.status]}</span>
              {s.detail && <> — {s.detail}</>}
            </li>
          ))}
        </ol>
      )}
    </fieldset>
  );
}
