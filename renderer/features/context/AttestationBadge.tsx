import { describeAttestation, type CallerAttestation } from '../../../shared/context/stir-shaken';

/** The carrier's STIR/SHAKEN verdict on the caller ID, as the carrier gave it. */
export function AttestationBadge({ attestation }: { attestation: CallerAttestation }) {
  const d = describeAttestation(attestation);
  return (
    <span className={`badge ${d.tone}`} title={d.detail} aria-label={`Caller ID: ${d.label}`}>
      {d.label}
    </span>
  );
}
