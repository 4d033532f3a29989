import { isAppUrl } from './app-origin';

/** What an IPC event tells about its sender (IpcMainInvokeEvent, narrowed). */
export type IpcSender = {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
};

/**
 * A bridge request is served only when it comes from our window's own
 * webContents, from its top frame, showing our own page (app://warmline/).
 * A frame that navigated elsewhere, a subframe, or any other webContents is
 * refused (Electron security checklist: validate the sender of every IPC).
 */
export function isTrustedSender(event: IpcSender, expectedWebContents: unknown): boolean {
  const frame = event.senderFrame;
  if (frame === null || event.sender !== expectedWebContents) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
