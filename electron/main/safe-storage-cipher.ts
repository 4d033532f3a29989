import { safeStorage } from 'electron';
import type { SecretCipher } from '../host/vault';

/** Secrets sealed by the OS keychain (Keychain, DPAPI, libsecret/kwallet). */
export function createSafeStorageCipher(): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('OS-backed encryption is not available (no keychain/secret service): passwords cannot be stored safely');
  }
  return {
    name: 'electron-safeStorage',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
