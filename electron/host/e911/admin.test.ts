import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test-support/temp-dir';
import { ANNEX, HQ, makeHarness } from './test-fixtures';

const tempDir = useTempDirs();
const NO_MAPPINGS = { subnets: [], gatewayMacs: [], bssids: [] };

describe('admin: locations', () => {
  it('saves a location (validated, upserted in place) and audits it with the admin as actor', () => {
    const h = makeHarness(tempDir);
    h.profile = { name: 'Dana', role: 'admin' };
    expect(h.service.saveLocation({ id: 'hq-4', address: { ...HQ, PC: '1003' } })).toEqual({ saved: false, issues: [{ field: 'PC', message: expect.stringMatching(/ZIP/) }] });
    expect(h.service.saveLocation({ id: 'hq-4', address: HQ })).toMatchObject({ saved: true, config: { locations: [{ id: 'hq-4' }] } });
    h.service.saveLocation({ id: 'annex-2', address: ANNEX });
    const r = h.service.saveLocation({ id: 'hq-4', address: { ...HQ, ROOM: '4B21' } });
    expect(r.saved && r.config.locations.map((l) => [l.id, l.address.ROOM])).toEqual([['hq-4', '4B21'], ['annex-2', undefined]]);
    expect(h.service.auditList(1)[0]).toMatchObject({ kind: 'admin.location.saved', actor: 'Dana (admin)', details: { locationId: 'hq-4', replaced: true } });
  });

  it('refuses to remove a location network mappings point at, naming how many', () => {
    const h = makeHarness(tempDir);
    h.service.saveLocation({ id: 'hq-4', address: HQ });
    h.service.saveConfig({ mappings: { ...NO_MAPPINGS, subnets: [{ cidr: '10.20.4.0/24', locationId: 'hq-4' }], gatewayMacs: [{ mac: '00:1a:2b:3c:4d:5e', locationId: 'hq-4' }] } });
    expect(h.service.removeLocation({ id: 'hq-4' })).toEqual({ saved: false, issues: [{ field: 'id', message: expect.stringContaining('the 2 network mappings') }] });
    expect(h.service.removeLocation({ id: 'nope' })).toMatchObject({ saved: false });
    h.service.saveConfig({ mappings: NO_MAPPINGS });
    expect(h.service.removeLocation({ id: 'hq-4' })).toMatchObject({ saved: true, config: { locations: [] } });
    expect(h.service.auditList(1)[0]).toMatchObject({ kind: 'admin.location.removed', details: { locationId: 'hq-4' } });
  });

  it('imports a CSV: accepted rows upserted by id, replaced counted, rejected rows reported with issues, audited with counts', () => {
    const h = makeHarness(tempDir);
    h.service.saveLocation({ id: 'hq-4', address: HQ });
    const csv = [
      'id,country,A1,A3,A6,STS,HNO,FLR,PC,ZIP',
      'hq-4,US,NY,New York,46th,Street,1633,5,10036,x',
      'annex-2,US,NY,New York,Broadway,,1500,2,10036,',
      'bad,US,NY,New York,PO Box 9,,1,1,10036,',
    ].join('\n');
    const r = h.service.importLocations({ csv });
    expect(r.report).toEqual({ accepted: 2, replaced: 1, rejected: [{ row: 3, issues: [expect.objectContaining({ field: 'A6' })] }], ignoredColumns: ['ZIP'] });
    expect(r.config.locations.map((l) => [l.id, l.address.FLR])).toEqual([['hq-4', '5'], ['annex-2', '2']]);
    expect(h.service.auditList(1)[0]).toMatchObject({ kind: 'admin.locations.imported', details: { accepted: 2, replaced: 1, rejected: 1, ignoredColumns: 'ZIP' } });
  });
});

describe('admin: e911.saveConfig', () => {
  it('reports every problem at once, per field, and saves nothing', () => {
    const h = makeHarness(tempDir);
    h.service.saveLocation({ id: 'hq-4', address: HQ });
    const before = h.service.configView();
    const r = h.service.saveConfig({
      mappings: { subnets: [{ cidr: '10.20.4.0/33', locationId: 'hq-4' }], gatewayMacs: [{ mac: '00:1a:2b:3c:4d:5e', locationId: 'nowhere' }], bssids: [] },
      numbers: [{ number: '933', country: 'US', test: true }],
      routeTemplate: 'tel:{number}',
      defaultCallbackNumber: '555-0100',
      alertTargets: [
        { id: 'desk', name: 'Desk', url: 'http://desk.example.com/alerts' },
        { id: 'desk', name: 'Desk 2', url: 'https://desk.example.com/alerts' },
      ],
    });
    expect(r.saved).toBe(false);
    if (!r.saved) {
      expect(r.issues.map((i) => i.field)).toEqual([
        'mappings.subnets[0].cidr',
        'mappings.gatewayMacs[0].locationId',
        'numbers',
        'routeTemplate',
        'defaultCallbackNumber',
        'alertTargets[0].url',
        'alertTargets[1].id',
      ]);
      expect(r.issues.every((i) => i.message.length > 10)).toBe(true);
    }
    expect(h.service.configView()).toEqual(before);
  });

  it('accepts https targets, http only to this computer, an empty template (the default), and audits the change', () => {
    const h = makeHarness(tempDir);
    for (const url of ['https://desk.example.com/a', 'http://127.0.0.1:8765/v1/alerts', 'http://localhost:9/x', 'http://[::1]:9/x']) {
      expect(h.service.saveConfig({ alertTargets: [{ id: 'd', name: 'Desk', url }] })).toMatchObject({ saved: true });
    }
    expect(h.service.saveConfig({ routeTemplate: '', defaultCallbackNumber: '' })).toMatchObject({ saved: true, config: { routeTemplate: '', defaultCallbackNumber: null } });
    expect(h.service.saveConfig({ routeTemplate: 'sips:{number}@{domain}' })).toMatchObject({ saved: true });
    expect(h.service.auditList(1)[0]).toMatchObject({ kind: 'admin.config.saved', details: { changed: 'routeTemplate', routeTemplate: 'sips:{number}@{domain}' } });
  });
});
