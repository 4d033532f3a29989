/**
 * Registration lifecycle of one account, as an explicit state machine (style rule 5).
 * The adapter reports what happened; this decides what the agent sees.
 */
export type RegistrationFailure = 'auth' | 'unreachable' | 'timeout' | 'rejected';

export type RegistrationState =
  | { status: 'unconfigured' }
  | { status: 'connecting'; attempt: number }
  | { status: 'registering' }
  | { status: 'registered'; since: number; expiresSec: number }
  | { status: 'failed'; failure: RegistrationFailure; detail: string; retryAt: number | null }
  | { status: 'unregistered' };

export type RegistrationEvent =
  | { type: 'connect'; attempt: number }
  | { type: 'transport-up' }
  | { type: 'registered'; at: number; expiresSec: number }
  | { type: 'failed'; failure: RegistrationFailure; detail: string; retryAt: number | null }
  | { type: 'unregistered' }
  | { type: 'reset' };

export function nextRegistration(state: RegistrationState, ev: RegistrationEvent): RegistrationState {
  switch (ev.type) {
    case 'connect':
      return { status: 'connecting', attempt: ev.attempt };
    case 'transport-up':
      return state.status === 'registered' ? state : { status: 'registering' };
    case 'registered':
      return { status: 'registered', since: ev.at, expiresSec: ev.expiresSec };
    case 'failed':
      return { status: 'failed', failure: ev.failure, detail: ev.detail, retryAt: ev.retryAt };
    case 'unregistered':
      return { status: 'unregistered' };
    case 'reset':
      return { status: 'unconfigured' };
    default:
      return assertNever(ev);
  }
}

const FAILURE_TEXT: Record<RegistrationFailure, string> = {
  auth: 'Wrong credentials',
  unreachable: 'Server unreachable',
  timeout: 'Registration timed out',
  rejected: 'Registration rejected',
};

const FAILURE_ADVICE: Record<RegistrationFailure, string> = {
  auth: 'Check the user name and password in Settings, or ask your administrator.',
  unreachable: 'Check your network and the server address; Warmline keeps retrying by itself.',
  timeout: 'The server did not answer in time; Warmline keeps retrying by itself.',
  rejected: 'The server refused the registration; ask your administrator to check the account.',
};

/** One line for the status bar, e.g. "Failed: Wrong credentials (401 Unauthorized)". */
export function describeRegistration(s: RegistrationState): { text: string; advice: string } {
  switch (s.status) {
    case 'unconfigured':
      return { text: 'No account configured', advice: 'Add your SIP account in Settings.' };
    case 'connecting':
      return { text: s.attempt > 0 ? `Reconnecting (attempt ${s.attempt + 1})` : 'Connecting', advice: '' };
    case 'registering':
      return { text: 'Registering', advice: '' };
    case 'registered':
      return { text: 'Registered', advice: '' };
    case 'failed':
      return {
        text: `Failed: ${FAILURE_TEXT[s.failure]}${s.detail ? ` (${s.detail})` : ''}`,
        advice: FAILURE_ADVICE[s.failure],
      };
    case 'unregistered':
      return { text: 'Not registered', advice: '' };
    default:
      return assertNever(s);
  }
}

/** Map a final REGISTER response to a failure kind. */
export function failureForStatus(code: number): RegistrationFailure {
  if (code === 401 || code === 403 || code === 407) return 'auth';
  if (code === 408 || code === 504) return 'timeout';
  if (code === 503 || code === 0) return 'unreachable';
  return 'rejected';
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected case: ${JSON.stringify(x)}`);
}
