import type { DiagnosisFacts } from '../../shared/diagnosis/four-stacks';
import { relayServerHost } from '../../shared/diagnosis/turn-server';
import { pathLabel } from '../../shared/quality/quality-sample';
import { playoutStatus } from '../telephony/audio/remote-audio';
import { selectActiveCall, type AppState } from '../store/app-store';

const SOURCE_TEXT: Record<string, string> = {
  twilio: 'Twilio parameters',
  'x-header': 'X-Warmline-Context header',
  uui: 'User-to-User header',
  'call-info': 'context server',
  'uui-id': 'context server',
};

function hostOf(server: string): string | null {
  try {
    return new URL(server).host;
  } catch {
    return null;
  }
}

function device(id: string | null, kind: 'audioinput' | 'audiooutput', s: AppState) {
  const found = id ? s.devices.find((d) => d.deviceId === id && d.kind === kind) : undefined;
  return { chosen: id, present: id === null || found !== undefined, label: found?.label || null };
}

/** Everything the four-stack diagnosis needs, read from the store and the audio output. */
export function collectDiagnosisFacts(s: AppState): DiagnosisFacts {
  const account = s.settings?.accounts[0] ?? null;
  const prefs = s.settings?.preferences;
  const call = selectActiveCall(s);
  const latest = call ? (s.quality[call.id]?.latest ?? null) : null;
  const playout = call ? playoutStatus(call.id) : null;
  return {
    registration: s.registration,
    provider: account ? hostOf(account.kind === 'sip' ? account.server : account.tokenUrl) : null,
    lastSipError: s.lastSipError,
    microphone: device(prefs?.microphoneId ?? null, 'audioinput', s),
    speaker: device(prefs?.speakerId ?? null, 'audiooutput', s),
    // The AI session feed arrives with the hub (a later release): until then, none is configured.
    sessionFeed: null,
    call: call && {
      muted: call.muted,
      onHold: call.state.hold !== 'active' || call.state.remoteHold,
      codec: latest?.codec?.name ?? call.codec,
      fec: latest?.codec ? latest.codec.fec : null,
      inputLevel: latest?.inputLevel ?? null,
      warningIds: latest?.warnings.map((w) => w.id) ?? [],
      path: latest ? pathLabel(latest.path) : null,
      // Only our own relay candidate is from our servers; a relay on the far end's side is theirs.
      relayServer: account?.kind === 'sip' && latest?.path?.local === 'relay' ? relayServerHost(account.iceServers, latest.path.relayProtocol) : null,
      forceRelay: account?.kind === 'sip' ? account.forceRelay : false,
      packetsReceivedLastInterval: latest?.packetsReceivedDelta ?? null,
      playout: playout && { playing: playout.playing, blocked: playout.blocked, sinkError: playout.sinkError },
      context: {
        status: call.context.status,
        problems: call.context.issues.length,
        source: call.context.source ? (SOURCE_TEXT[call.context.source] ?? call.context.source) : null,
      },
    },
  };
}
