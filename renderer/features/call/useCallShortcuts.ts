import { useEffect } from 'react';
import { activeCallId, hangup, setHold, setMute } from '../../controllers/call-actions';
import { useAppStore } from '../../store/app-store';
import { shortcutFor } from './shortcuts';

/** Global keyboard shortcuts for the active call. */
export function useCallShortcuts(onKeypad: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const name = shortcutFor(e);
      const id = activeCallId();
      if (!name || !id) return;
      e.preventDefault();
      const call = useAppStore.getState().calls[id];
      if (!call) return;
      if (name === 'hold') setHold(id, call.state.hold === 'active');
      else if (name === 'mute') setMute(id, !call.muted);
      else if (name === 'hangup') hangup(id);
      else onKeypad();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKeypad]);
}
