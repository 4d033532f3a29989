import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { moveAside, writeFileAtomic } from '../host/atomic-file';
import type { ScopedLogger } from '../host/logger';
import { DEFAULT_SHORTCUTS } from './global-shortcuts';

const Accelerator = z.string().trim().min(1).max(60).nullable();

/**
 * Desktop-only choices, in desktop.json next to settings.json: the global
 * shortcuts, start at login, and whether closing the window keeps Warmline
 * running in the tray. Not in settings.json because the web host has none of
 * these (see the issue #11 report for moving them into preferences).
 */
export const DesktopPrefsSchema = z
  .object({
    version: z.literal(1).default(1),
    shortcuts: z
      .object({
        answer: Accelerator.default(DEFAULT_SHORTCUTS.answer),
        hangup: Accelerator.default(DEFAULT_SHORTCUTS.hangup),
        mute: Accelerator.default(DEFAULT_SHORTCUTS.mute),
      })
      .strict()
      .default(DEFAULT_SHORTCUTS),
    startAtLogin: z.boolean().default(false),
    /** Closing the window hides it: calls still ring, the tray shows it again. Quit from the tray menu. */
    closeToTray: z.boolean().default(true),
  })
  .strict();
export type DesktopPrefs = z.infer<typeof DesktopPrefsSchema>;

export class DesktopPrefsStore {
  readonly file: string;
  private current: DesktopPrefs;

  constructor(
    dataDir: string,
    private readonly log: ScopedLogger,
  ) {
    this.file = path.join(dataDir, 'desktop.json');
    this.current = this.load();
  }

  get(): DesktopPrefs {
    return structuredClone(this.current);
  }

  update(change: (p: DesktopPrefs) => DesktopPrefs): DesktopPrefs {
    const next = DesktopPrefsSchema.parse(change(this.get()));
    writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.current = next;
    return this.get();
  }

  /** A missing file is the defaults; a damaged one is moved aside (kept for the user) and the defaults apply. */
  private load(): DesktopPrefs {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn('desktop.json cannot be read; using the defaults', { error: (e as Error).message });
      return DesktopPrefsSchema.parse({});
    }
    let problem: string;
    try {
      const parsed = DesktopPrefsSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      problem = `${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is invalid'}`;
    } catch (e) {
      problem = `not JSON (${(e as Error).message})`;
    }
    let aside: string | null = null;
    try {
      aside = moveAside(this.file, 'invalid');
    } catch {
      aside = null;
    }
    this.log.warn('desktop.json is invalid; using the defaults', { problem, movedTo: aside });
    return DesktopPrefsSchema.parse({});
  }
}
