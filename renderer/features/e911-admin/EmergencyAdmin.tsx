import { useEffect, useState } from 'react';
import { loadE911Audit, loadE911Config } from '../../controllers/e911-controller';
import { useAppStore } from '../../store/app-store';
import { AuditLog } from './AuditLog';
import { EmergencyCallingForm } from './EmergencyCallingForm';
import { LocationImport } from './LocationImport';
import { LocationsSection } from './LocationsSection';
import { NetworkMappingsEditor } from './NetworkMappingsEditor';

/** The admin's "Emergency locations" tab: where every agent can be, how the network says so, and what happens on 911. */
export function EmergencyAdmin() {
  const config = useAppStore((s) => s.e911Config);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    void loadE911Config().then((r) => setLoadError(r.ok ? null : r.reason));
    void loadE911Audit();
  }, []);

  if (!config) {
    return (
      <main className="e911-admin" aria-busy={loadError ? undefined : true}>
        <h2>Emergency locations</h2>
        {loadError ? (
          <p className="field-error" role="alert">
            {loadError}
          </p>
        ) : (
          <p>Loading the emergency setup…</p>
        )}
      </main>
    );
  }
  return (
    <main className="e911-admin">
      <h2>Emergency locations</h2>
      <LocationsSection config={config} />
      <LocationImport />
      <NetworkMappingsEditor config={config} />
      <EmergencyCallingForm config={config} />
      <AuditLog />
    </main>
  );
}
