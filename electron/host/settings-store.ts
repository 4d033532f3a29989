import fs from 'node:fs';
import path from 'node:path';
import { defaultSettings, type Settings, SettingsSchema } from '../../shared/settings/schema';
import { migrateSettings } from '../../shared/settings/migrations';
import { moveAside, writeFileAtomic } from './atomic-file';
import type { NoticeBoard } from './notices';
import type { ScopedLogger } from './logger';

/**
 * settings.json in the data folder: versioned, migrated on read, written
 * atomically. A file that cannot be read is moved aside and reported, never
 * silently replaced.
 */
export class SettingsStore {
  private current: Settings;
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly notices: NoticeBoard,
    private readonly log: ScopedLogger,
  ) {
    this.file = path.join(dataDir, 'settings.json');
    this.current = this.load();
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Validate, write to disk, and only then make it current. */
  save(next: Settings): Settings {
    const valid = SettingsSchema.parse(next);
    writeFileAtomic(this.file, JSON.stringify(valid, null, 2) + '\n');
    this.current = valid;
    return this.get();
  }

  update(change: (s: Settings) => Settings): Settings {
    return this.save(change(this.get()));
  }

  private load(): Settings {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return defaultSettings();
      this.log.error('settings file cannot be read', { file: this.file, error: (e as Error).message });
      this.notices.post(
        'error',
        `Settings could not be read from ${this.file}: ${(e as Error).message}. Defaults are in use for this session.`,
        'Check the file permissions; Warmline will not overwrite it until you save settings.',
      );
      return defaultSettings();
    }
    let raw: unknown;
    let reason: string | null = null;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      reason = `it is not valid JSON (${(e as Error).message})`;
    }
    if (reason === null) {
      const outcome = migrateSettings(raw);
      if (outcome.ok) {
        if (outcome.migratedFrom !== null) {
          const backup = `${this.file}.v${outcome.migratedFrom}.bak`;
          fs.copyFileSync(this.file, backup);
          writeFileAtomic(this.file, JSON.stringify(outcome.settings, null, 2) + '\n');
          this.log.info('settings migrated', { from: outcome.migratedFrom, backup });
        }
        return outcome.settings;
      }
      reason = outcome.reason;
    }
    const aside = moveAside(this.file, 'corrupt');
    this.log.error('settings file is corrupt; moved aside', { reason, movedTo: aside });
    this.notices.post(
      'error',
      `Your settings file could not be used because ${reason}. It was moved to ${aside} and Warmline started with default settings.`,
      'Re-enter your settings, or fix the moved file and put it back as settings.json while Warmline is closed.',
    );
    return defaultSettings();
  }
}
