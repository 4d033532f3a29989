import type { StoredEvent } from './feed-store';

/**
 * The JSON the hub writes, shared by the HTTP answers and the stream. A
 * stored event goes out as `{"cursor":N,"platform":"id","event":{...}}`,
 * built from the stored text so fan-out to many subscribers serializes each
 * event once.
 */
const frames = new WeakMap<StoredEvent, string>();

export function eventFrame(e: StoredEvent): string {
  let f = frames.get(e);
  if (f === undefined) {
    f = `{"cursor":${e.cursor},"platform":${JSON.stringify(e.platform)},"event":${e.body}}`;
    frames.set(e, f);
  }
  return f;
}

/** Every refusal: a sentence for a person and the JSON path of the first bad field (null when it is not about one field). */
export type FeedError = { error: string; field: string | null };

export type IngestAck = {
  accepted: number;
  duplicates: number;
  /** Replays whose content differs from what is stored: the stored event is kept. */
  conflicts: { field: string; sessionId: string; seq: number; cursor: number; message: string }[];
  /** Fields the transfer context parser dropped (the event itself was accepted). */
  warnings: { field: string; message: string }[];
  /** Highest cursor of the batch's events (new or already stored). */
  cursor: number;
};

export const AUTH_HINT = {
  platform: 'Send your platform token as "Authorization: Bearer <token>".',
  subscriber: 'Send a subscriber token as "Authorization: Bearer <token>" (or, for browsers on the stream, the token= query parameter).',
} as const;
