import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CivicAddressSchema } from '../../../shared/e911/civic-address';
import { LocationSourceSchema } from '../../../shared/contract/e911';
import { moveAside, writeFileAtomic } from '../atomic-file';
import type { ScopedLogger } from '../logger';
import type { NoticeBoard } from '../notices';
import { NetworkSnapshotSchema } from './network-snapshot';

/** `e911-state.json`: this machine's confirmed location, and the network it was confirmed on. */
export const AgentLocationStateSchema = z.object({
  version: z.literal(1),
  location: z
    .object({
      address: CivicAddressSchema,
      locationId: z.string().nullable(),
      source: LocationSourceSchema,
      confirmedAt: z.string(),
    })
    .nullable(),
  /** networkFingerprint at confirmation; null once an admin changed the location confirmed by id. */
  confirmedFingerprint: z.string().nullable(),
  /** The last network read, so a restart on the same network stays confirmed. */
  lastSnapshot: NetworkSnapshotSchema.nullable(),
  /** When the network last differed from the one before (ISO 8601). */
  changedAt: z.string().nullable().default(null),
  /** Set when an admin edited or removed the location the agent confirmed by id; cleared by the next confirmation. */
  adminChange: z.enum(['changed', 'removed']).nullable().default(null),
});
export type AgentLocationState = z.infer<typeof AgentLocationStateSchema>;

export const emptyAgentState = (): AgentLocationState => ({
  version: 1,
  location: null,
  confirmedFingerprint: null,
  lastSnapshot: null,
  changedAt: null,
  adminChange: null,
});

/** Written atomically; a damaged file is moved aside and the agent told to confirm again. */
export class AgentLocationStore {
  readonly file: string;
  private current: AgentLocationState;

  constructor(
    dataDir: string,
    private readonly notices: NoticeBoard,
    private readonly log: ScopedLogger,
  ) {
    this.file = path.join(dataDir, 'e911-state.json');
    this.current = this.load();
  }

  get(): AgentLocationState {
    return structuredClone(this.current);
  }

  save(next: AgentLocationState): AgentLocationState {
    const valid = AgentLocationStateSchema.parse(next);
    writeFileAtomic(this.file, `${JSON.stringify(valid, null, 2)}\n`);
    this.current = valid;
    return this.get();
  }

  private load(): AgentLocationState {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyAgentState();
      this.log.error('e911 state cannot be read', { file: this.file, error: (e as Error).message });
      this.notices.post('error', `Your confirmed emergency location could not be read from ${this.file}: ${(e as Error).message}.`, 'Confirm where you are again before going Available.');
      return emptyAgentState();
    }
    let reason: string;
    try {
      const parsed = AgentLocationStateSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      reason = `${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is invalid'}`;
    } catch (e) {
      reason = `it is not valid JSON (${(e as Error).message})`;
    }
    const aside = moveAside(this.file, 'corrupt');
    this.log.error('e911 state is invalid; moved aside', { reason, movedTo: aside });
    this.notices.post(
      'error',
      `Your confirmed emergency location could not be used because ${reason}. The file was moved to ${aside}, so no location is confirmed on this computer.`,
      'Confirm where you are again before going Available; a 911 call until then sends no address.',
    );
    return emptyAgentState();
  }
}
