import { goAvailable, goAway } from '../../controllers/call-actions';
import { useAppStore } from '../../store/app-store';

/** The click that also unlocks audio, so the first call rings audibly (browser autoplay policy). */
export function AvailabilityButton() {
  const available = useAppStore((s) => s.available);
  const audioUnlocked = useAppStore((s) => s.audioUnlocked);
  if (!available) {
    return (
      <button type="button" className="primary" onClick={() => void goAvailable()} title="Enables the ringtone and marks you available">
        Go available
      </button>
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
