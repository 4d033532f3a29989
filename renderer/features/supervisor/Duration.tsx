import { useEffect, useRef } from 'react';
import { formatDuration } from './format';
import { onSecond } from './ticker';

/** How long a session has run; ticks once a second while it is live, by writing its own text. */
export function Duration({ startedAt, endedAt, label }: { startedAt: number; endedAt: number | null; label?: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (endedAt !== null) return;
    return onSecond((now) => {
      if (ref.current) ref.current.textContent = formatDuration(now - startedAt);
    });
  }, [startedAt, endedAt]);
  return (
    <span ref={ref} className="duration" aria-label={label}>
      {formatDuration((endedAt ?? Date.now()) - startedAt)}
    </span>
  );
}
