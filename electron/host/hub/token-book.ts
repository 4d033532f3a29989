import crypto from 'node:crypto';

/**
 * Who a bearer token belongs to. Tokens are compared as SHA-256 digests with
 * timingSafeEqual, against every known token without stopping at a match, so
 * neither a token's content nor its length leaks through response timing.
 * The book keeps digests only; tokens themselves are never logged or kept.
 */
export type TokenRole = { kind: 'platform'; platformId: string } | { kind: 'subscriber' };

export class TokenBook {
  private readonly entries: { digest: Buffer; role: TokenRole }[];

  constructor(platforms: readonly { id: string; token: string }[], subscriberTokens: readonly string[]) {
    this.entries = [
      ...platforms.map((p) => ({ digest: digest(p.token), role: { kind: 'platform', platformId: p.id } as const })),
      ...subscriberTokens.map((t) => ({ digest: digest(t), role: { kind: 'subscriber' } as const })),
    ];
  }

  lookup(token: string | null): TokenRole | null {
    if (token === null || token === '') return null;
    const d = digest(token);
    let found: TokenRole | null = null;
    for (const e of this.entries) {
      if (crypto.timingSafeEqual(d, e.digest) && found === null) found = e.role;
    }
    return found;
  }
}

const digest = (token: string): Buffer => crypto.createHash('sha256').update(token, 'utf8').digest();

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return m?.[1] ?? null;
}
