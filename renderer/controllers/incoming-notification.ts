import { useAppStore } from '../store/app-store';

/**
 * A system notification for a call that rings while the window is hidden, so
 * it is seen even when the ringtone is not heard. Clicking it answers.
 */
export function notifyIncoming(caller: string, onAnswer: () => void): void {
  // In Electron the desktop shell shows the notification (with Answer/Decline, even when hidden): one, not two.
  if (useAppStore.getState().hostInfo?.kind === 'electron') return;
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const n = new Notification('Incoming call', { body: caller, tag: 'warmline-incoming', requireInteraction: true });
  n.onclick = () => {
    window.focus();
    onAnswer();
    n.close();
  };
}
