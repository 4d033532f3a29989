import { useState, type ChangeEvent } from 'react';
import { importLocationsFile } from '../../controllers/e911-controller';
import { ImportReport } from './ImportReport';

/** Many locations at once from a spreadsheet: a header of civic field names (id, country, A1, A3, …), a row per location. */
export function LocationImport() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(file.name);
    setError(null);
    const r = await importLocationsFile(file);
    setBusy(null);
    // Picking the same file again (after fixing it) must fire change again.
    input.value = '';
    if (!r.ok) setError(r.reason);
  };
  return (
    <section className="e911-section" aria-labelledby="e911-import-title">
      <h3 id="e911-import-title">Import</h3>
      <div className="field">
        <label htmlFor="e911-import-file">Import locations CSV</label>
        <input id="e911-import-file" type="file" accept=".csv,text/csv" onChange={(e) => void pick(e)} disabled={busy !== null} aria-describedby="e911-import-help" />
        <span id="e911-import-help" className="advice">
          Header row: id, then civic field names (country, A1, A3, HNO, A6, STS, FLR, ROOM, PC, label, callbackNumber…). A row with an existing id replaces it.
        </span>
      </div>
      {busy && <p role="status">Importing {busy}…</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <ImportReport />
    </section>
  );
}
