import { useState, type FormEvent, type ReactNode } from 'react';
import { accountIdFor, SipAccountSchema, twilioAccountIdFor, TwilioAccountSchema, type AccountKind } from '../../../shared/settings/account';
import { submitAccountForm } from '../../controllers/account-form';
import { hasTurnServer, iceServersToText, parseIceServerLines } from './ice-server-lines';
import { selectPrimaryAccount, useAppStore } from '../../store/app-store';

type Fields = { server: string; uri: string; authorizationUsername: string; displayName: string; password: string; iceServers: string };

const KINDS: [AccountKind, string][] = [
  ['sip', 'SIP (a PBX or SIP provider over WebSocket)'],
  ['twilio', 'Twilio (Voice SDK, docs/twilio.md)'],
];

/**
 * "Connect to your phone system": the primary account, of either kind, each
 * validated with the same schema the host enforces. Changing the kind keeps
 * the account's id, so it stays the primary account, and asks for a new secret.
 */
export function AccountForm({ onDone }: { onDone?: () => void }) {
  const primary = useAppStore(selectPrimaryAccount);
  const [kind, setKind] = useState<AccountKind>(primary?.kind ?? 'sip');
  const choice = (
    <fieldset className="field">
      <legend>Provider</legend>
      {KINDS.map(([k, label]) => (
        <label key={k}>
          <input type="radio" name="account-kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {label}
        </label>
      ))}
    </fieldset>
  );
  return kind === 'sip' ? <SipAccountForm onDone={onDone} header={choice} /> : <TwilioAccountForm onDone={onDone} header={choice} />;
}

type FormProps = { onDone?: (() => void) | undefined; header: ReactNode };

function SipAccountForm({ onDone, header }: FormProps) {
  const primary = useAppStore(selectPrimaryAccount);
  const existing = primary?.kind === 'sip' ? primary : null;
  const [fields, setFields] = useState<Fields>({
    server: existing?.server ?? '',
    uri: existing?.uri ?? '',
    authorizationUsername: existing?.authorizationUsername ?? '',
    displayName: existing?.displayName ?? '',
    password: '',
    iceServers: iceServersToText(existing?.iceServers ?? []),
  });
  const [forceRelay, setForceRelay] = useState(existing?.forceRelay ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [k]: e.target.value }));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const ice = parseIceServerLines(fields.iceServers, existing?.iceServers ?? []);
    if (!ice.ok) {
      setErrors({ iceServers: ice.message });
      return;
    }
    if (forceRelay && !hasTurnServer(ice.servers)) {
      setErrors({ forceRelay: 'needs a TURN server in the list above' });
      return;
    }
    const iceServers = ice.servers;
    const parsed = SipAccountSchema.safeParse({
      ...(existing ?? {}),
      id: primary?.id ?? accountIdFor(fields.uri || 'account'),
      server: fields.server,
      uri: fields.uri,
      authorizationUsername: fields.authorizationUsername,
      displayName: fields.displayName,
      iceServers,
      forceRelay,
    });
    setSaving(true);
    const r = await submitAccountForm(parsed, fields.password, { hasStoredSecret: existing?.hasPassword ?? false, secretMissing: 'is required' });
    setSaving(false);
    setErrors(r.ok ? {} : r.errors);
    setSaveError(r.ok ? null : r.saveError);
    if (r.ok) onDone?.();
  };

  const field = (k: keyof Fields, label: string, props: InputProps = {}) => (
    <TextField id={`acct-${k}`} label={label} value={fields[k]} onChange={set(k)} error={errors[k]} {...props} />
  );

  return (
    <form className="account-form" onSubmit={(e) => void onSubmit(e)} aria-label="SIP account">
      {header}
      {field('server', 'WebSocket server', { placeholder: 'wss://pbx.example.com:8089/ws' })}
      {field('uri', 'SIP address', { placeholder: 'sip:alice@pbx.example.com' })}
      {field('authorizationUsername', 'Auth user name')}
      {field('password', 'Password', { type: 'password', placeholder: existing?.hasPassword ? 'unchanged' : '' })}
      {field('displayName', 'Display name')}
      <div className="field">
        <label htmlFor="acct-iceServers">STUN/TURN servers (one per line, optional; TURN: URL user password)</label>
        <textarea
          id="acct-iceServers"
          rows={2}
          value={fields.iceServers}
          onChange={set('iceServers')}
          placeholder="turn:turn.example.com:3478?transport=udp user password"
          aria-invalid={errors.iceServers ? true : undefined}
        />
        {errors.iceServers && (
          <span className="field-error" role="alert">
            STUN/TURN servers: {errors.iceServers}
          </span>
        )}
      </div>
      <div className="field">
        <label>
          <input type="checkbox" checked={forceRelay} onChange={(e) => setForceRelay(e.target.checked)} aria-invalid={errors.forceRelay ? true : undefined} /> Always relay
          media through TURN
        </label>
        {errors.forceRelay && (
          <span className="field-error" role="alert">
            Always relay media through TURN {errors.forceRelay}
          </span>
        )}
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

type TwilioFields = { tokenUrl: string; password: string; displayName: string; edge: string };

/** A Twilio seat: the token URL, the seat token it expects (kept in the host's vault) and optional edges (docs/twilio.md §5). */
function TwilioAccountForm({ onDone, header }: FormProps) {
  const primary = useAppStore(selectPrimaryAccount);
  const existing = primary?.kind === 'twilio' ? primary : null;
  const [fields, setFields] = useState<TwilioFields>({
    tokenUrl: existing?.tokenUrl ?? '',
    password: '',
    displayName: existing?.displayName ?? '',
    edge: (existing?.edge ?? []).join(' '),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const set = (k: keyof TwilioFields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [k]: e.target.value }));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = TwilioAccountSchema.safeParse({
      ...(existing ?? {}),
      id: primary?.id ?? twilioAccountIdFor(fields.tokenUrl),
      kind: 'twilio',
      tokenUrl: fields.tokenUrl,
      displayName: fields.displayName,
      edge: fields.edge.split(/[\s,]+/).filter(Boolean),
    });
    setSaving(true);
    const r = await submitAccountForm(parsed, fields.password, { hasStoredSecret: existing?.hasPassword ?? false, secretMissing: 'is required: the token URL gives access tokens only to a seat it knows' });
    setSaving(false);
    setErrors(r.ok ? {} : r.errors);
    setSaveError(r.ok ? null : r.saveError);
    if (r.ok) onDone?.();
  };

  const field = (k: keyof TwilioFields, label: string, props: InputProps = {}) => (
    <TextField id={`acct-${k}`} label={label} value={fields[k]} onChange={set(k)} error={errors[k]} {...props} />
  );

  return (
    <form className="account-form" onSubmit={(e) => void onSubmit(e)} aria-label="Twilio account">
      {header}
      {field('tokenUrl', 'Token URL', { placeholder: 'https://warmline-1234.twil.io/warmline-token' })}
      {field('password', 'Seat token', { type: 'password', placeholder: existing?.hasPassword ? 'unchanged' : '' })}
      {field('displayName', 'Display name')}
      {field('edge', 'Twilio edges (optional, in fallback order)', { placeholder: 'ashburn dublin' })}
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

type InputProps = { type?: string; placeholder?: string };

function TextField({ id, label, value, onChange, error, ...props }: InputProps & { id: string; label: string; value: string; onChange: (e: { target: { value: string } }) => void; error: string | undefined }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={onChange} aria-invalid={error ? true : undefined} {...props} />
      {error && (
        <span className="field-error" role="alert">
          {label} {error}
        </span>
      )}
    </div>
  );
}
