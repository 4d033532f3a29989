import { useAppStore } from '../../store/app-store';

/** Whether this call is being recorded, or why not: the agent must be able to tell the caller. */
export function RecordingStatus({ callId }: { callId: string }) {
  const view = useAppStore((s) => s.recordings[callId]);
  if (!view) return null;
  return (
    <span role="status" aria-label="Recording" className={`recording-status recording-${view.status}`}>
      {view.status === 'recording' && <span className="recording-dot" aria-hidden="true" />}
      {view.text}
    </span>
  );
}
