/**
 * REFER progress (RFC 3515): the transferee reports how its call to the target is going in NOTIFYs
 * whose message/sipfrag body (RFC 3420) starts with a SIP status line, e.g. "SIP/2.0 180 Ringing".
 * Only the status line matters to the agent; any headers after it are ignored.
 */

export type Sipfrag = { status: number; reason: string };
export type TransferProgress = 'trying' | 'ringing' | 'succeeded' | 'failed';

/** A status line with a few headers is well under 1 KB; 4 KB leaves room for chatty PBXs, not for abuse. */
const MAX_SIPFRAG_BODY = 4096;
/** The reason is shown to the agent; a long one would be noise or an attempt to fill the screen. */
const MAX_REASON_LENGTH = 120;
const STATUS_LINE = /^SIP\/2\.0[ \t]+([1-6]\d\d)(?:[ \t]+([^\r\n]*))?$/i;

export function parseSipfrag(body: string): Sipfrag | null {
  if (typeof body !== 'string' || body.length > MAX_SIPFRAG_BODY) return null;
  // Some stacks put a blank line or stray indentation before the status line; tolerate it.
  const firstLine = body.trimStart().split(/\r\n|\r|\n/, 1)[0] ?? '';
  const m = STATUS_LINE.exec(firstLine);
  if (!m) return null;
  const reason = withoutControlCharacters(m[2] ?? '').trim().slice(0, MAX_REASON_LENGTH);
  return { status: Number(m[1]), reason };
}

/**
 * Maps a sipfrag status to what the agent needs to know. A status that is not a SIP status at all
 * counts as failed: the app must not leave the agent waiting on a transfer it can no longer follow.
 */
export function transferProgress(status: number): TransferProgress {
  if (!Number.isInteger(status) || status < 100) return 'failed';
  if (status === 180 || status === 183) return 'ringing';
  // Other provisional answers (181 forwarded, 182 queued) mean "still working on it".
  if (status < 200) return 'trying';
  if (status < 300) return 'succeeded';
  return 'failed';
}

/** One short sentence for the call panel. */
export function describeTransfer(progress: TransferProgress, frag: Sipfrag | null): string {
  switch (progress) {
    case 'trying':
      return 'Transferring…';
    case 'ringing':
      return 'Transferring… (ringing)';
    case 'succeeded':
      return 'Transfer succeeded';
    case 'failed':
      // The status and reason ("486 Busy Here") tell the agent whether to retry or take the call back.
      return frag ? `Transfer failed: ${`${frag.status} ${frag.reason}`.trim()}` : 'Transfer failed';
    default: {
      const unreachable: never = progress;
      return `Transfer status unknown (${String(unreachable)})`;
    }
  }
}

/** A hostile reason phrase could carry terminal escapes or NULs; the agent only needs the words. */
function withoutControlCharacters(text: string): string {
  return [...text].filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f).join('');
}
