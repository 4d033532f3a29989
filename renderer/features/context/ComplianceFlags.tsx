import type { TransferContext } from '../../../shared/context/transfer-context';

const CONSENT = { granted: 'Recording consent granted', declined: 'Recording consent DECLINED: do not record', unknown: 'Recording consent unknown: ask before recording' } as const;

/** Consent and AI-disclosure flags: what the agent may do on this call. */
export function ComplianceFlags({ compliance }: { compliance: TransferContext['compliance'] }) {
  const consent = compliance?.recordingConsent ?? 'unknown';
  const disclosed = compliance?.aiDisclosureMade;
  return (
    <ul className="compliance" aria-label="Compliance">
      <li className={consent === 'granted' ? 'good' : consent === 'declined' ? 'bad' : 'warn'}>{CONSENT[consent]}</li>
      <li className={disclosed ? 'good' : 'warn'}>
        {disclosed === true ? 'Caller was told they spoke with an AI' : disclosed === false ? 'Caller was NOT told they spoke with an AI' : 'AI disclosure not reported'}
      </li>
    </ul>
  );
}
