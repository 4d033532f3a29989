import { useAppStore } from '../../store/app-store';
import { fieldLabel } from '../e911/address-input';

/** What the last import did: counts, every rejected row with all its problems, and header cells that were not read. */
export function ImportReport() {
  const report = useAppStore((s) => s.e911LastImport);
  if (!report) return null;
  return (
    <div className="import-report">
      <table className="review-table" aria-label="Import report">
        <caption>Import report</caption>
        <tbody>
          <tr>
            <th scope="row">Accepted</th>
            <td>{report.accepted}</td>
          </tr>
          <tr>
            <th scope="row">Replaced</th>
            <td>{report.replaced}</td>
          </tr>
          <tr>
            <th scope="row">Rejected</th>
            <td>{report.rejected.length}</td>
          </tr>
          {report.rejected.map((r) => (
            <tr key={r.row} className="rejected">
              <th scope="row">Row {r.row}</th>
              <td>
                <ul>
                  {r.issues.map((i, n) => (
                    <li key={n}>{i.field ? `${fieldLabel(i.field)} (${i.field}): ${i.message}` : i.message}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.ignoredColumns.length > 0 && <p className="advice">Ignored columns: {report.ignoredColumns.join(', ')}</p>}
    </div>
  );
}
