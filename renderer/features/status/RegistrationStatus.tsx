import { describeRegistration } from '../../../shared/telephony/registration-state';
import { useAppStore } from '../../store/app-store';
import { selectProviderLabel } from '../../store/failover-slice';
import { FailBackOffer } from './FailBackOffer';

const TONE: Record<string, string> = {
  registered: 'good',
  failed: 'bad',
  connecting: 'pending',
  registering: 'pending',
  unconfigured: 'idle',
  unregistered: 'idle',
};

export function RegistrationStatus() {
  const registration = useAppStore((s) => s.registration);
  // With more than one provider the status says which one we are on (issue #9).
  const provider = useAppStore((s) => (s.failover.providers.length > 1 ? selectProviderLabel(s, s.failover.activeId) : ''));
  const switchingFrom = useAppStore((s) => (s.failover.switching?.from ? selectProviderLabel(s, s.failover.switching.from) : ''));
  const { text, advice } = describeRegistration(registration);
  const shown = !provider ? text : registration.status === 'registered' ? `${text} on ${provider}` : `${text} · ${provider}`;
  return (
    <div className={`registration tone-${TONE[registration.status]}`}>
      <span className="dot" aria-hidden="true" />
      <span role="status" aria-label="Registration" aria-live="polite">
        {shown}
      </span>
      {switchingFrom && registration.status !== 'registered' && <span className="advice">Moving from {switchingFrom}…</span>}
      {advice && !switchingFrom && <span className="advice">{advice}</span>}
      <FailBackOffer />
    </div>
  );
}
