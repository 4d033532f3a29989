import { describe, expect, it } from 'vitest';
import { CONTEXT_VERSION, TransferContextSchema, cleanText, parseTransferContext } from './transfer-context';

const base = { version: CONTEXT_VERSION, sessionId: 'sess-1' };
const full = {
  ...base,
  caller: { name: 'Dana Reyes', number: '+14155550100', verified: true, verificationMethod: 'DOB + last 4 of SSN' },
  account: { id: 'ACC-1001', label: 'Gold plan' },
  intent: 'Dispute a charge',
  summary: 'Caller disputes a $42 charge.\nWants a refund.',
  facts: [{ label: 'Order', value: 'A-77' }],
  transcript: [
    { speaker: 'ai', text: 'How can I help?', at: '2025-05-01T14:03:07Z' },
    { speaker: 'caller', text: 'A wrong charge.', at: '2025-05-01T14:03:09.250+02:00' },
    { speaker: 'system', text: 'Transferring' },
  ],
  sentiment: 'negative',
  aiAgent: { name: 'Ava', confidence: 0.82 },
  handoff: { reason: 'Refund over limit', requestedSkill: 'billing' },
  language: 'en-US',
  compliance: { recordingConsent: 'granted', aiDisclosureMade: true },
  callerIdAttestation: 'A',
};

describe('parseTransferContext: valid input', () => {
  it('reads a complete context with no issues', () => {
    const r = parseTransferContext(full);
    expect(r.issues).toEqual([]);
    expect(r.context).toEqual(full);
  });

  it('reads the minimal context', () => {
    expect(parseTransferContext(base)).toEqual({ context: base, issues: [] });
  });

  it('ignores unknown fields silently, at every level', () => {
    const r = parseTransferContext({ ...base, extra: 1, caller: { name: 'X', shoeSize: 44 }, facts: [{ label: 'a', value: 'b', c: 1 }] });
    expect(r.issues).toEqual([]);
    expect(r.context).toEqual({ ...base, caller: { name: 'X' }, facts: [{ label: 'a', value: 'b' }] });
  });

  it('output always satisfies the exported schema (history re-reads it)', () => {
    for (const input of [full, base, {}, { sessionId: 5, caller: { number: 'x' } }]) {
      const r = parseTransferContext(input);
      expect(TransferContextSchema.safeParse(r.context).success).toBe(true);
    }
  });

  it('does not read inherited properties', () => {
    const proto = { intent: 'inherited' };
    const raw = Object.assign(Object.create(proto) as object, base);
    expect(parseTransferContext(raw).context?.intent).toBeUndefined();
    const parsed = parseTransferContext(JSON.parse('{"version":"warmline.context/1","sessionId":"s","__proto__":{"intent":"x"}}'));
    expect(parsed.context?.intent).toBeUndefined();
  });
});

describe('parseTransferContext: the document', () => {
  it.each([
    [null, 'null'],
    [[], 'a list'],
    ['{"a":1}', 'a string'],
    [42, 'a number'],
    [undefined, 'a undefined'],
  ])('%j is not an object', (raw, kind) => {
    const r = parseTransferContext(raw);
    expect(r.context).toBeNull();
    expect(r.issues).toEqual([{ field: '', message: `must be a JSON object (got ${kind})` }]);
  });

  it('missing version: reported, fields still read', () => {
    const r = parseTransferContext({ sessionId: 's', intent: 'x' });
    expect(r.context).toEqual({ version: CONTEXT_VERSION, sessionId: 's', intent: 'x' });
    expect(r.issues).toEqual([{ field: 'version', message: expect.stringMatching(/^missing/) }]);
  });

  it('another major version: reported, fields we know still read', () => {
    const r = parseTransferContext({ ...base, version: 'warmline.context/2', intent: 'x', newField: {} });
    expect(r.context?.intent).toBe('x');
    expect(r.issues).toEqual([{ field: 'version', message: 'unsupported version "warmline.context/2", reading the fields we know' }]);
  });

  it('a garbage version is reported', () => {
    expect(parseTransferContext({ ...base, version: 7 }).issues[0]).toEqual({ field: 'version', message: expect.stringContaining('must be "warmline.context/1"') });
  });

  it.each([
    [undefined, 'missing'],
    [12, 'must be a string (got a number)'],
    ['', 'must not be empty'],
    ['  ', 'must not be empty'],
    ['x'.repeat(129), 'must be at most 128 characters (got 129)'],
  ])('sessionId %j: issue, set to "" and context still returned', (sessionId, message) => {
    const r = parseTransferContext({ version: CONTEXT_VERSION, sessionId, intent: 'i' });
    expect(r.context).toEqual({ version: CONTEXT_VERSION, sessionId: '', intent: 'i' });
    expect(r.issues).toEqual([{ field: 'sessionId', message }]);
  });
});

describe('parseTransferContext: each bad field is dropped on its own', () => {
  it.each([
    [{ caller: { number: '4155550100' } }, 'caller.number', 'must be E.164 like +14155550100'],
    [{ caller: { number: '+04155550100' } }, 'caller.number', 'must be E.164 like +14155550100'],
    [{ caller: { number: '+1415555010012345' } }, 'caller.number', 'must be E.164 like +14155550100'],
    [{ caller: { verified: 'yes' } }, 'caller.verified', 'must be a boolean (got a string)'],
    [{ caller: { name: 'x'.repeat(201) } }, 'caller.name', 'must be at most 200 characters (got 201)'],
    [{ account: { id: 12 } }, 'account.id', 'must be a string (got a number)'],
    [{ intent: ['a'] }, 'intent', 'must be a string (got a list)'],
    [{ summary: 'x'.repeat(4001) }, 'summary', 'must be at most 4000 characters (got 4001)'],
    [{ sentiment: 'angry' }, 'sentiment', 'must be one of "positive", "neutral", "negative", "mixed" (got "angry")'],
    [{ aiAgent: { confidence: 1.5 } }, 'aiAgent.confidence', 'must be at most 1 (got 1.5)'],
    [{ aiAgent: { confidence: -0.1 } }, 'aiAgent.confidence', 'must be at least 0 (got -0.1)'],
    [{ aiAgent: { confidence: '0.5' } }, 'aiAgent.confidence', 'must be a number (got a string)'],
    [{ language: 'english please' }, 'language', 'must be a BCP 47 language tag like en-US'],
    [{ compliance: { recordingConsent: 'yes' } }, 'compliance.recordingConsent', expect.stringContaining('"granted", "declined", "unknown"')],
    [{ compliance: { aiDisclosureMade: 1 } }, 'compliance.aiDisclosureMade', 'must be a boolean (got a number)'],
    [{ callerIdAttestation: 'D' }, 'callerIdAttestation', expect.stringContaining('"A", "B", "C"')],
    [{ caller: 'Dana' }, 'caller', 'must be an object (got a string)'],
    [{ facts: {} }, 'facts', 'must be a list (got an object)'],
    [{ transcript: null }, 'transcript', 'must be a list (got null)'],
  ])('%j', (patch, field, message) => {
    const r = parseTransferContext({ ...full, ...patch, caller: { ...full.caller, ...((patch as { caller?: object }).caller ?? {}) } });
    if (typeof (patch as { caller?: unknown }).caller === 'string') {
      const r2 = parseTransferContext({ ...full, ...patch });
      expect(r2.issues).toEqual([{ field, message }]);
      expect(r2.context?.caller).toBeUndefined();
      expect(r2.context?.summary).toBe(full.summary);
      return;
    }
    expect(r.issues).toEqual([{ field, message }]);
    // The bad field is gone, its siblings stay.
    const [top, sub] = field.split('.');
    const ctx = r.context as Record<string, unknown>;
    if (sub) {
      expect((ctx[top ?? ''] as Record<string, unknown> | undefined)?.[sub]).toBeUndefined();
    } else expect(ctx[top ?? '']).toBeUndefined();
    expect(r.context?.summary ?? r.context?.intent).toBeDefined();
    if (field !== 'caller.name') expect(r.context?.caller?.name).toBe('Dana Reyes');
  });

  it('several bad fields in one object: each reported, good ones kept', () => {
    const r = parseTransferContext({ ...base, caller: { name: 'Dana', number: '555', verified: 'yes', verificationMethod: 'DOB' } });
    expect(r.context?.caller).toEqual({ name: 'Dana', verificationMethod: 'DOB' });
    expect(r.issues.map((i) => i.field)).toEqual(['caller.number', 'caller.verified']);
  });

  it('an object whose fields were all bad is left out', () => {
    const r = parseTransferContext({ ...base, caller: { number: 'nope' }, account: {} });
    expect(r.context).toEqual(base);
  });
});

describe('parseTransferContext: lists drop only their bad items', () => {
  it('facts: bad items dropped with their index', () => {
    const r = parseTransferContext({ ...base, facts: [{ label: 'a', value: '1' }, { label: 'b' }, 'c', { label: 'd', value: 4 }, { label: 'e', value: '5' }] });
    expect(r.context?.facts).toEqual([{ label: 'a', value: '1' }, { label: 'e', value: '5' }]);
    expect(r.issues).toEqual([
      { field: 'facts[1].value', message: 'missing; item dropped' },
      { field: 'facts[2]', message: 'must be an object (got a string); item dropped' },
      { field: 'facts[3].value', message: 'must be a string (got a number); item dropped' },
    ]);
  });

  it('transcript: a bad optional timestamp drops the timestamp, a bad speaker drops the turn', () => {
    const r = parseTransferContext({
      ...base,
      transcript: [
        { speaker: 'ai', text: 'hi', at: 'yesterday' },
        { speaker: 'robot', text: 'beep' },
        { speaker: 'caller', text: 'hello', at: '2025-05-01T14:03:07Z' },
      ],
    });
    expect(r.context?.transcript).toEqual([{ speaker: 'ai', text: 'hi' }, { speaker: 'caller', text: 'hello', at: '2025-05-01T14:03:07Z' }]);
    expect(r.issues.map((i) => i.field)).toEqual(['transcript[0].at', 'transcript[1].speaker']);
    expect(r.issues[0]?.message).toMatch(/ISO 8601/);
    expect(r.issues[1]?.message).toMatch(/item dropped$/);
  });

  it('keeps the first 50 facts and says so', () => {
    const facts = Array.from({ length: 60 }, (_, i) => ({ label: `l${i}`, value: `v${i}` }));
    const r = parseTransferContext({ ...base, facts });
    expect(r.context?.facts).toHaveLength(50);
    expect(r.issues).toEqual([{ field: 'facts', message: 'more than 50 items (60); kept the first 50' }]);
  });

  it('keeps the first 500 turns', () => {
    const transcript = Array.from({ length: 501 }, () => ({ speaker: 'ai', text: 't' }));
    expect(parseTransferContext({ ...base, transcript }).context?.transcript).toHaveLength(500);
  });

  it('an empty list is kept', () => {
    expect(parseTransferContext({ ...base, facts: [] }).context?.facts).toEqual([]);
  });

  it('caps issues at 20 plus an "and N more" issue', () => {
    const facts = Array.from({ length: 50 }, () => 1);
    const r = parseTransferContext({ ...base, facts });
    expect(r.issues).toHaveLength(21);
    expect(r.issues[20]).toEqual({ field: '', message: 'and 30 more issues' });
    expect(r.context?.facts).toEqual([]);
  });
});

describe('parseTransferContext: hostile strings stay plain text', () => {
  it('HTML is not processed: it stays a string', () => {
    const summary = '<img src=x onerror=alert(1)>';
    const r = parseTransferContext({ ...base, summary, facts: [{ label: '<b>x</b>', value: '<script>1</script>' }] });
    expect(r.context?.summary).toBe(summary);
    expect(r.context?.facts?.[0]).toEqual({ label: '<b>x</b>', value: '<script>1</script>' });
  });

  it('strips control characters except newline and tab', () => {
    const r = parseTransferContext({ ...base, summary: 'a\u0000b\u0007c\r\nd\te\u001bf\u007fg\u0085h' });
    expect(r.context?.summary).toBe('abc\nd\tefgh');
  });

  it('strips bidi overrides that could disguise a number', () => {
    expect(cleanText('call \u202E0010555514+\u202C now')).toBe('call 0010555514+ now');
  });

  it('cleans before validating, so a number with a stray NUL still reads', () => {
    expect(parseTransferContext({ ...base, caller: { number: '+1415\u00005550100' } }).context?.caller?.number).toBe('+14155550100');
  });

  it('does not throw on throwing getters', () => {
    const raw = { ...base, get intent(): string { throw new Error('boom'); } };
    const r = parseTransferContext(raw);
    expect(r.context).toBeNull();
    expect(r.issues.at(-1)?.message).toMatch(/could not be read \(boom\)/);
  });

  it('keeps unicode text intact', () => {
    const r = parseTransferContext({ ...base, caller: { name: 'Zoë 李 😀' }, language: 'zh-Hant-TW' });
    expect(r.context?.caller?.name).toBe('Zoë 李 😀');
    expect(r.context?.language).toBe('zh-Hant-TW');
  });
});
