import { sendDtmf } from '../../controllers/call-actions';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** DTMF during a call: RFC 4733 in the media by default, SIP INFO where the account says so. */
export function Keypad({ callId }: { callId: string }) {
  return (
    <div className="keypad" role="group" aria-label="Keypad">
      {KEYS.map((k) => (
        <button key={k} type="button" onClick={() => sendDtmf(callId, k)} aria-label={`Digit ${k}`}>
          {k}
        </button>
      ))}
    </div>
  );
}
