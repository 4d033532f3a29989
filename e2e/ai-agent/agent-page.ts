/**
 * The simulated AI voice agent: runs inside a browser page (bundled by
 * e2e/fixtures/ai-agent.ts with esbuild) and places real SIP calls through
 * Kamailio as sip:aiagent@warmline.test, carrying transfer-context headers.
 *
 * It exposes window.aiAgent for Playwright:
 *   register(wsUrl)             connect + REGISTER (digest aiagent/aiagentpw)
 *   call(target, extraHeaders)  INVITE sip:<target>@warmline.test, resolves with the Call-ID once sent
 *   hangup()                    CANCEL (ringing) or BYE (established), resolves when the call is over
 *   state()                     "unregistered" | "idle" | the session state ("Establishing", "Established", ...)
 */
import { Inviter, Registerer, RegistererState, SessionState, UserAgent, type Session } from 'sip.js';

export const AI_AGENT_USER = 'aiagent';
export const AI_AGENT_PASSWORD = 'aiagentpw';
export const AI_AGENT_DOMAIN = 'warmline.test';

export interface AiAgentApi {
  register(wsUrl: string): Promise<void>;
  call(target: string, extraHeaders: string[]): Promise<string>;
  hangup(): Promise<void>;
  state(): string;
}

declare global {
  interface Window {
    aiAgent: AiAgentApi;
  }
}

let ua: UserAgent | null = null;
let registerer: Registerer | null = null;
let registered = false;
let session: Session | null = null;

function targetUri(target: string): string {
  if (/^sips?:/.test(target)) return target;
  return target.includes('@') ? `sip:${target}` : `sip:${target}@${AI_AGENT_DOMAIN}`;
}

function whenTerminated(s: Session, timeoutMs = 10_000): Promise<void> {
  if (s.state === SessionState.Terminated) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`AI agent call still ${s.state} after ${timeoutMs} ms`)), timeoutMs);
    s.stateChange.addListener((st) => {
      if (st === SessionState.Terminated) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

const api: AiAgentApi = {
  async register(wsUrl) {
    if (ua) throw new Error('already registered');
    const uri = UserAgent.makeURI(`sip:${AI_AGENT_USER}@${AI_AGENT_DOMAIN}`);
    if (!uri) throw new Error('bad AI agent URI');
    ua = new UserAgent({
      uri,
      displayName: 'AI Agent',
      authorizationUsername: AI_AGENT_USER,
      authorizationPassword: AI_AGENT_PASSWORD,
      transportOptions: { server: wsUrl },
      logLevel: 'warn',
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: [] },
        iceGatheringTimeout: 500,
      },
    });
    await ua.start();
    registerer = new Registerer(ua);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('AI agent REGISTER timed out')), 10_000);
      registerer!.stateChange.addListener((st) => {
        if (st === RegistererState.Registered) {
          registered = true;
          clearTimeout(timer);
          resolve();
        }
      });
      registerer!.register({ requestDelegate: { onReject: (r) => reject(new Error(`REGISTER rejected: ${r.message.statusCode} ${r.message.reasonPhrase}`)) } }).catch(reject);
    });
  },

  async call(target, extraHeaders) {
    if (!ua || !registered) throw new Error('AI agent is not registered');
    if (session && session.state !== SessionState.Terminated) throw new Error(`AI agent already in a call (${session.state})`);
    const uri = UserAgent.makeURI(targetUri(target));
    if (!uri) throw new Error(`bad target ${target}`);
    const inviter = new Inviter(ua, uri, {
      extraHeaders,
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    session = inviter;
    const callId = inviter.request.callId;
    await inviter.invite();
    return callId;
  },

  async hangup() {
    const s = session;
    if (!s) return;
    switch (s.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (s instanceof Inviter) await s.cancel();
        break;
      case SessionState.Established:
        await s.bye();
        break;
      default:
        break;
    }
    await whenTerminated(s);
  },

  state() {
    if (!registered) return 'unregistered';
    if (!session || session.state === SessionState.Terminated) return 'idle';
    return session.state;
  },
};

window.aiAgent = api;
