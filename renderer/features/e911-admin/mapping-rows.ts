import type { FieldIssue, NetworkMappingsConfig } from '../../../shared/contract/e911';

/** The three mapping kinds as one editable row shape; the contract names the value differently per kind. */
export type MappingKind = 'subnets' | 'gatewayMacs' | 'bssids';
export type MappingRow = { value: string; locationId: string };
export type MappingRows = Record<MappingKind, MappingRow[]>;

export const MAPPING_KINDS: readonly { kind: MappingKind; legend: string; placeholder: string }[] = [
  { kind: 'subnets', legend: 'Subnet (CIDR)', placeholder: '10.20.4.0/24' },
  { kind: 'gatewayMacs', legend: 'Gateway MAC', placeholder: '00:1a:2b:3c:4d:5e' },
  { kind: 'bssids', legend: 'Wi-Fi BSSID', placeholder: '3c:84:6a:12:34:56' },
];

export function rowsFrom(m: NetworkMappingsConfig): MappingRows {
  return {
    subnets: m.subnets.map((e) => ({ value: e.cidr, locationId: e.locationId })),
    gatewayMacs: m.gatewayMacs.map((e) => ({ value: e.mac, locationId: e.locationId })),
    bssids: m.bssids.map((e) => ({ value: e.bssid, locationId: e.locationId })),
  };
}

export function mappingsFrom(r: MappingRows): NetworkMappingsConfig {
  const trim = (rows: MappingRow[]) => rows.map((x) => ({ value: x.value.trim(), locationId: x.locationId }));
  return {
    subnets: trim(r.subnets).map((e) => ({ cidr: e.value, locationId: e.locationId })),
    gatewayMacs: trim(r.gatewayMacs).map((e) => ({ mac: e.value, locationId: e.locationId })),
    bssids: trim(r.bssids).map((e) => ({ bssid: e.value, locationId: e.locationId })),
  };
}

/** Issues of one row: "mappings.subnets[2].cidr" (checked here) or "subnets[2].cidr" (the host). */
export function rowIssues(issues: readonly FieldIssue[], kind: MappingKind, index: number): FieldIssue[] {
  const prefix = `${kind}[${index}]`;
  return issues.filter((i) => i.field.replace(/^mappings\./, '').startsWith(prefix));
}
