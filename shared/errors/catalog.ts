/**
 * One catalog of host-side error codes. Each says what happened and what the
 * user should do next, so no failure reaches the UI without advice.
 */
export const ERROR_CATALOG = {
  INVALID_REQUEST: {
    title: 'The request was malformed',
    advice: 'This is a bug in Warmline; export diagnostics and report it.',
  },
  UNKNOWN_METHOD: {
    title: 'The host does not know this request',
    advice: 'The app and its host are different versions: restart Warmline.',
  },
  NOT_FOUND: {
    title: 'Not found',
    advice: 'Refresh the view; the item may have been removed elsewhere.',
  },
  SETTINGS_WRITE_FAILED: {
    title: 'Settings could not be saved',
    advice: 'Check that the data folder is writable and the disk is not full, then try again.',
  },
  VAULT_UNAVAILABLE: {
    title: 'The credential vault is unavailable',
    advice: 'The OS keychain or key file could not be used; check permissions of the key file and restart.',
  },
  HISTORY_WRITE_FAILED: {
    title: 'Call history could not be saved',
    advice: 'Check that the data folder is writable and the disk is not full.',
  },
  CONTEXT_FETCH_FAILED: {
    title: 'The transfer context could not be fetched',
    advice: 'The call still works: ask the caller, and tell your administrator what the panel says went wrong.',
  },
  FORBIDDEN: {
    title: 'Your role does not allow this',
    advice: 'Sign in as a supervisor (or admin) with the token your admin gave you, or ask your admin to provision that role.',
  },
  INTERNAL: {
    title: 'Unexpected host error',
    advice: 'Restart Warmline; if it happens again, export diagnostics and report it.',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOG;
export const ERROR_CODES = Object.keys(ERROR_CATALOG) as [ErrorCode, ...ErrorCode[]];

export function adviceFor(code: ErrorCode): string {
  return ERROR_CATALOG[code].advice;
}
