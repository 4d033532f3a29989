import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file';

/**
 * Encrypts secrets at rest. Electron implements it with safeStorage (the OS
 * keychain); the web host with a key file kept outside the data folder.
 */
export type SecretCipher = {
  readonly name: string;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
};

/** Account passwords and other secrets, stored only encrypted, never logged. */
export class SecretVault {
  private readonly file: string;

  constructor(dataDir: string, private readonly cipher: SecretCipher) {
    this.file = path.join(dataDir, 'secrets.json');
  }

  get cipherName(): string {
    return this.cipher.name;
  }

  get(key: string): string | null {
    const sealed = this.readAll()[key];
    return sealed === undefined ? null : this.cipher.decrypt(Buffer.from(sealed, 'base64'));
  }

  has(key: string): boolean {
    return key in this.readAll();
  }

  set(key: string, value: string): void {
    const all = this.readAll();
    all[key] = this.cipher.encrypt(value).toString('base64');
    writeFileAtomic(this.file, JSON.stringify(all, null, 2));
  }

  delete(key: string): void {
    const all = this.readAll();
    if (!(key in all)) return;
    delete all[key];
    writeFileAtomic(this.file, JSON.stringify(all, null, 2));
  }

  private readAll(): Record<string, string> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    return z.record(z.string(), z.string()).parse(JSON.parse(text));
  }
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM with a random key in a 0600 file; the key file must live outside the data folder. */
export function createKeyFileCipher(keyFile: string): SecretCipher {
  let key: Buffer;
  try {
    key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    key = crypto.randomBytes(KEY_BYTES);
    fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(keyFile, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  if (key.length !== KEY_BYTES) throw new Error(`key file ${keyFile} does not hold a ${KEY_BYTES}-byte key`);
  return {
    name: 'key-file',
    encrypt(plain) {
      const iv = crypto.randomBytes(IV_BYTES);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const iv = sealed.subarray(0, IV_BYTES);
      const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
      d.setAuthTag(tag);
      return Buffer.concat([d.update(sealed.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
    },
  };
}
