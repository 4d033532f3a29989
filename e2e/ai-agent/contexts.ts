/**
 * Transfer contexts and the SIP header lines that carry them, for the
 * simulated AI voice agent. The encoders are the app's own
 * (shared/context/carriers.ts), so the tests speak exactly what the app reads.
 */
import { encodeContextHeader, encodeUui } from '../../shared/context/carriers';

export interface SampleContext {
  version: 'warmline.context/1';
  sessionId: string;
  caller: { name: string; number: string; verified: boolean; verificationMethod: string };
  intent: string;
  summary: string;
  facts: { label: string; value: string }[];
  transcript: { speaker: 'caller' | 'ai'; text: string; at: string }[];
  compliance: { recordingConsent: 'granted' | 'declined' | 'unknown'; aiDisclosureMade: boolean };
}

export function sampleContext(overrides: Partial<SampleContext> = {}): SampleContext {
  return {
    version: 'warmline.context/1',
    sessionId: 's-1',
    caller: { name: 'Dana Whitfield', number: '+14155550123', verified: true, verificationMethod: 'DOB + ZIP' },
    intent: 'Dispute a card charge',
    summary: 'Caller disputes a $312.40 charge from Northwind on May 3.',
    facts: [{ label: 'Card', value: '•••• 4411' }],
    transcript: [{ speaker: 'caller', text: 'I was charged twice.', at: '2026-01-01T00:00:00Z' }],
    compliance: { recordingConsent: 'granted', aiDisclosureMade: true },
    ...overrides,
  };
}

/** A second, clearly different context (precedence tests). */
export function otherContext(): SampleContext {
  return sampleContext({
    sessionId: 's-2',
    caller: { name: 'Marcus Oyelaran', number: '+14155550199', verified: false, verificationMethod: 'none' },
    intent: 'Change a delivery address',
    summary: 'Caller wants order 88213 shipped to their office instead of home.',
  });
}

export const xWarmlineContext = (context: object): string => `X-Warmline-Context: ${encodeContextHeader(context)}`;
/** A raw value (hostile cases: invalid base64url, invalid JSON, oversized). */
export const xWarmlineContextRaw = (value: string): string => `X-Warmline-Context: ${value}`;
export const userToUser = (payload: string): string => `User-to-User: ${encodeUui(payload)}`;
export const callInfo = (url: string): string => `Call-Info: <${url}>;purpose=warmline-context`;

/** base64url of arbitrary text (no padding), for hand-made hostile headers. */
export const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
