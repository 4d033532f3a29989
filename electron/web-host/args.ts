export type WebHostArgs = {
  port: number;
  dataDir: string;
  keyFile: string;
  config: string | null;
  /** Start the Lab (local PBX + simulated AI callers) and seat this agent on it. */
  lab: boolean;
  /** Start the Lab only when no account is configured (what `npm start` passes). */
  labIfUnconfigured: boolean;
  /** Read the network (for E911) from this JSON NetworkSnapshot file instead of the OS: how e2e tests move the machine. */
  networkFile: string | null;
  /** How often the network is read, in ms. */
  networkPollMs: number;
  help: boolean;
};

export const WEB_HOST_USAGE = `Usage: npm run web -- [options]
  --port N          port on 127.0.0.1 (default 8765; 0 picks a free port)
  --data-dir DIR    where settings, history and logs are kept
  --config FILE     provisioning JSON applied at start (profile, accounts, preferences)
  --key-file FILE   key that encrypts stored passwords (must be outside --data-dir)
  --lab             open the Lab: a local PBX with simulated AI callers (no account needed)
  --lab-if-unconfigured  open the Lab only when no account is configured yet (npm start)
  --network-file FILE    read the network for E911 from this JSON file instead of the OS (docs/e911.md)
  --network-poll-ms N    how often the network is read, in ms (default 5000; 100..600000)
  --help            this text`;

export function parseWebHostArgs(
  argv: string[],
  defaults: { dataDir: string; keyFile: string },
): { ok: true; args: WebHostArgs } | { ok: false; reason: string } {
  const args: WebHostArgs = { port: 8765, dataDir: defaults.dataDir, keyFile: defaults.keyFile, config: null, lab: false, labIfUnconfigured: false, networkFile: null, networkPollMs: 5000, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    try {
      switch (flag) {
        case '--port': {
          const n = Number(value());
          if (!Number.isInteger(n) || n < 0 || n > 65535) return { ok: false, reason: '--port must be 0..65535' };
          args.port = n;
          break;
        }
        case '--data-dir':
          args.dataDir = value();
          break;
        case '--config':
          args.config = value();
          break;
        case '--key-file':
          args.keyFile = value();
          break;
        case '--lab':
          args.lab = true;
          break;
        case '--lab-if-unconfigured':
          args.labIfUnconfigured = true;
          break;
        case '--network-file':
          args.networkFile = value();
          break;
        case '--network-poll-ms': {
          const raw = value();
          const n = Number(raw);
          if (!/^\d+$/.test(raw) || n < 100 || n > 600_000) return { ok: false, reason: '--network-poll-ms must be a whole number of milliseconds, 100..600000' };
          args.networkPollMs = n;
          break;
        }
        case '--help':
        case '-h':
          args.help = true;
          break;
        default:
          return { ok: false, reason: `unknown option ${flag}` };
      }
    } catch (e) {
      return { ok: false, reason: (e as Error).message };
    }
  }
  return { ok: true, args };
}
