import crypto from 'node:crypto';
import type { HostNotice } from '../../shared/contract/bridge';

/** Problems the host found (corrupt files, vault trouble) that the user must hear about. */
export class NoticeBoard {
  private readonly notices: HostNotice[] = [];
  private readonly listeners = new Set<(n: HostNotice) => void>();

  post(level: HostNotice['level'], message: string, advice = ''): HostNotice {
    const n: HostNotice = { id: crypto.randomUUID(), level, message, advice, at: new Date().toISOString() };
    this.notices.push(n);
    for (const l of this.listeners) l(n);
    return n;
  }

  list(): HostNotice[] {
    return [...this.notices];
  }

  subscribe(listener: (n: HostNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
