import type { ErrorCode } from './errors/catalog';

/** What every host call returns: the value, or an error from the catalog (style rule 4). */
export type HostError = { code: ErrorCode; message: string };
export type Result<T> = { ok: true; value: T } | { ok: false; error: HostError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(code: ErrorCode, message: string): Result<T> => ({
  ok: false,
  error: { code, message },
});
