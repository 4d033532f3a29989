import { currentHost } from './phone-controller';

/** Ask the host to bundle diagnostics into its data folder (no passwords, tokens or caller data in it). */
export async function exportDiagnostics(): Promise<{ ok: true; path: string; bytes: number } | { ok: false; reason: string }> {
  const host = currentHost();
  if (!host) return { ok: false, reason: 'the Warmline host is not connected' };
  const r = await host.call('diagnostics.export', {});
  return r.ok ? { ok: true, path: r.value.path, bytes: r.value.bytes } : { ok: false, reason: r.error.message };
}
