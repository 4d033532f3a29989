import { useState } from 'react';
import type { E911ConfigView, EmergencyLocation } from '../../../shared/contract/e911';
import { LocationForm } from './LocationForm';
import { LocationsTable } from './LocationsTable';

/** The registered locations, and the form that adds one or edits the one picked in the table. */
export function LocationsSection({ config }: { config: E911ConfigView }) {
  const [editing, setEditing] = useState<EmergencyLocation | null>(null);
  return (
    <section className="e911-section" aria-labelledby="e911-locations-title">
      <h3 id="e911-locations-title">Locations</h3>
      <LocationsTable locations={config.locations} onEdit={setEditing} />
      <LocationForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />
    </section>
  );
}
