import { useShallow } from 'zustand/react/shallow';
import { switchTo } from '../../controllers/call-actions';
import { selectActiveCall, selectCallsInProgress, useAppStore } from '../../store/app-store';

/** With more than one call (call waiting, consult), every call and a way to switch to it. */
export function CallList() {
  const calls = useAppStore(useShallow(selectCallsInProgress));
  const activeId = useAppStore((s) => selectActiveCall(s)?.id ?? null);
  if (calls.length < 2) return null;
  return (
    <section className="call-list" aria-labelledby="call-list-title">
      <h2 id="call-list-title">Calls</h2>
      <ul aria-label="Calls">
        {calls.map((c) => {
          const name = c.remoteName || c.remoteUri.replace(/^sips?:/, '');
          return (
            <li key={c.id} aria-current={c.id === activeId ? 'true' : undefined}>
              <span>{name}</span>
              <span className="uri">{c.state.hold === 'held' ? 'On hold' : c.state.phase === 'connected' ? 'Connected' : 'Calling…'}</span>
              {c.id !== activeId && (
                <button type="button" onClick={() => switchTo(c.id)}>
                  Switch to {name}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
