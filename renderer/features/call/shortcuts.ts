/** Keyboard shortcuts for the call controls, shown in tooltips and exposed with aria-keyshortcuts. */
export const SHORTCUTS = {
  hold: { key: 'H', label: 'Ctrl+Shift+H', aria: 'Control+Shift+H' },
  mute: { key: 'M', label: 'Ctrl+Shift+M', aria: 'Control+Shift+M' },
  keypad: { key: 'K', label: 'Ctrl+Shift+K', aria: 'Control+Shift+K' },
  hangup: { key: 'E', label: 'Ctrl+Shift+E', aria: 'Control+Shift+E' },
} as const;
export type ShortcutName = keyof typeof SHORTCUTS;

export function shortcutFor(e: Pick<KeyboardEvent, 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey' | 'key'>): ShortcutName | null {
  if (!(e.ctrlKey || e.metaKey) || !e.shiftKey || e.altKey) return null;
  const key = e.key.toUpperCase();
  const hit = (Object.keys(SHORTCUTS) as ShortcutName[]).find((n) => SHORTCUTS[n].key === key);
  return hit ?? null;
}
