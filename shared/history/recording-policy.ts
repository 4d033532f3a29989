import type { TransferContext } from '../context/transfer-context';
import type { CONSENT_STATES, RECORDING_STATES } from './cdr-facts';

export type ConsentState = (typeof CONSENT_STATES)[number];
export type RecordingState = (typeof RECORDING_STATES)[number];

/**
 * The desk's recording setting (`billing.recordCalls`): on, off, or
 * unavailable when the host would not tell this role (billing.get is for
 * supervisors) or could not be asked. Unavailable records nothing: recording
 * without knowing it is allowed is the expensive mistake.
 */
export type DeskRecording = 'on' | 'off' | 'unavailable';

export type RecordingDecision =
  | { record: true; text: string }
  | { record: false; state: Exclude<RecordingState, 'recorded' | 'failed'>; text: string };

/** What the agent reads in the current call, as data so the view, the CDR and the tests agree. */
export const RECORDING_TEXT = {
  recording: 'Recording',
  off: 'Recording is off',
  offOnThisDesk: 'Recording is off on this desk',
  declined: 'The caller declined recording',
  unknown: "The caller's consent to recording is unknown",
} as const;

/**
 * The caller's consent as the AI handed it over. A context that does not say
 * is treated like no context: nobody asked on our behalf.
 */
export function consentOf(context: Pick<TransferContext, 'compliance'> | null): ConsentState {
  return context?.compliance?.recordingConsent ?? 'not-asked';
}

/** Record only when the desk records calls and the caller said yes; anything else is refused with its reason. */
export function decideRecording(desk: DeskRecording, consent: ConsentState): RecordingDecision {
  if (desk === 'unavailable') return { record: false, state: 'not-recorded', text: RECORDING_TEXT.offOnThisDesk };
  if (desk === 'off') return { record: false, state: 'not-recorded', text: RECORDING_TEXT.off };
  switch (consent) {
    case 'granted':
      return { record: true, text: RECORDING_TEXT.recording };
    case 'declined':
      return { record: false, state: 'refused-no-consent', text: RECORDING_TEXT.declined };
    case 'unknown':
    case 'not-asked':
      return { record: false, state: 'refused-consent-unknown', text: RECORDING_TEXT.unknown };
    default:
      return assertNever(consent);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected consent state ${String(x)}`);
}
