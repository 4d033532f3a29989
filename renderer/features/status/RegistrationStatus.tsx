import { describeRegistration } from '../../../shared/telephony/registration-state';
import { useAppStore } from '../../store/app-store';

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
  const { text, advice } = describeRegistration(registration);
  return (
    <div className={`registration tone-${TONE[registration.status]}`}>
      <span className="dot" aria-hidden="true" />
      <span role="status" aria-label="Registration" aria-live="polite">
        {text}
      </span>
      {advice && <span className="advice">{advice}</span>}
    </div>
  );
}
