import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  EmergencyLocationSchema,
  EmergencyNumberSchema,
  NetworkMappingsSchema,
  type EmergencyLocation,
  type EmergencyNumber,
  type NetworkMappingsConfig,
} from '../../../shared/contract/e911';
import { validateCivicAddress } from '../../../shared/e911/civic-address';
import { DEFAULT_EMERGENCY_NUMBERS } from '../../../shared/e911/emergency-numbers';
import { moveAside, writeFileAtomic } from '../atomic-file';
import type { ScopedLogger } from '../logger';
import type { NoticeBoard } from '../notices';

/** An alert target as stored: its token is in the vault (alertTokenKey), never in this file. */
export const AlertTargetSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  name: z.string().trim().min(1).max(80),
  url: z.string().url().max(2048),
});
export type AlertTarget = z.infer<typeof AlertTargetSchema>;

export const alertTokenKey = (id: string) => `e911:alert:${id}:token`;

/** `e911.json`, docs/e911.md "Files". */
export const E911ConfigFileSchema = z.object({
  version: z.literal(1),
  locations: z.array(EmergencyLocationSchema).default([]),
  mappings: NetworkMappingsSchema.default({ subnets: [], gatewayMacs: [], bssids: [] }),
  numbers: z.array(EmergencyNumberSchema).default(() => [...DEFAULT_EMERGENCY_NUMBERS]),
  routeTemplate: z.string().max(512).default(''),
  defaultCallbackNumber: z.string().nullable().default(null),
  alertTargets: z.array(AlertTargetSchema).default([]),
});
export type E911Config = z.infer<typeof E911ConfigFileSchema>;
export type { EmergencyLocation, EmergencyNumber, NetworkMappingsConfig };

export function defaultE911Config(): E911Config {
  return {
    version: 1,
    locations: [],
    mappings: { subnets: [], gatewayMacs: [], bssids: [] },
    numbers: DEFAULT_EMERGENCY_NUMBERS.map((n) => ({ ...n })),
    routeTemplate: '',
    defaultCallbackNumber: null,
    alertTargets: [],
  };
}

/**
 * The admin's emergency setup in the data folder, written atomically. A file
 * that cannot be used is moved aside and reported, never silently replaced:
 * an empty location list is safe (agents type their address) only if the
 * admin knows their list is gone.
 */
export class E911ConfigStore {
  readonly file: string;
  private current: E911Config;

  constructor(
    dataDir: string,
    private readonly notices: NoticeBoard,
    private readonly log: ScopedLogger,
  ) {
    this.file = path.join(dataDir, 'e911.json');
    this.current = this.load();
  }

  get(): E911Config {
    return structuredClone(this.current);
  }

  /** Validate, write, and only then make it current. */
  save(next: E911Config): E911Config {
    const valid = E911ConfigFileSchema.parse(next);
    writeFileAtomic(this.file, `${JSON.stringify(valid, null, 2)}\n`);
    this.current = valid;
    return this.get();
  }

  private load(): E911Config {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return defaultE911Config();
      this.log.error('e911 config cannot be read', { file: this.file, error: (e as Error).message });
      this.notices.post(
        'error',
        `The emergency location setup could not be read from ${this.file}: ${(e as Error).message}. No locations are registered for this session, so agents must type where they are.`,
        'Check the file permissions and restart Warmline; it will not overwrite the file until an admin saves the emergency setup.',
      );
      return defaultE911Config();
    }
    const reason = problemWith(text);
    if (reason.ok) return reason.config;
    const aside = moveAside(this.file, 'corrupt');
    this.log.error('e911 config is invalid; moved aside', { reason: reason.reason, movedTo: aside });
    this.notices.post(
      'error',
      `The emergency location setup could not be used because ${reason.reason}. It was moved to ${aside}; until it is restored no locations are registered, so agents must type where they are and no security desk is alerted.`,
      'An admin should fix the moved file and put it back as e911.json while Warmline is closed, or re-import the locations and re-enter the setup under Emergency (911).',
    );
    return defaultE911Config();
  }
}

function problemWith(text: string): { ok: true; config: E911Config } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `it is not valid JSON (${(e as Error).message})` };
  }
  const parsed = E911ConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is invalid'}` };
  }
  // The schema checks shapes; the address rules (US states, ZIPs, PO boxes, floor or room) apply to a hand-edited file too.
  for (const [i, loc] of parsed.data.locations.entries()) {
    const v = validateCivicAddress(loc.address);
    if (!v.ok) return { ok: false, reason: `location "${loc.id}" (locations.${i}) is not a dispatchable address: ${v.issues[0]?.field || 'address'}: ${v.issues[0]?.message}` };
  }
  return { ok: true, config: parsed.data };
}
