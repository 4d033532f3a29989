/**
 * A test PSAP (public safety answering point): a sip.js UA in a browser page
 * (bundled by e2e/fixtures/psap.ts), registered on the test's Kamailio as
 * sip:psap@warmline.test, where the test config routes 911 and 933. It keeps
 * every INVITE exactly as received (raw text) for the test to parse, and can
 * answer: its description handler takes the SDP part out of a multipart/mixed
 * offer, as an emergency services network's SBC would.
 *
 * window.psap for Playwright:
 *   register(wsUrl)   connect + REGISTER (digest psap/psappw)
 *   invites()         raw INVITE messages received so far
 *   answer()          accept the ringing call with audio
 *   state()           "unregistered" | "idle" | the session's state
 *   hangup()
 */
import { Invitation, Registerer, RegistererState, SessionState, UserAgent, Web, type Session, type SessionDescriptionHandlerFactory } from 'sip.js';

export interface PsapApi {
  register(wsUrl: string): Promise<void>;
  invites(): string[];
  answer(): Promise<void>;
  state(): string;
  hangup(): Promise<void>;
  inboundAudioPackets(): Promise<number>;
}

declare global {
  interface Window {
    psap: PsapApi;
  }
}

let ua: UserAgent | null = null;
let registered = false;
let session: Session | null = null;
const received: string[] = [];

/** The application/sdp part of a multipart/mixed body (test code: boundary read from the first delimiter line). */
function sdpOf(body: string): string {
  const first = body.split(/\r?\n/, 1)[0] ?? '';
  if (!first.startsWith('--')) return body;
  const delimiter = first;
  for (const part of body.split(delimiter)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    if (/content-type:\s*application\/sdp/i.test(headers)) return part.slice(split + 4).replace(/\r\n$/, '');
  }
  return body;
}

function multipartAwareFactory(): SessionDescriptionHandlerFactory {
  const base = Web.defaultSessionDescriptionHandlerFactory();
  return (s, options) => {
    const sdh = base(s, options) as Web.SessionDescriptionHandler;
    const setDescription = sdh.setDescription.bind(sdh);
    const hasDescription = sdh.hasDescription.bind(sdh);
    sdh.setDescription = (sdp, o, m) => setDescription(sdpOf(sdp), o, m);
    sdh.hasDescription = (contentType) => /^multipart\/mixed/i.test(contentType) || hasDescription(contentType);
    return sdh;
  };
}

const api: PsapApi = {
  async register(wsUrl) {
    const uri = UserAgent.makeURI('sip:psap@warmline.test');
    if (!uri) throw new Error('bad PSAP URI');
    ua = new UserAgent({
      uri,
      displayName: 'Test PSAP',
      authorizationUsername: 'psap',
      authorizationPassword: 'psappw',
      transportOptions: { server: wsUrl },
      logLevel: 'warn',
      sessionDescriptionHandlerFactory: multipartAwareFactory(),
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 500 },
      delegate: {
        onInvite: (invitation: Invitation) => {
          received.push(invitation.request.data);
          session = invitation;
        },
      },
    });
    await ua.start();
    const registerer = new Registerer(ua);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('PSAP REGISTER timed out')), 10_000);
      registerer.stateChange.addListener((st) => {
        if (st === RegistererState.Registered) {
          registered = true;
          clearTimeout(timer);
          resolve();
        }
      });
      registerer.register({ requestDelegate: { onReject: (r) => reject(new Error(`REGISTER rejected: ${r.message.statusCode}`)) } }).catch(reject);
    });
  },
  invites: () => [...received],
  async answer() {
    if (!(session instanceof Invitation)) throw new Error('no call is ringing at the PSAP');
    await session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
  },
  state() {
    if (!registered) return 'unregistered';
    return !session || session.state === SessionState.Terminated ? 'idle' : session.state;
  },
  async hangup() {
    const s = session;
    if (!s) return;
    if (s.state === SessionState.Established) await s.bye();
    else if (s instanceof Invitation && s.state !== SessionState.Terminated) await s.reject();
  },
  async inboundAudioPackets() {
    const sdh = session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    const pc = sdh?.peerConnection;
    if (!pc) return 0;
    let packets = 0;
    (await pc.getStats()).forEach((r: { type: string; kind?: string; packetsReceived?: number }) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') packets += r.packetsReceived ?? 0;
    });
    return packets;
  },
};

window.psap = api;
