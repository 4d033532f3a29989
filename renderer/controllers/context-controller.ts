import { parseFetchedContext, resolveInlineContext, type ContextResolution } from '../../shared/context/carriers';
import { readCallerAttestation } from '../../shared/context/stir-shaken';
import type { CallSignalling } from '../../shared/telephony/phone-port';
import { useAppStore } from '../store/app-store';
import type { ContextView } from '../store/calls-slice';
import { twilioContextCarriers } from '../telephony/twilio/twilio-context';
import { currentHost, log } from './phone-controller';
import { transferArrived } from './handoff-controller';

/**
 * The screen-pop's data: inline carriers are parsed at once (the ring is never
 * delayed), a Call-Info URL or UUI context id is fetched by the host and fills
 * the panel in when it arrives. Every problem lands in the panel's issues.
 */
const store = () => useAppStore.getState();

function view(r: ContextResolution, attestation: ContextView['attestation'], status?: ContextView['status']): ContextView {
  return {
    status: status ?? (r.context ? 'ready' : r.fetch ? 'loading' : r.issues.length ? 'failed' : 'none'),
    context: r.context,
    source: r.source,
    issues: r.issues,
    ignored: r.ignored,
    attestation,
  };
}

export function resolveCallContext(callId: string, signalling: CallSignalling): void {
  const attestation = readCallerAttestation({ from: signalling.from, pAssertedIdentity: signalling.pAssertedIdentity, identity: signalling.identity });
  // A Twilio call's custom parameters ride on its signalling (docs/twilio.md §3); SIP calls have none.
  const inline = resolveInlineContext(twilioContextCarriers(signalling));
  const known = attestation.verstat !== null || attestation.attestation !== null ? attestation : null;
  store().contextChanged(callId, view(inline, known));
  transferArrived(inline.context?.sessionId);
  for (const issue of inline.issues) log('warn', 'context', `call ${callId}: ${issue.field}: ${issue.message}`);
  if (inline.fetch) void fetchContext(callId, inline, known);
}

async function fetchContext(callId: string, inline: ContextResolution, attestation: ContextView['attestation']): Promise<void> {
  const request = inline.fetch;
  const host = currentHost();
  if (!request || !host) return;
  const source = request.kind === 'url' ? 'call-info' : 'uui-id';
  const r = await host.call('context.fetch', request.kind === 'url' ? { url: request.url } : { id: request.id });
  if (!store().calls[callId]) return; // the call ended while we waited; history keeps what we had
  if (!r.ok) {
    const field = source === 'call-info' ? 'Call-Info' : 'User-to-User';
    log('warn', 'context', `call ${callId}: ${r.error.message}`);
    store().contextChanged(callId, view({ ...inline, issues: [...inline.issues, { field, message: r.error.message }] }, attestation, 'failed'));
    return;
  }
  const fetched = parseFetchedContext(r.value.body, source);
  store().contextChanged(callId, view({ ...fetched, issues: [...inline.issues, ...fetched.issues], ignored: inline.ignored }, attestation));
}

/** The agent typed in the notes box of a call in progress. */
export function setCallNotes(callId: string, notes: string): void {
  store().notesChanged(callId, notes);
}

/** Notes edited afterwards, from the history. */
export async function saveHistoryNotes(callId: string, notes: string): Promise<boolean> {
  const r = await currentHost()?.call('history.updateNotes', { id: callId, notes });
  if (!r?.ok) return false;
  useAppStore.getState().setHistory(useAppStore.getState().history.map((h) => (h.id === callId ? { ...h, notes } : h)));
  return true;
}
