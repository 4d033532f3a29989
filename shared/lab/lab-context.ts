import { CONTEXT_VERSION, type TransferContext } from '../context/transfer-context';
import type { Scenario } from './scenario';

export type SpokenTurn = { speaker: 'caller' | 'ai'; text: string; at: string };

/**
 * The transfer context a Lab AI agent hands over: what a real AI platform
 * would send, built from the scenario and the turns spoken so far.
 */
export function buildLabContext(s: Scenario, sessionId: string, spoken: readonly SpokenTurn[]): TransferContext {
  const last = <K extends 'intent' | 'summary' | 'sentiment' | 'confidence'>(k: K) => [...s.updates].reverse().find((u) => u[k] !== undefined)?.[k];
  const t = s.outcome.kind === 'transfer' ? s.outcome : null;
  const intent = last('intent');
  const summary = last('summary');
  const sentiment = last('sentiment');
  const confidence = last('confidence');
  return {
    version: CONTEXT_VERSION,
    sessionId,
    caller: { name: s.caller.name, number: s.caller.number, verified: t?.verified ?? false, ...(t ? { verificationMethod: t.verificationMethod } : {}) },
    ...(t?.account ? { account: t.account } : {}),
    ...(intent !== undefined ? { intent } : {}),
    ...(summary !== undefined ? { summary } : {}),
    ...(t ? { facts: t.facts } : {}),
    transcript: spoken.map((x) => ({ speaker: x.speaker, text: x.text, at: x.at })),
    ...(sentiment !== undefined ? { sentiment } : {}),
    aiAgent: { name: s.aiAgent.name, ...(confidence !== undefined ? { confidence } : {}) },
    ...(t ? { handoff: { reason: t.reason, requestedSkill: t.skill } } : {}),
    language: s.language,
    ...(t ? { compliance: { recordingConsent: t.recordingConsent, aiDisclosureMade: t.aiDisclosureMade } } : {}),
  } as TransferContext;
}
