import { deviceLabel } from '../../../shared/telephony/audio-device';
import { chooseDevice } from '../../controllers/device-controller';
import { useAppStore } from '../../store/app-store';

type Role = 'microphoneId' | 'speakerId' | 'ringerId';
const ROWS: { role: Role; label: string; kind: 'audioinput' | 'audiooutput' }[] = [
  { role: 'microphoneId', label: 'Microphone', kind: 'audioinput' },
  { role: 'speakerId', label: 'Speaker', kind: 'audiooutput' },
  { role: 'ringerId', label: 'Ringing device', kind: 'audiooutput' },
];

/** Audio devices; changes apply at once, including to a call in progress. */
export function DevicesPanel() {
  const devices = useAppStore((s) => s.devices);
  const prefs = useAppStore((s) => s.settings?.preferences);
  if (!prefs) return null;
  return (
    <fieldset className="devices">
      <legend>Audio devices</legend>
      {ROWS.map(({ role, label, kind }) => {
        const options = devices.filter((d) => d.kind === kind && d.deviceId !== 'default');
        return (
          <div className="field" key={role}>
            <label htmlFor={`dev-${role}`}>{label}</label>
            <select id={`dev-${role}`} value={prefs[role] ?? ''} onChange={(e) => void chooseDevice(role, e.target.value || null)}>
              <option value="">System default</option>
              {options.map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {deviceLabel(d, i)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
