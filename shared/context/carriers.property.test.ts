import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeContextHeader, encodeUui, parseFetchedContext, resolveInlineContext, utf8Length, type ContextCarriers, type ContextResolution } from './carriers';
import { CONTEXT_VERSION, TransferContextSchema, cleanText, parseTransferContext, type TransferContext } from './transfer-context';

// Text the parser keeps verbatim: no characters cleanText strips.
const plain = (max: number, min = 0) => fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).map(cleanText).filter((s) => s.length >= min && s.length <= max);
const nonEmpty = <T extends object>(a: fc.Arbitrary<T>) => a.filter((o) => Object.keys(o).length > 0);
const iso = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

const validContext: fc.Arbitrary<TransferContext> = fc.record(
  {
    version: fc.constant(CONTEXT_VERSION),
    sessionId: plain(128, 1).filter((s) => s.trim() !== ''),
    caller: nonEmpty(
      fc.record(
        { name: plain(200), number: fc.stringMatching(/^\+[1-9]\d{1,14}$/), verified: fc.boolean(), verificationMethod: plain(200) },
        { requiredKeys: [] },
      ),
    ),
    account: nonEmpty(fc.record({ id: plain(128), label: plain(200) }, { requiredKeys: [] })),
    intent: plain(200),
    summary: plain(400),
    facts: fc.array(fc.record({ label: plain(100), value: plain(200) }), { maxLength: 5 }),
    transcript: fc.array(
      fc.record({ speaker: fc.constantFrom('caller', 'ai', 'agent', 'system'), text: plain(200), at: iso }, { requiredKeys: ['speaker', 'text'] }),
      { maxLength: 5 },
    ),
    sentiment: fc.constantFrom('positive', 'neutral', 'negative', 'mixed'),
    aiAgent: nonEmpty(fc.record({ name: plain(200), confidence: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: [] })),
    handoff: nonEmpty(fc.record({ reason: plain(500), requestedSkill: plain(200) }, { requiredKeys: [] })),
    language: fc.constantFrom('en', 'en-US', 'es-419', 'zh-Hant-TW', 'fr-CA'),
    compliance: nonEmpty(fc.record({ recordingConsent: fc.constantFrom('granted', 'declined', 'unknown'), aiDisclosureMade: fc.boolean() }, { requiredKeys: [] })),
    callerIdAttestation: fc.constantFrom('A', 'B', 'C'),
  },
  { requiredKeys: ['version', 'sessionId'] },
) as fc.Arbitrary<TransferContext>;

/** A mix of ours-shaped, almost-ours and foreign header values. */
const headerValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.jsonValue().map((v) => encodeContextHeader({ v })),
  validContext.map(encodeContextHeader),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
);
const uuiValue = fc.oneof(
  fc.string(),
  fc.string().map((s) => encodeUui(s)),
  fc.jsonValue().map((v) => encodeUui(JSON.stringify(v) ?? '')),
  validContext.map((c) => encodeUui(JSON.stringify(c))),
  fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/).map((id) => encodeUui(id, 'warmline-context')),
  fc.string().map((s) => `${s};encoding=hex;purpose=warmline`),
);
const callInfoValue = fc.oneof(
  fc.string(),
  fc.webUrl().map((u) => `<${u}>;purpose=warmline-context`),
  fc.string().map((u) => `<${u}>;purpose=warmline-context`),
  fc.webUrl().map((u) => `<${u}>;purpose=icon`),
);
const carriers: fc.Arbitrary<ContextCarriers> = fc.record({
  xWarmlineContext: fc.option(headerValue, { nil: null }),
  userToUser: fc.array(uuiValue, { maxLength: 3 }),
  callInfo: fc.array(callInfoValue, { maxLength: 3 }),
  twilioParameters: fc.option(
    fc.dictionary(fc.constantFrom('warmline_context', 'warmline_context_b64', 'other'), headerValue, { maxKeys: 3 }),
    { nil: null },
  ),
});

/** An independent oracle: does anything on the call even claim to be ours? */
function anyOurs(c: ContextCarriers): boolean {
  const tw = c.twilioParameters ?? {};
  return (
    'warmline_context' in tw ||
    'warmline_context_b64' in tw ||
    c.xWarmlineContext !== null ||
    c.userToUser.some((v) => /purpose\s*=\s*"?warmline/i.test(v)) ||
    c.callInfo.some((v) => /purpose\s*=\s*"?warmline-context/i.test(v))
  );
}

function wellFormed(r: ContextResolution): void {
  expect(r.context !== null || r.issues.length > 0 || r.fetch !== null || r.source === null).toBe(true);
  if (r.context) expect(TransferContextSchema.safeParse(r.context).success).toBe(true);
  if (r.fetch) expect(r.context).toBeNull();
  if (r.source === null) expect(r.ignored).toEqual([]);
  for (const i of r.issues) expect(typeof i.field === 'string' && typeof i.message === 'string').toBe(true);
}

describe('properties', () => {
  it('resolveInlineContext never throws, and says something whenever a carrier of ours is present', () => {
    fc.assert(
      fc.property(carriers, (c) => {
        const r = resolveInlineContext(c);
        wellFormed(r);
        const said = r.context !== null || r.issues.length > 0 || r.fetch !== null;
        if (anyOurs(c)) expect(said).toBe(true);
        else expect(r).toEqual({ context: null, source: null, issues: [], fetch: null, ignored: [] });
      }),
      { numRuns: 400 },
    );
  });

  it('parseFetchedContext never throws and always gives a context or an issue', () => {
    const body = fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v) ?? ''), validContext.map((c) => JSON.stringify(c)));
    fc.assert(
      fc.property(body, fc.constantFrom('call-info' as const, 'uui-id' as const), (b, source) => {
        const r = parseFetchedContext(b, source);
        wellFormed(r);
        expect(r.context !== null || r.issues.length > 0).toBe(true);
        expect(r.fetch).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('parseTransferContext never throws, gives a context or an issue, and its output fits the schema', () => {
    const raw = fc.oneof(
      fc.anything(),
      fc.jsonValue(),
      validContext,
      // valid contexts with random fields replaced by random values
      fc.tuple(validContext, fc.dictionary(fc.constantFrom('sessionId', 'caller', 'facts', 'transcript', 'aiAgent', 'language', 'version'), fc.anything())).map(([c, patch]) => ({ ...c, ...patch })),
    );
    fc.assert(
      fc.property(raw, (v) => {
        const r = parseTransferContext(v);
        expect(r.context !== null || r.issues.length > 0).toBe(true);
        expect(r.issues.length).toBeLessThanOrEqual(21);
        if (r.context) expect(TransferContextSchema.safeParse(r.context).success).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('round trip: encodeContextHeader -> resolveInlineContext gives back the same context, no issues', () => {
    fc.assert(
      fc.property(validContext, (c) => {
        const header = encodeContextHeader(c);
        fc.pre(header.length <= 8192); // larger is refused by design (tested in carriers.test.ts)
        const r = resolveInlineContext({ xWarmlineContext: header, userToUser: [], callInfo: [] });
        expect(r.issues).toEqual([]);
        expect(r.source).toBe('x-header');
        expect(r.context).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });

  it('round trip through User-to-User and Twilio too', () => {
    fc.assert(
      fc.property(validContext, (c) => {
        const json = JSON.stringify(c);
        const bytes = utf8Length(json);
        const uui = resolveInlineContext({ xWarmlineContext: null, userToUser: [encodeUui(json)], callInfo: [] });
        const tw = resolveInlineContext({ xWarmlineContext: null, userToUser: [], callInfo: [], twilioParameters: { warmline_context: json } });
        // UUI and Twilio values are capped at 8 KB like the header
        if (bytes * 2 <= 8192) expect([uui.context, uui.issues]).toEqual([c, []]);
        if (bytes <= 8192) expect([tw.context, tw.issues]).toEqual([c, []]);
      }),
      { numRuns: 200 },
    );
  });
});
