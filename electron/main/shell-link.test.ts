import { describe, expect, it, vi } from 'vitest';
import { shellLinkOf } from './shell-link';

describe('shell link to the host', () => {
  it('is absent while the host has no shell hooks (contract not in yet)', () => {
    expect(shellLinkOf({})).toBeNull();
    expect(shellLinkOf({ shell: null })).toBeNull();
  });

  it('attaches the shell as the host port and emits actions through the host', () => {
    const host = { shell: null as { update(s: unknown): void } | null, emitShellAction: vi.fn() };
    const link = shellLinkOf(host)!;
    const shell = { update: vi.fn() };
    link.attach(shell);
    expect(host.shell).toBe(shell);
    link.sendAction({ action: 'hangup', callId: 'c1' });
    expect(host.emitShellAction).toHaveBeenCalledWith({ action: 'hangup', callId: 'c1' });
  });
});
