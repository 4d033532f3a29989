import fs from 'node:fs';

/**
 * `<dataDir>/privacy-audit.jsonl`: one line per erasure (GDPR art. 17, CCPA
 * deletion), appended and fsynced before the erasure is reported done. It
 * says who erased what kind and how much, never the data: the number appears
 * only as a keyed hash (HMAC-SHA256 with the installation's secret) of its normalised form (number-key.ts), which confirms a
 * later "was +1 415 555 0100 erased?" without keeping the number readable.
 */
export type PrivacyAuditEntry = {
  id: string;
  at: string;
  actor: string;
  numberHash: string;
  counts: { cdrs: number; recordings: number; sessions: number; exports: number; legacyHistoryLines: number };
};

export function appendPrivacyAudit(file: string, entry: PrivacyAuditEntry): void {
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
