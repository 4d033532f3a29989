import { useState, type FormEvent } from 'react';
import { accountIdFor, SipAccountSchema } from '../../../shared/settings/account';
import { saveAccount } from '../../controllers/call-actions';
import { selectPrimaryAccount, useAppStore } from '../../store/app-store';

type Fields = { server: string; uri: string; authorizationUsername: string; displayName: string; password: string; iceServers: string };

/** "Connect to your PBX": the SIP account, validated with the same schema the host enforces. */
export function AccountForm({ onDone }: { onDone?: () => void }) {
  const existing = useAppStore(selectPrimaryAccount);
  const [fields, setFields] = useState<Fields>({
    server: existing?.server ?? '',
    uri: existing?.uri ?? '',
    authorizationUsername: existing?.authorizationUsername ?? '',
    displayName: existing?.displayName ?? '',
    password: '',
    iceServers: (existing?.iceServers ?? []).map((s) => (Array.isArray(s.urls) ? s.urls.join(' ') : s.urls)).join('\n'),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [k]: e.target.value }));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const iceServers = fields.iceServers
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((urls) => ({ urls }));
    const parsed = SipAccountSchema.safeParse({
      ...(existing ?? {}),
      id: existing?.id ?? accountIdFor(fields.uri || 'account'),
      server: fields.server,
      uri: fields.uri,
      authorizationUsername: fields.authorizationUsername,
      displayName: fields.displayName,
      iceServers,
    });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    if (!existing?.hasPassword && !fields.password) {
      setErrors({ password: 'is required' });
      return;
    }
    setErrors({});
    setSaving(true);
    const r = await saveAccount(parsed.data, fields.password || undefined);
    setSaving(false);
    if (!r.ok) setSaveError(r.reason);
    else onDone?.();
  };

  const field = (k: keyof Fields, label: string, props: { type?: string; placeholder?: string } = {}) => (
    <div className="field">
      <label htmlFor={`acct-${k}`}>{label}</label>
      <input id={`acct-${k}`} value={fields[k]} onChange={set(k)} aria-invalid={errors[k] ? true : undefined} {...props} />
      {errors[k] && (
        <span className="field-error" role="alert">
          {label} {errors[k]}
        </span>
      )}
    </div>
  );

  return (
    <form className="account-form" onSubmit={(e) => void onSubmit(e)} aria-label="SIP account">
      {field('server', 'WebSocket server', { placeholder: 'wss://pbx.example.com:8089/ws' })}
      {field('uri', 'SIP address', { placeholder: 'sip:alice@pbx.example.com' })}
      {field('authorizationUsername', 'Auth user name')}
      {field('password', 'Password', { type: 'password', placeholder: existing?.hasPassword ? 'unchanged' : '' })}
      {field('displayName', 'Display name')}
      <div className="field">
        <label htmlFor="acct-iceServers">STUN/TURN servers (one per line, optional)</label>
        <textarea id="acct-iceServers" rows={2} value={fields.iceServers} onChange={set('iceServers')} />
      </div>
      {saveError && (
        <p className="field-error" role="alert">
          {saveError}
        </p>
      )}
      <button type="submit" className="primary" disabled={saving}>
        {saving ? 'Saving…' : 'Save and connect'}
      </button>
    </form>
  );
}
