/**
 * The four-stack diagnosis (seed rule R2: "50% of incidents are in
 * telephony"): Telephony, Audio, Intelligence, Output, each a list of lines
 * that are green, amber or red with the reason in plain words. Pure: the
 * renderer gathers the facts, this decides what they mean.
 */
import type { RegistrationState } from '../telephony/registration-state';

export type Health = 'good' | 'warn' | 'bad' | 'off';
export type DiagnosisLine = { id: string; label: string; health: Health; reason: string };
export type DiagnosisStack = { id: 'telephony' | 'audio' | 'intelligence' | 'output'; title: string; lines: DiagnosisLine[] };

/** What the renderer knows at the moment of asking. Every field is optional knowledge: null = unknown. */
export type DiagnosisFacts = {
  registration: RegistrationState;
  /** The PBX / provider the account points at, e.g. "pbx.example.com" (host part of the server URI). */
  provider: string | null;
  /** The last call that failed, with its SIP status and reason. */
  lastSipError: string | null;
  /** A call in progress, or null. */
  call: null | {
    muted: boolean;
    onHold: boolean;
    codec: string | null;
    fec: boolean | null;
    /** Microphone level 0..1 from the sender's media source. */
    inputLevel: number | null;
    /** Active quality warnings by id (shared/quality). */
    warningIds: readonly string[];
    /** ICE path, e.g. 'host', 'srflx', 'relay/tcp'. */
    path: string | null;
    /** The TURN server a relayed path goes through, e.g. "turn.example.com", when known. */
    relayServer?: string | null;
    /** The account relays all media on purpose (admin setting): a relay is then expected, not a problem. */
    forceRelay?: boolean;
    packetsReceivedLastInterval: number | null;
    playout: null | { playing: boolean; blocked: boolean; sinkError: string | null };
    context: { status: 'none' | 'loading' | 'ready' | 'failed'; problems: number; source: string | null };
  };
  microphone: { chosen: string | null; present: boolean; label: string | null };
  speaker: { chosen: string | null; present: boolean; label: string | null };
  /** The AI session feed (hub) connection, or null when none is configured. */
  sessionFeed: null | { connected: boolean; detail: string };
};

const line = (id: string, label: string, health: Health, reason: string): DiagnosisLine => ({ id, label, health, reason });

function registrationLine(r: RegistrationState): DiagnosisLine {
  switch (r.status) {
    case 'registered':
      return line('registration', 'Registration', 'good', 'Registered: calls can reach you.');
    case 'registering':
      return line('registration', 'Registration', 'warn', 'Registering with the PBX…');
    case 'connecting':
      return line('registration', 'Registration', 'warn', r.attempt > 1 ? `Reconnecting (attempt ${r.attempt})…` : 'Connecting to the PBX…');
    case 'failed': {
      const advice =
        r.failure === 'auth'
          ? 'Check the user name and password in Settings.'
          : r.failure === 'unreachable'
            ? 'Check your network, or ask your admin whether the PBX is up.'
            : r.failure === 'timeout'
              ? 'The PBX is slow to answer; Warmline keeps retrying.'
              : 'Ask your admin to check the account on the PBX.';
      return line('registration', 'Registration', 'bad', `${r.detail || 'Registration failed'}. ${advice}`);
    }
    case 'unregistered':
      return line('registration', 'Registration', 'warn', 'Not registered: click "Go available" to take calls.');
    case 'unconfigured':
      return line('registration', 'Registration', 'off', 'No account configured.');
    default:
      return assertNever(r);
  }
}

function transportLine(r: RegistrationState): DiagnosisLine {
  const up = r.status === 'registered' || r.status === 'registering';
  if (r.status === 'unconfigured') return line('transport', 'Signalling connection', 'off', 'No account configured.');
  if (up) return line('transport', 'Signalling connection', 'good', 'Connected (SIP over WebSocket).');
  if (r.status === 'failed' && r.failure === 'auth') return line('transport', 'Signalling connection', 'good', 'Connected; the PBX refused the credentials.');
  return line('transport', 'Signalling connection', r.status === 'failed' ? 'bad' : 'warn', 'Not connected to the PBX.');
}

function telephony(f: DiagnosisFacts): DiagnosisStack {
  const lines = [registrationLine(f.registration), transportLine(f.registration)];
  lines.push(line('provider', 'Provider', f.provider ? 'good' : 'off', f.provider ? f.provider : 'None configured.'));
  lines.push(
    f.lastSipError
      ? line('last-sip-error', 'Last SIP error', 'warn', `${f.lastSipError} (last failed call).`)
      : line('last-sip-error', 'Last SIP error', 'good', 'None since the app started.'),
  );
  if (f.call) {
    const warn = (id: string) => f.call?.warningIds.includes(id) ?? false;
    const network = warn('packet-loss') || warn('high-jitter') || warn('high-delay');
    const relayed = warn('relay-path') || (f.call.path?.startsWith('relay') ?? false);
    const relayNote = f.call.forceRelay ? 'Relaying is required by your admin\'s settings.' : 'Audio goes through a relay server, which adds delay.';
    lines.push(
      line(
        'network',
        'Network path',
        network ? 'bad' : warn('relay-path') && !f.call.forceRelay ? 'warn' : 'good',
        `${f.call.path ? `Path: ${pathText(f.call.path, f.call.relayServer ?? null)}. ` : ''}${network ? 'The network is losing or delaying audio: see the call-quality warnings.' : relayed ? relayNote : 'Audio is arriving on time.'}`,
      ),
    );
  }
  return { id: 'telephony', title: 'Telephony', lines };
}

/** The ICE path in plain words: "Direct (host)", "Through NAT (srflx)", "Relayed through TURN server x over UDP". */
function pathText(path: string, relayServer: string | null): string {
  if (path.startsWith('relay')) {
    const via = path.includes('/') ? ` over ${path.split('/')[1]!.toUpperCase()}` : '';
    return `Relayed through ${relayServer ? `TURN server ${relayServer}` : 'a TURN server'}${via}`;
  }
  if (path === 'host') return 'Direct (host)';
  if (path === 'srflx' || path === 'prflx') return `Through NAT (${path})`;
  return path;
}

function audio(f: DiagnosisFacts): DiagnosisStack {
  const lines: DiagnosisLine[] = [];
  const mic = f.microphone;
  lines.push(
    mic.chosen && !mic.present
      ? line('microphone', 'Microphone', 'warn', 'The chosen microphone is missing: using the system default.')
      : line('microphone', 'Microphone', 'good', mic.label ? mic.label : 'System default.'),
  );
  const c = f.call;
  if (!c) {
    lines.push(line('input-level', 'Microphone level', 'off', 'Shown during a call.'));
    lines.push(line('codec', 'Codec', 'off', 'Shown during a call.'));
    return { id: 'audio', title: 'Audio', lines };
  }
  if (c.muted) lines.push(line('input-level', 'Microphone level', 'warn', 'Muted: the caller cannot hear you.'));
  else if (c.onHold) lines.push(line('input-level', 'Microphone level', 'off', 'On hold: nothing is sent.'));
  else if (c.warningIds.includes('no-microphone-input')) lines.push(line('input-level', 'Microphone level', 'bad', 'No sound from your microphone: check it is plugged in and not muted on the headset.'));
  else lines.push(line('input-level', 'Microphone level', c.inputLevel === null ? 'off' : 'good', c.inputLevel === null ? 'Not measured yet.' : `Level ${Math.round(c.inputLevel * 100)} %.`));
  lines.push(
    c.codec
      ? line('codec', 'Codec', 'good', `${c.codec}${c.fec === null ? '' : c.fec ? ', loss protection (FEC) on' : ', no loss protection (FEC)'}.`)
      : line('codec', 'Codec', 'off', 'Not negotiated yet.'),
  );
  return { id: 'audio', title: 'Audio', lines };
}

function intelligence(f: DiagnosisFacts): DiagnosisStack {
  const lines: DiagnosisLine[] = [];
  lines.push(
    f.sessionFeed === null
      ? line('session-feed', 'AI session feed', 'off', 'Not configured.')
      : line('session-feed', 'AI session feed', f.sessionFeed.connected ? 'good' : 'bad', f.sessionFeed.detail),
  );
  const ctx = f.call?.context;
  if (ctx) {
    const where = ctx.source ? ` from the ${ctx.source}` : '';
    const health: Health = ctx.status === 'failed' ? 'bad' : ctx.status === 'loading' ? 'warn' : ctx.problems > 0 ? 'warn' : ctx.status === 'ready' ? 'good' : 'off';
    const reason =
      ctx.status === 'none'
        ? 'This call came with no context from an AI agent.'
        : ctx.status === 'loading'
          ? 'Loading the context…'
          : ctx.status === 'failed'
            ? 'The AI agent sent context that could not be read: see the screen-pop.'
            : `Received${where}${ctx.problems > 0 ? `, ${ctx.problems} field(s) dropped: see the screen-pop` : ''}.`;
    lines.push(line('transfer-context', 'Transfer context', health, reason));
  }
  return { id: 'intelligence', title: 'Intelligence', lines };
}

function output(f: DiagnosisFacts): DiagnosisStack {
  const lines: DiagnosisLine[] = [];
  const spk = f.speaker;
  const p = f.call?.playout ?? null;
  if (p?.sinkError) lines.push(line('speaker', 'Speaker', 'warn', `The chosen speaker failed (${p.sinkError}): playing on the default.`));
  else if (spk.chosen && !spk.present) lines.push(line('speaker', 'Speaker', 'warn', 'The chosen speaker is missing: playing on the system default.'));
  else lines.push(line('speaker', 'Speaker', 'good', spk.label ? spk.label : 'System default.'));
  const c = f.call;
  if (!c) {
    lines.push(line('playout', 'Playout', 'off', 'Shown during a call.'));
  } else if (p?.blocked) {
    lines.push(line('playout', 'Playout', 'bad', 'The browser blocked the caller\'s audio: click "Go available" or anywhere in the window.'));
  } else if (c.warningIds.includes('one-way-audio')) {
    lines.push(line('playout', 'Playout', 'bad', 'Nothing is arriving from the caller: the call may be one-way. Ask them to speak; if it persists, call back.'));
  } else if (c.onHold) {
    lines.push(line('playout', 'Playout', 'off', 'On hold.'));
  } else {
    lines.push(line('playout', 'Playout', p?.playing === false ? 'warn' : 'good', p?.playing === false ? 'Caller audio is paused.' : 'Playing the caller\'s audio.'));
  }
  return { id: 'output', title: 'Output', lines };
}

export function diagnose(f: DiagnosisFacts): DiagnosisStack[] {
  return [telephony(f), audio(f), intelligence(f), output(f)];
}

/** The worst health of a stack, for its heading. */
export function stackHealth(s: DiagnosisStack): Health {
  const order: Health[] = ['bad', 'warn', 'good', 'off'];
  return order.find((h) => s.lines.some((l) => l.health === h)) ?? 'off';
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
