import { goAvailable, goAway } from '../../controllers/call-actions';
import { useAppStore } from '../../store/app-store';
import { selectMayGoAvailable } from '../../store/e911-slice';

/** The click that also unlocks audio, so the first call rings audibly (browser autoplay policy). */
export function AvailabilityButton() {
  const available = useAppStore((s) => s.available);
  const audioUnlocked = useAppStore((s) => s.audioUnlocked);
  // No calls without a confirmed emergency location (E911): the reason sits beside the button.
  const may = useAppStore(selectMayGoAvailable);
  if (!available) {
    return (
      <span className="presence">
        <button
          type="button"
          className="primary"
          onClick={() => void goAvailable()}
          title="Enables the ringtone and marks you available"
          disabled={!may.ok}
          aria-describedby={may.ok ? undefined : 'availability-blocked'}
        >
          Go available
        </button>
        {!may.ok && (
          <span id="availability-blocked" className="advice">
            {may.reason}
          </span>
        )}
      </span>
    );
  }
  return (
    <span className="presence">
      <span className="badge good">Available</span>
      {!audioUnlocked && <span className="advice">Sound is blocked by the browser: click anywhere, then Go available again.</span>}
      <button type="button" onClick={goAway}>
        Go away
      </button>
    </span>
  );
}
