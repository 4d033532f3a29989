import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registerer, UserAgent } from 'sip.js';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { readOggOpus, type OpusPacket } from '../../../../shared/lab/ogg-opus';
import { ScenarioSchema, spokenLines, turnAudioName, type Scenario } from '../../../../shared/lab/scenario';
import { LabAiSession, type SessionPhase } from './ai-session';
import { FeedPublisher } from './feed-publisher';
import { GuidancePoller } from './guidance-poller';
import { WeriftSessionDescriptionHandler } from './werift-sdh';

export type LabSimulatorOptions = {
  /** The Lab proxy (or any SIP-over-WebSocket PBX) the simulated AI agent registers to. */
  sipWsUrl: string;
  domain: string;
  /** Its SIP credentials (the Lab proxy takes any; a real PBX needs its own). Default aiagent / lab. */
  sipUser?: string;
  sipPassword?: string;
  /** Hub ingest endpoint, e.g. http://127.0.0.1:8765/feed/v1/events, and the Lab platform's token (guidance is read beside it, at .../guidance). */
  ingestUrl: string;
  ingestToken: string;
  /** The human agent the AI transfers to. */
  agentUri: string;
  /** Folder with scenarios/ and audio/ (resources/lab). */
  resourcesDir: string;
  /** A new AI call every this many ms (default 20 000) ... */
  intervalMs?: number;
  /** ... with at most this many at once (default 5). */
  maxConcurrent?: number;
  prewarmLeadMs?: number;
  turnGapMs?: number;
  /** How fast the AI conversation runs before a transfer (1 = real time, the default). */
  pace?: number;
  /** Scenario ids in the order they start (default: transfers and resolved ones alternating, a transfer first). */
  order?: string[];
  log: (level: 'info' | 'warn', message: string) => void;
};

/** Monitor addresses are sip:monitor-<session id>@<Lab domain> (the Lab's monitor template). */
export const MONITOR_PREFIX = 'monitor-';

export type LabSessionStatus = { id: string; scenario: string; phase: SessionPhase };

export type LabSimulator = {
  sessions(): LabSessionStatus[];
  /** Start one more AI call now (besides the steady rate); its session id, or null at the limit. */
  startSession(): string | null;
  /** When the transfer call of a session first received RTP from the agent (epoch ms), for benchmarks. */
  firstRtpFromAgent(sessionId: string): number | null;
  stop(): Promise<void>;
};

type LoadedScenario = { scenario: Scenario; audio: OpusPacket[][] };

/** Scenarios and their audio, validated: a broken file is reported by name and left out. */
export function loadScenarios(dir: string, log: LabSimulatorOptions['log']): LoadedScenario[] {
  const out: LoadedScenario[] = [];
  for (const file of readdirSync(join(dir, 'scenarios')).filter((f) => f.endsWith('.json')).sort()) {
    try {
      const scenario = ScenarioSchema.parse(JSON.parse(readFileSync(join(dir, 'scenarios', file), 'utf8')));
      const audio = spokenLines(scenario).map((_l, i) => {
        const name = turnAudioName(scenario.id, i);
        const r = readOggOpus(readFileSync(join(dir, 'audio', name)));
        if (!r.ok) throw new Error(`${name}: ${r.reason}`);
        return r.packets;
      });
      out.push({ scenario, audio });
    } catch (e) {
      log('warn', `lab: scenario ${file} skipped: ${(e as Error).message}`);
    }
  }
  return out;
}

/** resources/lab/lab.json: the opening order and the steady rate; every field optional. */
const LabConfigSchema = z
  .object({
    order: z.array(z.string().max(40)).max(100).optional(),
    intervalMs: z.number().int().min(1000).max(3_600_000).optional(),
    maxConcurrent: z.number().int().min(1).max(50).optional(),
  })
  .strict();
export type LabConfig = z.infer<typeof LabConfigSchema>;

/** The Lab's own settings file; a broken one is reported and ignored (defaults apply). */
export function loadLabConfig(dir: string, log: LabSimulatorOptions['log']): LabConfig {
  const file = join(dir, 'lab.json');
  if (!existsSync(file)) return {};
  try {
    return LabConfigSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    log('warn', `lab: ${file} ignored: ${(e as Error).message}`);
    return {};
  }
}

/** sip.js throws synchronously once the user agent has stopped: a goodbye must never crash the host. */
function unregisterQuietly(r: Registerer | null): void {
  try {
    void r?.unregister().catch(() => undefined);
  } catch {
    /* the user agent is gone, and its registrations with it */
  }
}

/** Transfers first, then alternating with resolved ones, so a newcomer sees a warm transfer at once. */
function defaultOrder(all: LoadedScenario[]): LoadedScenario[] {
  const transfers = all.filter((s) => s.scenario.outcome.kind === 'transfer');
  const resolved = all.filter((s) => s.scenario.outcome.kind === 'resolved');
  const out: LoadedScenario[] = [];
  for (let i = 0; i < Math.max(transfers.length, resolved.length); i++) {
    if (transfers[i]) out.push(transfers[i]!);
    if (resolved[i]) out.push(resolved[i]!);
  }
  return out;
}

/**
 * The Lab's AI platform: a SIP user agent (sip.js over WebSocket, media by
 * werift) that runs scripted AI conversations, publishes them to the hub's
 * ingest API and warm-transfers some to the human agent.
 */
export async function startLabSimulator(o: LabSimulatorOptions): Promise<LabSimulator> {
  const loaded = loadScenarios(o.resourcesDir, o.log);
  if (loaded.length === 0) throw new Error(`no usable Lab scenarios in ${join(o.resourcesDir, 'scenarios')}`);
  const byId = new Map(loaded.map((l) => [l.scenario.id, l]));
  const config = loadLabConfig(o.resourcesDir, o.log);
  const wanted = o.order ?? config.order;
  const picked = wanted ? wanted.map((id) => byId.get(id)).filter((x): x is LoadedScenario => !!x) : [];
  const order = picked.length > 0 ? picked : defaultOrder(loaded);
  // sip.js's WebSocket transport uses the global WebSocket, which Node 20 lacks.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

  const user = o.sipUser ?? 'aiagent';
  const uri = UserAgent.makeURI(`sip:${user}@${o.domain}`);
  if (!uri) throw new Error(`bad Lab domain ${o.domain}`);
  const ua = new UserAgent({
    uri,
    displayName: 'Lab AI agent',
    transportOptions: { server: o.sipWsUrl },
    authorizationUsername: user,
    authorizationPassword: o.sipPassword ?? 'lab',
    logBuiltinEnabled: false,
    logLevel: 'warn',
    logConnector: (level, category, _label, content) => {
      if (level === 'error' || level === 'warn') o.log('warn', `lab sip ${category}: ${content}`);
    },
    sessionDescriptionHandlerFactory: () => new WeriftSessionDescriptionHandler((m) => o.log('warn', `lab media: ${m}`)),
    delegate: {
      // Supervisors' monitor calls: the To user names the session (sip:monitor-<id>@domain).
      onInvite: (inv) => {
        const user = inv.request.to.uri.user ?? '';
        const session = user.startsWith(MONITOR_PREFIX) ? [...sessions].find((s) => s.id === user.slice(MONITOR_PREFIX.length)) : undefined;
        if (session) session.monitor(inv);
        else void inv.reject({ statusCode: 404, reasonPhrase: 'No Such AI Session' }).catch(() => undefined);
      },
    },
  });
  await ua.start();
  const registerer = new Registerer(ua, { expires: 300 });
  await registerer.register();

  const feed = new FeedPublisher(o.ingestUrl, o.ingestToken, o.log);
  const sessions = new Set<LabAiSession>();
  // Supervisors' guidance for our sessions; a note for a session this run does not have (an older run's) is skipped.
  const guidance = new GuidancePoller(new URL('guidance', o.ingestUrl).href, o.ingestToken, (g) => [...sessions].find((s) => s.id === g.sessionId)?.guidance(g.text), o.log);
  guidance.start();
  let count = 0;
  let stopped = false;
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const startOne = (): string | null => {
    if (stopped) return null;
    const live = [...sessions].filter((s) => s.phase !== 'ended');
    if (live.length >= (o.maxConcurrent ?? config.maxConcurrent ?? 5)) return null;
    const next = order[count % order.length]!;
    count++;
    const id = `lab-${Date.now().toString(36)}-${count}`;
    const session = new LabAiSession(id, next.scenario, next.audio, {
      ua,
      feed,
      agentUri: o.agentUri,
      prewarmLeadMs: o.prewarmLeadMs ?? 1000,
      turnGapMs: o.turnGapMs ?? 400,
      pace: Math.max(1, o.pace ?? 1),
      ringTimeoutMs: 45_000,
      log: o.log,
      sleep,
    });
    sessions.add(session);
    // Each live session is reachable for monitoring at its own address, like a PBX's spy extension.
    const monitorUri = UserAgent.makeURI(`sip:${MONITOR_PREFIX}${id}@${o.domain}`);
    const monitorRegistration = monitorUri ? new Registerer(ua, { expires: 600, params: { toUri: monitorUri }, logConfiguration: false }) : null;
    void monitorRegistration?.register().catch((e: unknown) => o.log('warn', `lab: monitor address for ${id} not registered: ${(e as Error).message}`));
    o.log('info', `lab: AI session ${id} started (${next.scenario.id})`);
    void session
      .run()
      .catch((e: unknown) => o.log('warn', `lab: session ${id} failed: ${(e as Error).message}`))
      .finally(() => {
        // Ended sessions are kept a minute for status, then forgotten.
        setTimeout(() => {
          sessions.delete(session);
          if (!stopped) unregisterQuietly(monitorRegistration);
        }, 60_000).unref();
      });
    return id;
  };
  const every = o.intervalMs ?? config.intervalMs ?? 20_000;
  if (every > 0) startOne();
  const timer = setInterval(() => every > 0 && startOne(), every > 0 ? every : 3_600_000);
  return {
    sessions: () => [...sessions].map((s) => ({ id: s.id, scenario: s.scenario.id, phase: s.phase })),
    startSession: startOne,
    firstRtpFromAgent: (id) => [...sessions].find((s) => s.id === id)?.firstRtpFromAgentAt ?? null,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await guidance.stop();
      for (const s of sessions) s.stop();
      await Promise.race([feed.flush(), sleep(2000)]);
      feed.close();
      await registerer.unregister().catch(() => undefined);
      await ua.stop().catch(() => undefined);
    },
  };
}
