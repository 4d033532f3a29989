import { switchBack } from '../../controllers/failover-controller';
import { useAppStore } from '../../store/app-store';
import { selectProviderLabel } from '../../store/failover-slice';

/** Fail-back mode manual: the higher-priority provider answers again and the agent decides when to go back. */
export function FailBackOffer() {
  const offer = useAppStore((s) => (s.failover.failBackOffer ? selectProviderLabel(s, s.failover.failBackOffer) : null));
  if (!offer) return null;
  return (
    <button type="button" className="fail-back" onClick={() => switchBack()}>
      Switch back to {offer}
    </button>
  );
}
