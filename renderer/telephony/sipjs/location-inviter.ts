import { Inviter, type Core, type SessionDescriptionHandlerModifier, type SessionDescriptionHandlerOptions, type UserAgent, type InviterOptions } from 'sip.js';
import { buildEmergencyBody } from '../../../shared/e911/pidf-lo';

type Body = Core.Body;

/**
 * The headers an INVITE carrying location by value needs (RFC 6442 §4):
 * Geolocation points at the PIDF-LO part, Geolocation-Routing: yes lets
 * proxies route on it (an ESRP picks the PSAP from it). Content-Disposition:
 * session on the multipart body: sip.js decides offer/answer from the
 * disposition, and without it would take the 200 OK's SDP for an offer; a
 * receiving sip.js UA needs it for the same reason. RFC 5621 allows it.
 */
export function locationHeaders(contentId: string): string[] {
  return [`Geolocation: <cid:${contentId}>`, 'Geolocation-Routing: yes', 'Content-Disposition: session'];
}

/**
 * An Inviter whose initial INVITE carries multipart/mixed {SDP, PIDF-LO}.
 * Only the first offer is wrapped: re-INVITEs (hold, ICE restart) carry SDP
 * alone, as RFC 6442 leaves location to the initial request. If the body
 * cannot be built the call still goes out with plain SDP (a 911 call is
 * never held back for its location) and `onLocationDropped` says why.
 */
export class LocationInviter extends Inviter {
  private wrapped = false;

  constructor(
    ua: UserAgent,
    target: Core.URI,
    options: InviterOptions,
    private readonly location: { pidf: string; contentId: string },
    private readonly onLocationDropped: (why: string) => void,
  ) {
    super(ua, target, options);
  }

  protected override getOffer(options: {
    sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
    sessionDescriptionHandlerModifiers?: Array<SessionDescriptionHandlerModifier>;
  }): Promise<Body> {
    return super.getOffer(options).then((offer) => {
      if (this.wrapped) return offer;
      this.wrapped = true;
      const boundary = `warmline-${crypto.randomUUID()}`;
      const built = buildEmergencyBody({ sdp: offer.content, pidf: this.location.pidf, contentId: this.location.contentId, boundary });
      if (!built.ok) {
        this.onLocationDropped(built.issues.map((i) => i.message).join('; '));
        return offer;
      }
      return { contentDisposition: 'session', contentType: built.value.contentType, content: built.value.body };
    });
  }
}
