import { describe, expect, it } from 'vitest';
import { CONSENT_STATES } from './cdr-facts';
import { consentOf, decideRecording, RECORDING_TEXT, type DeskRecording } from './recording-policy';

describe('decideRecording', () => {
  it('records only when the desk records and the caller granted consent', () => {
    expect(decideRecording('on', 'granted')).toEqual({ record: true, text: 'Recording' });
  });

  it.each([
    ['declined', 'refused-no-consent', 'The caller declined recording'],
    ['unknown', 'refused-consent-unknown', "The caller's consent to recording is unknown"],
    ['not-asked', 'refused-consent-unknown', "The caller's consent to recording is unknown"],
  ] as const)('refuses consent %s as %s', (consent, state, text) => {
    expect(decideRecording('on', consent)).toEqual({ record: false, state, text });
  });

  it('records nothing while the desk setting is off, whatever the caller said', () => {
    for (const consent of CONSENT_STATES) {
      expect(decideRecording('off', consent)).toEqual({ record: false, state: 'not-recorded', text: 'Recording is off' });
    }
  });

  it('records nothing when the desk setting could not be read', () => {
    for (const consent of CONSENT_STATES) {
      expect(decideRecording('unavailable', consent)).toEqual({ record: false, state: 'not-recorded', text: RECORDING_TEXT.offOnThisDesk });
    }
  });

  it('records in exactly one of every desk × consent combination', () => {
    const desks: DeskRecording[] = ['on', 'off', 'unavailable'];
    const recorded = desks.flatMap((d) => CONSENT_STATES.map((c) => decideRecording(d, c))).filter((r) => r.record);
    expect(recorded).toHaveLength(1);
  });
});

describe('consentOf', () => {
  it('reads the context’s compliance flag', () => {
    expect(consentOf({ compliance: { recordingConsent: 'granted' } })).toBe('granted');
    expect(consentOf({ compliance: { recordingConsent: 'declined' } })).toBe('declined');
    expect(consentOf({ compliance: { recordingConsent: 'unknown' } })).toBe('unknown');
  });

  it('is not-asked without a context or when the context does not say', () => {
    expect(consentOf(null)).toBe('not-asked');
    expect(consentOf({})).toBe('not-asked');
    expect(consentOf({ compliance: { aiDisclosureMade: true } })).toBe('not-asked');
  });
});
