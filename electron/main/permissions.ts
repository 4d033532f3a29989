import { APP_ORIGIN, isAppUrl } from './app-origin';

/**
 * The permission allowlist (Electron grants everything by default): what a
 * softphone page needs, only for our own pages.
 * - media: the microphone, never the camera (mediaTypes must be audio only);
 * - speaker-selection: choosing the speaker and ringing device (setSinkId);
 * - notifications: the in-page fallback notification;
 * - clipboard-sanitized-write: the screen-pop's "copy" buttons write plain
 *   text; reading the clipboard stays refused.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'speaker-selection', 'notifications', 'clipboard-sanitized-write']);

export type PermissionRequestDetails = {
  requestingUrl?: string;
  isMainFrame?: boolean;
  /** For 'media': what the page asks for. */
  mediaTypes?: readonly string[];
};

export type PermissionCheckDetails = {
  requestingUrl?: string;
  isMainFrame?: boolean;
  /** For 'media' checks (device enumeration, setSinkId): audio, video or unknown. */
  mediaType?: string;
};

/** A permission prompt (getUserMedia, Notification.requestPermission, ...): granted only to our page, audio only. */
export function decidePermissionRequest(permission: string, details: PermissionRequestDetails): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission)) return false;
  if (!isAppUrl(details.requestingUrl ?? '') || details.isMainFrame === false) return false;
  if (permission === 'media') return isAudioOnly(details.mediaTypes);
  return true;
}

/** A silent permission check (Notification.permission, enumerateDevices labels): the same rule by origin. */
export function decidePermissionCheck(permission: string, requestingOrigin: string, details: PermissionCheckDetails): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission)) return false;
  if (requestingOrigin !== APP_ORIGIN && !isAppUrl(requestingOrigin)) return false;
  if (details.requestingUrl !== undefined && details.requestingUrl !== '' && !isAppUrl(details.requestingUrl)) return false;
  if (permission === 'media') return details.mediaType !== 'video';
  return true;
}

/** Is this a microphone-only media request (what getUserMedia({audio: true}) asks)? */
export function isAudioOnly(mediaTypes: readonly string[] | undefined): boolean {
  return mediaTypes !== undefined && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio');
}
