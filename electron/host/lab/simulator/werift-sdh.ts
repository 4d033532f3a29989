import type { BodyAndContentType, SessionDescriptionHandler } from 'sip.js';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import { OpusPlayer } from './opus-player';

const GATHER_TIMEOUT_MS = 1500;

/**
 * sip.js's media port implemented with werift (WebRTC in pure TypeScript),
 * so a Lab AI caller in the Node host speaks real DTLS-SRTP/ICE/Opus to the
 * agent's browser. It only plays pre-encoded Opus; what it receives is
 * counted, not decoded.
 */
export class WeriftSessionDescriptionHandler implements SessionDescriptionHandler {
  readonly pc: RTCPeerConnection;
  readonly player: OpusPlayer;
  packetsReceived = 0;
  /** Epoch ms of the first packet received. */
  firstPacketAt: number | null = null;
  private closed = false;

  constructor(private readonly log: (message: string) => void) {
    this.pc = new RTCPeerConnection({
      codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111, parameters: 'minptime=10;useinbandfec=1' })] },
      iceServers: [],
    });
    const track = new MediaStreamTrack({ kind: 'audio' });
    const transceiver = this.pc.addTransceiver(track, { direction: 'sendrecv' });
    transceiver.onTrack.subscribe((remote) =>
      remote.onReceiveRtp.subscribe(() => {
        if (this.packetsReceived++ === 0) this.firstPacketAt = Date.now();
      }),
    );
    this.player = new OpusPlayer(track);
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') this.player.start();
      if (state === 'failed') this.log('media connection failed');
    });
  }

  async getDescription(): Promise<BodyAndContentType> {
    const answering = this.pc.signalingState === 'have-remote-offer';
    const desc = answering ? await this.pc.createAnswer() : await this.pc.createOffer();
    await this.pc.setLocalDescription(desc);
    await this.gathered();
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new Error('no local description');
    return { body: sdp, contentType: 'application/sdp' };
  }

  async setDescription(sdp: string): Promise<void> {
    const type = this.pc.signalingState === 'have-local-offer' ? 'answer' : 'offer';
    await this.pc.setRemoteDescription({ type, sdp });
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  sendDtmf(): boolean {
    return false;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.player.stop();
    void this.pc.close().catch(() => undefined);
  }

  private gathered(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, GATHER_TIMEOUT_MS);
      this.pc.iceGatheringStateChange.subscribe((s) => {
        if (s === 'complete') {
          clearTimeout(t);
          resolve();
        }
      });
    });
  }
}
