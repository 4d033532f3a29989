import { isAddressedTo } from '../../shared/telephony/agent-address';
import type { TransferContext } from '../../shared/context/transfer-context';
import { useAppStore } from '../store/app-store';
import { currentPhone, log } from './phone-controller';

/**
 * Zero-gap handoff: the AI session feed announces "transfer requested" a
 * moment before the INVITE. For transfers addressed to us, the screen-pop is
 * rendered ahead and the microphone opened, so Answer has nothing left to set up.
 */
const store = () => useAppStore.getState();
/** An announced transfer whose INVITE never came is forgotten after this. */
const ANNOUNCEMENT_TTL_MS = 45_000;
/** How long a pre-opened microphone waits for its call. */
const WARM_MIC_HOLD_MS = 30_000;

export type TransferAnnouncement = { sessionId: string; targetAgent: string; context: TransferContext; reason: string | null; at: string };

export function onTransferAnnounced(t: TransferAnnouncement): void {
  const s = store();
  const account = s.settings?.accounts[0];
  if (!account || account.kind !== 'sip' || !isAddressedTo(t.targetAgent, account.uri)) return;
  const prewarm = s.settings?.preferences.prewarmHandoff ?? true;
  s.transferAnnounced({ sessionId: t.sessionId, context: t.context, reason: t.reason, at: Date.now(), prewarmed: prewarm });
  log('info', 'handoff', `transfer announced for AI session ${t.sessionId}${prewarm ? '; pre-warming the microphone' : ''}`);
  if (prewarm) void currentPhone()?.prewarm(WARM_MIC_HOLD_MS).catch((e: unknown) => log('warn', 'handoff', `microphone pre-warm failed: ${(e as Error).message}`));
  setTimeout(() => store().announcementsExpired(Date.now() - ANNOUNCEMENT_TTL_MS), ANNOUNCEMENT_TTL_MS + 100);
}

/** The INVITE of an announced transfer arrived (its context names the AI session). */
export function transferArrived(sessionId: string | undefined): void {
  if (sessionId) store().transferArrived(sessionId);
}
