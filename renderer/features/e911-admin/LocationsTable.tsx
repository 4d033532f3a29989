import { useState } from 'react';
import type { EmergencyLocation } from '../../../shared/contract/e911';
import { removeEmergencyLocation } from '../../controllers/e911-controller';
import { floorRoom, oneLineAddress } from '../e911/address-format';
import { IssueSummary } from '../e911/IssueSummary';

type Failure = { reason: string | null; issues: { field: string; message: string }[] };

export function LocationsTable({ locations, onEdit }: { locations: readonly EmergencyLocation[]; onEdit: (l: EmergencyLocation) => void }) {
  const [removing, setRemoving] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const remove = async (id: string) => {
    setRemoving(id);
    setFailure(null);
    const r = await removeEmergencyLocation(id);
    setRemoving(null);
    if (!r.ok) setFailure({ reason: r.reason ?? `Could not remove ${id}.`, issues: r.issues });
  };
  if (locations.length === 0) return <p className="empty">No locations yet: add one below or import a CSV.</p>;
  return (
    <>
      <table className="review-table e911-table" aria-label="Locations">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Label</th>
            <th scope="col">Address</th>
            <th scope="col">Floor / room</th>
            <th scope="col">Callback</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {locations.map((l) => (
            <tr key={l.id}>
              <td className="digits">{l.id}</td>
              <td>{l.address.label ?? ''}</td>
              <td>{oneLineAddress(l.address)}</td>
              <td>{floorRoom(l.address)}</td>
              <td>{l.address.callbackNumber ?? ''}</td>
              <td className="row-actions">
                <button type="button" onClick={() => onEdit(l)} disabled={removing !== null}>
                  Edit
                </button>
                <button type="button" onClick={() => void remove(l.id)} disabled={removing !== null}>
                  {removing === l.id ? 'Removing…' : 'Remove'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {failure && <IssueSummary issues={failure.issues} reason={failure.reason} />}
    </>
  );
}
