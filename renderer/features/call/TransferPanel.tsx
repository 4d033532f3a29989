import { useState } from 'react';
import { startConsult, transferBlind } from '../../controllers/call-actions';

/** Blind transfer sends the caller on at once; Consult calls the colleague first (attended). */
export function TransferPanel({ callId, onDone }: { callId: string; onDone: () => void }) {
  const [target, setTarget] = useState('');
  return (
    <form className="transfer-panel" aria-label="Transfer" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor="transfer-to">Transfer to</label>
      <input id="transfer-to" type="text" autoComplete="off" value={target} onChange={(e) => setTarget(e.target.value)} placeholder="extension, number or sip:name@domain" />
      <div className="row">
        <button type="button" disabled={!target.trim()} onClick={() => transferBlind(callId, target) && onDone()}>
          Blind transfer
        </button>
        <button type="button" disabled={!target.trim()} onClick={() => startConsult(callId, target) && onDone()}>
          Consult
        </button>
      </div>
    </form>
  );
}
