import { currentHost } from './phone-controller';

/** Ask the host to start the Lab; it seats this agent on the Lab PBX (settings.changed follows). */
export async function openLab(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const host = currentHost();
  if (!host) return { ok: false, reason: 'Not connected to the Warmline host: reload the page.' };
  const r = await host.call('lab.start', {});
  if (!r.ok) return { ok: false, reason: r.error.message };
  if (r.value.state !== 'running') return { ok: false, reason: r.value.detail };
  return { ok: true };
}
