import { useAppStore } from '../../store/app-store';
import type { ActiveWarning } from '../../../shared/quality/quality-sample';

const NONE: readonly ActiveWarning[] = [];

/** Each active warning as one sentence of advice; announced politely to screen readers. */
export function QualityWarnings({ callId }: { callId: string }) {
  const warnings = useAppStore((s) => s.quality[callId]?.latest?.warnings ?? NONE);
  return (
    <div aria-live="polite">
      {warnings.length > 0 && (
        <ul className="quality-warnings" aria-label="Call quality warnings">
          {warnings.map((w) => (
            <li key={w.id} className={`quality-warning ${w.severity}`} data-warning={w.id}>
              {w.advice}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
