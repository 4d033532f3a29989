/** The three system-wide shortcuts; null turns one off. */
export type ShortcutName = 'answer' | 'hangup' | 'mute';
export type ShortcutBindings = Record<ShortcutName, string | null>;

/**
 * Function keys, not letters: Ctrl+Alt+<letter> is AltGr+<letter> on many
 * keyboards (Polish ą, German @), so a global letter shortcut would eat
 * characters people type in every application. Ctrl+Shift+letter is the
 * app's own in-window shortcuts (README), which must keep working.
 */
export const DEFAULT_SHORTCUTS: ShortcutBindings = {
  answer: 'CommandOrControl+Shift+F9',
  hangup: 'CommandOrControl+Shift+F10',
  mute: 'CommandOrControl+Shift+F11',
};

/** What the shortcuts use of Electron's globalShortcut. */
export type ShortcutRegistry = {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
};

export type ShortcutProblem = { name: ShortcutName; accelerator: string; reason: string };

const MODIFIERS = new Set(
  ['Command', 'Cmd', 'Control', 'Ctrl', 'CommandOrControl', 'CmdOrCtrl', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta'].map((m) => m.toLowerCase()),
);
const FUNCTION_KEY = /^F([1-9]|1[0-9]|2[0-4])$/i;
const MEDIA_KEYS = new Set(['medianexttrack', 'mediaprevioustrack', 'mediastop', 'mediaplaypause', 'volumemute']);
const NAMED_KEYS = new Set(
  ['Plus', 'Space', 'Tab', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter', 'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc']
    .map((k) => k.toLowerCase()),
);

/**
 * Whether `accelerator` is one Electron understands and that is safe to take
 * from the whole desktop: a key with at least one modifier, or a function or
 * media key alone (a bare letter would stop everyone typing it).
 */
export function checkAccelerator(accelerator: string): string | null {
  const parts = accelerator.split('+');
  if (accelerator.length === 0 || accelerator.length > 60 || parts.some((p) => p.trim() !== p || p === '')) {
    return 'is not an accelerator such as CommandOrControl+Shift+F9';
  }
  const key = parts[parts.length - 1]!;
  const modifiers = parts.slice(0, -1);
  if (modifiers.some((m) => !MODIFIERS.has(m.toLowerCase()))) return `has an unknown modifier (use CommandOrControl, Alt, Shift, Super)`;
  if (new Set(modifiers.map((m) => m.toLowerCase())).size !== modifiers.length) return 'repeats a modifier';
  const lower = key.toLowerCase();
  const standalone = FUNCTION_KEY.test(key) || MEDIA_KEYS.has(lower);
  const known = standalone || /^[A-Za-z0-9]$/.test(key) || NAMED_KEYS.has(lower) || /^[`\-=[\]\\;',./]$/.test(key);
  if (!known) return `ends in an unknown key "${key}"`;
  if (modifiers.length === 0 && !standalone) return 'needs a modifier (a single key would be taken from every application)';
  return null;
}

/**
 * Registers the bindings system-wide; `trigger` runs when one is pressed.
 * An invalid accelerator, one taken by another application, or the same
 * accelerator bound twice is reported, not thrown: the others still work.
 */
export function applyShortcuts(
  registry: ShortcutRegistry,
  bindings: ShortcutBindings,
  trigger: (name: ShortcutName) => void,
): { registered: string[]; problems: ShortcutProblem[]; dispose(): void } {
  const registered: string[] = [];
  const problems: ShortcutProblem[] = [];
  const seen = new Map<string, ShortcutName>();
  for (const name of ['answer', 'hangup', 'mute'] as const) {
    const accelerator = bindings[name];
    if (accelerator === null) continue;
    const invalid = checkAccelerator(accelerator);
    if (invalid) {
      problems.push({ name, accelerator, reason: `${accelerator} ${invalid}` });
      continue;
    }
    const canonical = accelerator.toLowerCase();
    const other = seen.get(canonical);
    if (other) {
      problems.push({ name, accelerator, reason: `${accelerator} is already the ${other} shortcut` });
      continue;
    }
    seen.set(canonical, name);
    let ok = false;
    try {
      ok = registry.register(accelerator, () => trigger(name));
    } catch (e) {
      problems.push({ name, accelerator, reason: `${accelerator} was refused: ${(e as Error).message}` });
      continue;
    }
    if (ok) registered.push(accelerator);
    else problems.push({ name, accelerator, reason: `${accelerator} is already used by another application` });
  }
  return {
    registered,
    problems,
    dispose: () => {
      for (const a of registered.splice(0)) registry.unregister(a);
    },
  };
}
