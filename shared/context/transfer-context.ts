import { z } from 'zod';

/**
 * The transfer context: what an AI voice agent collected before handing the
 * call to a human, so the caller never repeats themselves (seed pattern 14,
 * R14). It arrives from the network, written by someone else's platform, so
 * it is read field by field: one bad field costs that field, never the rest.
 * docs/context-format.md is the contract for producers; keep it in step.
 */
export const CONTEXT_VERSION = 'warmline.context/1';

/** Limits, as data: the docs and the JSON Schema quote them from here. */
export const CONTEXT_LIMITS = {
  sessionId: 128,
  name: 200,
  shortText: 200,
  id: 128,
  reason: 500,
  summary: 4000,
  factLabel: 100,
  factValue: 1000,
  facts: 50,
  turnText: 4000,
  transcript: 500,
  language: 35,
  /** Issues beyond this are summarised in one "and N more" issue: a broken producer must not flood the panel. */
  issues: 20,
} as const;

const L = CONTEXT_LIMITS;
const E164 = /^\+[1-9]\d{1,14}$/;
// BCP 47, loosely: a 2-8 letter primary subtag and 1-8 character subtags. Full
// validation needs the IANA registry; the UI only shows the tag.
const BCP47 = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

const text = (max: number, description: string) => z.string().max(max).meta({ description });

// The walker below needs each list's limit; zod keeps it internally, so it is recorded here on the way in.
const LIST_MAX = new WeakMap<object, number>();
function list<T extends z.ZodType>(item: T, max: number, description: string) {
  const schema = z.array(item).max(max).meta({ description: `${description} At most ${max} items.` });
  LIST_MAX.set(schema, max);
  return schema;
}

const CallerSchema = z
  .object({
    name: text(L.name, 'Caller name as the caller gave it or as found in the CRM.'),
    number: z
      .string()
      .regex(E164, { error: 'must be E.164 like +14155550100' })
      .meta({ description: 'Caller number in E.164, e.g. +14155550100.' }),
    verified: z.boolean().meta({ description: 'Whether the AI agent verified the caller identity.' }),
    verificationMethod: text(L.shortText, 'How the identity was verified, e.g. "DOB + last 4 of SSN".'),
  })
  .partial();

const AccountSchema = z
  .object({
    id: text(L.id, 'Account or customer id in your CRM.'),
    label: text(L.shortText, 'Human-readable account label, e.g. "Gold plan, since 2019".'),
  })
  .partial();

const FactSchema = z.object({
  label: text(L.factLabel, 'What the value is, e.g. "Order number".'),
  value: text(L.factValue, 'The value; agents can copy it.'),
});

const TurnSchema = z.object({
  speaker: z.enum(['caller', 'ai', 'agent', 'system']),
  text: text(L.turnText, 'What was said.'),
  at: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time like 2025-05-01T14:03:07Z' })
    .optional()
    .meta({ description: 'When it was said, ISO 8601 date-time with Z or an offset.' }),
});

const AiAgentSchema = z
  .object({
    name: text(L.shortText, 'Name of the AI agent or bot that handled the call.'),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .meta({ description: "The AI agent's confidence in its summary and intent, 0 to 1." }),
  })
  .partial();

const HandoffSchema = z
  .object({
    reason: text(L.reason, 'Why the AI handed the call to a human.'),
    requestedSkill: text(L.shortText, 'Skill or queue the AI asked for, e.g. "billing".'),
  })
  .partial();

const ComplianceSchema = z
  .object({
    recordingConsent: z.enum(['granted', 'declined', 'unknown']),
    aiDisclosureMade: z.boolean().meta({ description: 'Whether the caller was told they were talking to an AI.' }),
  })
  .partial();

/**
 * The documented shape. sessionId allows "" because that is what
 * parseTransferContext returns when the producer left it out, and stored
 * contexts (call history) are re-read with this schema; the JSON Schema for
 * producers requires it non-empty (scripts/gen-context-schema.ts).
 */
export const TransferContextSchema = z
  .object({
    version: z.literal(CONTEXT_VERSION).meta({ description: 'Format version; always "warmline.context/1".' }),
    sessionId: z
      .string()
      .max(L.sessionId)
      .meta({ description: "The AI platform's id for this conversation; quoted back in logs and history." }),
    caller: CallerSchema.optional(),
    account: AccountSchema.optional(),
    intent: text(L.shortText, 'What the caller wants, in a few words, e.g. "Dispute a charge".').optional(),
    summary: text(L.summary, 'What happened so far, in plain text; newlines are kept.').optional(),
    facts: list(FactSchema, L.facts, 'Key facts the agent may need to copy (order numbers, amounts).').optional(),
    transcript: list(TurnSchema, L.transcript, 'The conversation so far, oldest first.').optional(),
    sentiment: z.enum(['positive', 'neutral', 'negative', 'mixed']).optional(),
    aiAgent: AiAgentSchema.optional(),
    handoff: HandoffSchema.optional(),
    language: z
      .string()
      .max(L.language)
      .regex(BCP47, { error: 'must be a BCP 47 language tag like en-US' })
      .meta({ description: 'Language of the call, BCP 47, e.g. "en-US".' })
      .optional(),
    compliance: ComplianceSchema.optional(),
    callerIdAttestation: z
      .enum(['A', 'B', 'C'])
      .meta({ description: 'STIR/SHAKEN attestation the AI platform saw on the inbound call, as reported by it.' })
      .optional(),
  })
  .meta({
    title: 'Warmline transfer context',
    description: 'What an AI voice agent hands to the human agent who takes the call.',
  });

export type TransferContext = z.infer<typeof TransferContextSchema>;
/** field: a dotted path with [i] for list items ("transcript[3].at"), a carrier name ("X-Warmline-Context"), or "" for the whole document. */
export type ContextIssue = { field: string; message: string };

// C0 (except \t and \n), DEL and C1 controls can hide or forge text in logs and
// the UI; bidi overrides and isolates can make "+1 415" display as another
// number. Legitimate right-to-left text renders correctly without them.
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Strings stay plain text: no HTML processing here, the UI renders text nodes only. */
export function cleanText(s: string): string {
  return s.replace(UNSAFE_CHARS, '');
}

type Read = { ok: true; value: unknown } | { ok: false };
const DROP: Read = { ok: false };

/**
 * Parse a transfer context from anything (already JSON-decoded). Never throws.
 * Unknown fields are ignored; each invalid field is reported and dropped; list
 * items that are invalid are dropped one by one; a missing or foreign version
 * is reported but the fields we know are still read.
 */
export function parseTransferContext(raw: unknown): { context: TransferContext | null; issues: ContextIssue[] } {
  const issues: ContextIssue[] = [];
  if (!isRecord(raw)) {
    return { context: null, issues: [{ field: '', message: `must be a JSON object (got ${kindOf(raw)})` }] };
  }
  try {
    readVersion(own(raw, 'version'), issues);
    const out: Record<string, unknown> = { version: CONTEXT_VERSION, sessionId: readSessionId(own(raw, 'sessionId'), issues) };
    const shape = TransferContextSchema.shape;
    for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
      if (key === 'version' || key === 'sessionId') continue;
      const value = own(raw, key);
      if (value === undefined) continue;
      const r = readValue(shape[key], value, key, issues, false);
      if (r.ok && r.value !== undefined) out[key] = r.value;
    }
    // The walker only keeps values its leaf schemas accepted, so this cannot
    // fail; it is here to hand out a typed value without a cast.
    const typed = TransferContextSchema.safeParse(out);
    if (!typed.success) {
      issues.push({ field: '', message: `internal: assembled context failed its schema (${typed.error.issues[0]?.message ?? 'unknown'})` });
      return { context: null, issues: capIssues(issues) };
    }
    return { context: typed.data, issues: capIssues(issues) };
  } catch (e) {
    // Only reachable with hostile non-JSON input (throwing getters, proxies).
    issues.push({ field: '', message: `could not be read (${e instanceof Error ? e.message : 'unknown error'})` });
    return { context: null, issues: capIssues(issues) };
  }
}

function readVersion(v: unknown, issues: ContextIssue[]): void {
  if (v === undefined) {
    issues.push({ field: 'version', message: `missing; expected "${CONTEXT_VERSION}", reading the fields we know` });
    return;
  }
  if (v === CONTEXT_VERSION) return;
  if (typeof v === 'string' && /^warmline\.context\/\d+$/.test(v)) {
    issues.push({ field: 'version', message: `unsupported version "${cleanText(v)}", reading the fields we know` });
    return;
  }
  issues.push({ field: 'version', message: `must be "${CONTEXT_VERSION}" (got ${describeValue(v)}), reading the fields we know` });
}

function readSessionId(v: unknown, issues: ContextIssue[]): string {
  if (v === undefined) {
    issues.push({ field: 'sessionId', message: 'missing' });
    return '';
  }
  if (typeof v !== 'string') {
    issues.push({ field: 'sessionId', message: `must be a string (got ${kindOf(v)})` });
    return '';
  }
  const s = cleanText(v);
  if (s.trim() === '') {
    issues.push({ field: 'sessionId', message: 'must not be empty' });
    return '';
  }
  if (s.length > L.sessionId) {
    issues.push({ field: 'sessionId', message: `must be at most ${L.sessionId} characters (got ${s.length})` });
    return '';
  }
  return s;
}

/**
 * Walk one schema node. Objects keep their valid fields; lists keep their
 * valid items; a leaf is cleaned (strings) and checked by its zod schema.
 * `inItem`: the object is a list item, so a bad required field drops the item.
 */
function readValue(schema: z.ZodType, value: unknown, path: string, issues: ContextIssue[], inItem: boolean): Read {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;

  if (inner instanceof z.ZodObject) {
    if (!isRecord(value)) {
      issues.push({ field: path, message: `must be an object (got ${kindOf(value)})${inItem ? '; item dropped' : ''}` });
      return DROP;
    }
    const shape = inner.shape as Record<string, z.ZodType>;
    const out: Record<string, unknown> = {};
    let itemOk = true;
    for (const key of Object.keys(shape)) {
      const sub = shape[key];
      if (!sub) continue;
      const required = !(sub instanceof z.ZodOptional);
      const field = `${path}.${key}`;
      const v = own(value, key);
      if (v === undefined) {
        if (inItem && required) {
          issues.push({ field, message: 'missing; item dropped' });
          itemOk = false;
        }
        continue;
      }
      const before = issues.length;
      const r = readValue(sub, v, field, issues, false);
      if (r.ok) out[key] = r.value;
      else if (inItem && required) {
        const last = issues[issues.length - 1];
        if (issues.length > before && last) last.message += '; item dropped';
        itemOk = false;
      }
    }
    if (inItem) return itemOk ? { ok: true, value: out } : DROP;
    // An object none of whose fields survived says nothing: leave it out so the
    // UI's "is there a caller section" test stays simple.
    return Object.keys(out).length > 0 ? { ok: true, value: out } : { ok: true, value: undefined };
  }

  if (inner instanceof z.ZodArray) {
    if (!Array.isArray(value)) {
      issues.push({ field: path, message: `must be a list (got ${kindOf(value)})` });
      return DROP;
    }
    const max = LIST_MAX.get(inner) ?? 100; // every list is built by list(); 100 keeps a slip from meaning "unbounded"
    const element = inner.element as z.ZodType;
    const items: unknown[] = [];
    const n = Math.min(value.length, max);
    for (let i = 0; i < n; i++) {
      const r = readValue(element, value[i], `${path}[${i}]`, issues, true);
      if (r.ok) items.push(r.value);
    }
    if (value.length > max) issues.push({ field: path, message: `more than ${max} items (${value.length}); kept the first ${max}` });
    return { ok: true, value: items };
  }

  const candidate = typeof value === 'string' ? cleanText(value) : value;
  const r = inner.safeParse(candidate);
  if (r.success) return { ok: true, value: r.data };
  const first = r.error.issues[0];
  issues.push({ field: path, message: first ? describeIssue(first, candidate) : 'is not valid' });
  return DROP;
}

/** Turn a zod issue into a sentence for an integrator; custom messages (E.164, date-time) pass through. */
function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)} (got ${kindOf(value)})`;
    case 'too_big':
      return typeof value === 'string'
        ? `must be at most ${String(issue.maximum)} characters (got ${value.length})`
        : `must be at most ${String(issue.maximum)} (got ${describeValue(value)})`;
    case 'too_small':
      return typeof value === 'string' ? `must be at least ${String(issue.minimum)} characters` : `must be at least ${String(issue.minimum)} (got ${describeValue(value)})`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${describeValue(value)})`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'an object';
  return `a ${expected}`;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** A short, safe rendering of a bad value for an issue message. */
function describeValue(v: unknown): string {
  if (typeof v === 'string') {
    const s = cleanText(v);
    return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return kindOf(v);
}

function capIssues(issues: ContextIssue[]): ContextIssue[] {
  if (issues.length <= L.issues) return issues;
  const more = issues.length - L.issues;
  return [...issues.slice(0, L.issues), { field: '', message: `and ${more} more issue${more === 1 ? '' : 's'}` }];
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own properties only: "constructor" or "__proto__" in the input must not reach inherited values. */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}
