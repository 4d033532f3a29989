/**
 * Page instrumentation installed as an init script, before any app code runs.
 * It needs no cooperation from the app: it wraps the page's WebSocket and
 * RTCPeerConnection constructors and records timestamps in window.__rig.
 *
 * All times are epoch milliseconds with sub-ms precision
 * (performance.timeOrigin + performance.now()), so values from two pages of
 * the same machine can be compared.
 *
 * The in-page code is kept as plain JavaScript text (not a TS function passed
 * to addInitScript) because TS loaders may inject helpers such as __name into
 * a function's source, which would not exist inside the page.
 */

/** Per RTCPeerConnection, as seen by the page. */
export interface RigPeer {
  id: number;
  createdAt: number;
  /** First time connectionState was "connected". */
  connectedAt: number | null;
  /** First time any receiver reported a synchronization source (first inbound RTP). */
  firstRtpAt: number | null;
  closedAt: number | null;
  connectionState: string;
}

export interface RigSipEvent {
  at: number;
  dir: 'out' | 'in';
  /** Request or status line. */
  line: string;
  callId: string | null;
  cseq: string | null;
  /** a=ice-ufrag of an SDP body, to tell an ICE restart from a plain re-INVITE. */
  iceUfrag: string | null;
  /** a=sendrecv/sendonly/recvonly/inactive of the audio in an SDP body. */
  direction: string | null;
}

/** Audio counters of one live peer connection, from getStats. */
export interface RigAudioStats {
  packetsReceived: number;
  packetsSent: number;
  /** inbound-rtp totalAudioEnergy: grows only while the far end sends sound, not silence. */
  inboundEnergy: number;
  /** media-source totalAudioEnergy: what our microphone track produces (0 while muted). */
  sourceEnergy: number;
  localSdp: string | null;
  remoteSdp: string | null;
}

/** Serializable snapshot of what the rig recorded (window.__rig.snapshot()). */
export interface RigSnapshot {
  /** First outgoing REGISTER of this page load. */
  registerSentAt: number | null;
  /** First 200 OK for a REGISTER received after registerSentAt. */
  registerOkAt: number | null;
  /** Every outgoing INVITE (initial and authenticated retries). */
  invitesSent: Array<{ at: number; callId: string | null; cseq: string | null }>;
  /** Every incoming INVITE request. */
  invitesReceived: Array<{ at: number; callId: string | null }>;
  /** firstRtpAt of the most recently created peer connection. */
  firstRtpAt: number | null;
  peers: RigPeer[];
}

/** What the init script puts on window.__rig. */
export interface RigApi {
  /** Sum of inbound-rtp audio packetsReceived over all peer connections not closed. */
  inboundPackets(): Promise<number>;
  snapshot(): RigSnapshot;
  /** Last SIP messages seen on any WebSocket (first line only), newest last. */
  sipLog(): RigSipEvent[];
  /** Per live peer connection: packets, audio energy and SDPs. */
  audioStats(): Promise<RigAudioStats[]>;
  /** Every getStats() report of each live peer connection, as plain objects. */
  rawStats(): Promise<Array<Array<Record<string, unknown>>>>;
  /** Close the page's SIP WebSockets, as a network drop would (the app must reconnect by itself). */
  dropSipSockets(): number;
  /** Forget everything recorded so far (peer connections stay tracked). */
  reset(): void;
  readonly firstRtpAt: number | null;
  readonly registerSentAt: number | null;
  readonly registerOkAt: number | null;
}

declare global {
  interface Window {
    __rig: RigApi;
  }
}

export const INSTRUMENT_SCRIPT = String.raw`
(() => {
  if (window.__rig) return;
  const now = () => performance.timeOrigin + performance.now();
  const POLL_MS = 2;
  const POLL_LIMIT_MS = 120000;
  const SIP_LOG_MAX = 300;

  const state = {
    registerSentAt: null,
    registerCallId: null,
    registerOkAt: null,
    invitesSent: [],
    invitesReceived: [],
    sipLog: [],
  };
  const peers = []; // { pc, info }
  const sockets = [];
  let nextId = 1;

  const header = (text, name) => {
    const re = new RegExp('^' + name + '\\s*:\\s*(.*)$', 'im');
    const m = re.exec(text);
    return m ? m[1].trim() : null;
  };
  const headerAny = (text, long, short) => header(text, long) ?? header(text, short);

  const onSip = (dir, data) => {
    if (typeof data !== 'string') return;
    const at = now();
    const eol = data.indexOf('\r\n');
    const line = eol > 0 ? data.slice(0, eol) : '';
    // only SIP (the app's own bridge socket carries JSON)
    if (!/^(SIP\/2\.0 \d{3}|[A-Z]+ \S+ SIP\/2\.0$)/.test(line)) return;
    const callId = headerAny(data, 'Call-ID', 'i');
    const cseq = header(data, 'CSeq');
    const ufrag = /^a=ice-ufrag:(\S+)/m.exec(data);
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(data);
    state.sipLog.push({ at, dir, line, callId, cseq, iceUfrag: ufrag ? ufrag[1] : null, direction: direction ? direction[1] : null });
    if (state.sipLog.length > SIP_LOG_MAX) state.sipLog.shift();
    if (dir === 'out') {
      if (data.startsWith('REGISTER ') && state.registerSentAt === null) {
        state.registerSentAt = at;
        state.registerCallId = callId;
      } else if (data.startsWith('INVITE ')) {
        state.invitesSent.push({ at, callId, cseq });
      }
    } else {
      if (
        data.startsWith('SIP/2.0 200') &&
        state.registerSentAt !== null &&
        state.registerOkAt === null &&
        cseq !== null && /\bREGISTER$/i.test(cseq) &&
        (state.registerCallId === null || callId === state.registerCallId)
      ) {
        state.registerOkAt = at;
      } else if (data.startsWith('INVITE ')) {
        state.invitesReceived.push({ at, callId });
      }
    }
  };

  // ---- WebSocket: a subclass that listens before the app does ----
  const NativeWebSocket = window.WebSocket;
  if (NativeWebSocket) {
    const nativeSend = NativeWebSocket.prototype.send;
    NativeWebSocket.prototype.send = function (data) {
      try { onSip('out', data); } catch (e) { /* never break the app */ }
      return nativeSend.call(this, data);
    };
    class RigWebSocket extends NativeWebSocket {
      constructor(...args) {
        super(...args);
        sockets.push(this);
        this.addEventListener('message', (ev) => {
          try { onSip('in', ev.data); } catch (e) { /* never break the app */ }
        });
      }
    }
    Object.defineProperty(window, 'WebSocket', { value: RigWebSocket, writable: true, configurable: true });
  }

  // ---- RTCPeerConnection: keep every instance, poll for first RTP ----
  const NativePC = window.RTCPeerConnection;
  if (NativePC) {
    class RigPeerConnection extends NativePC {
      constructor(...args) {
        super(...args);
        const pc = this;
        const info = {
          id: nextId++,
          createdAt: now(),
          connectedAt: null,
          firstRtpAt: null,
          closedAt: null,
          connectionState: pc.connectionState,
        };
        peers.push({ pc, info });
        pc.addEventListener('connectionstatechange', () => {
          info.connectionState = pc.connectionState;
          if (pc.connectionState === 'connected' && info.connectedAt === null) info.connectedAt = now();
          if (pc.connectionState === 'closed' && info.closedAt === null) info.closedAt = now();
        });
        const nativeClose = pc.close;
        pc.close = function () {
          if (info.closedAt === null) info.closedAt = now();
          info.connectionState = 'closed';
          return nativeClose.call(pc);
        };
        const started = now();
        const timer = setInterval(() => {
          if (info.closedAt !== null || now() - started > POLL_LIMIT_MS) {
            clearInterval(timer);
            return;
          }
          let got = false;
          try {
            got = pc.getReceivers().some((r) => r.track && r.track.kind === 'audio' && r.getSynchronizationSources().length > 0);
          } catch (e) { /* closed meanwhile */ }
          if (got) {
            info.firstRtpAt = now();
            clearInterval(timer);
          }
        }, POLL_MS);
      }
    }
    Object.defineProperty(window, 'RTCPeerConnection', { value: RigPeerConnection, writable: true, configurable: true });
    if (window.webkitRTCPeerConnection) {
      Object.defineProperty(window, 'webkitRTCPeerConnection', { value: RigPeerConnection, writable: true, configurable: true });
    }
  }

  const snapshot = () => ({
    registerSentAt: state.registerSentAt,
    registerOkAt: state.registerOkAt,
    invitesSent: state.invitesSent.map((x) => ({ ...x })),
    invitesReceived: state.invitesReceived.map((x) => ({ ...x })),
    firstRtpAt: peers.length ? peers[peers.length - 1].info.firstRtpAt : null,
    peers: peers.map((p) => ({ ...p.info })),
  });

  const rig = {
    async inboundPackets() {
      let total = 0;
      for (const { pc, info } of peers) {
        if (info.closedAt !== null || pc.connectionState === 'closed') continue;
        try {
          const stats = await pc.getStats();
          stats.forEach((s) => {
            if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s.mediaType === 'audio')) total += s.packetsReceived || 0;
          });
        } catch (e) { /* closed meanwhile */ }
      }
      return total;
    },
    async audioStats() {
      const out = [];
      for (const { pc, info } of peers) {
        if (info.closedAt !== null || pc.connectionState === 'closed') continue;
        const row = { packetsReceived: 0, packetsSent: 0, inboundEnergy: 0, sourceEnergy: 0,
          localSdp: pc.localDescription ? pc.localDescription.sdp : null,
          remoteSdp: pc.remoteDescription ? pc.remoteDescription.sdp : null };
        try {
          const stats = await pc.getStats();
          stats.forEach((s) => {
            const audio = s.kind === 'audio' || s.mediaType === 'audio';
            if (s.type === 'inbound-rtp' && audio) { row.packetsReceived += s.packetsReceived || 0; row.inboundEnergy += s.totalAudioEnergy || 0; }
            if (s.type === 'outbound-rtp' && audio) row.packetsSent += s.packetsSent || 0;
            if (s.type === 'media-source' && audio) row.sourceEnergy += s.totalAudioEnergy || 0;
          });
        } catch (e) { /* closed meanwhile */ }
        out.push(row);
      }
      return out;
    },
    async rawStats() {
      const out = [];
      for (const { pc, info } of peers) {
        if (info.closedAt !== null || pc.connectionState === 'closed') continue;
        try {
          const rows = [];
          (await pc.getStats()).forEach((s) => rows.push(s));
          out.push(rows);
        } catch (e) { /* closed meanwhile */ }
      }
      return out;
    },
    dropSipSockets() {
      let n = 0;
      for (const ws of sockets) {
        if (ws.readyState === 1 && /sip/i.test(ws.protocol || '')) { ws.close(); n++; }
      }
      return n;
    },
    snapshot,
    sipLog: () => state.sipLog.map((x) => ({ ...x })),
    reset() {
      state.registerSentAt = null;
      state.registerCallId = null;
      state.registerOkAt = null;
      state.invitesSent.length = 0;
      state.invitesReceived.length = 0;
      state.sipLog.length = 0;
    },
    get firstRtpAt() { return snapshot().firstRtpAt; },
    get registerSentAt() { return state.registerSentAt; },
    get registerOkAt() { return state.registerOkAt; },
  };
  Object.defineProperty(window, '__rig', { value: rig, configurable: false, enumerable: false, writable: false });
})();
`;
