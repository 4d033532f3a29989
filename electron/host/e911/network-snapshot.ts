import { z } from 'zod';
import type { NetworkSnapshot } from '../../../shared/e911/network-mapping';

/** A NetworkSnapshot read from a file (the state file, or --network-file): from unknown, like anything on disk. */
export const NetworkSnapshotSchema = z.object({
  interfaces: z
    .array(z.object({ name: z.string().max(64).optional(), cidrs: z.array(z.string().max(64)).max(64) }))
    .max(64),
  gatewayMac: z.string().max(32).nullable().optional(),
  bssid: z.string().max(32).nullable().optional(),
}) satisfies z.ZodType<NetworkSnapshot>;
