import type { CivicAddress } from '../../../shared/e911/civic-address';

/**
 * A civic address as people read it, in US order: street, then the detail
 * inside the building, then city, state and ZIP. The PIDF-LO carries the
 * fields themselves; this is only for the screen.
 */
export function addressLines(a: CivicAddress): string[] {
  const street = [a.HNO, a.HNS, a.PRD, a.A6, a.STS, a.POD].filter(Boolean).join(' ');
  const inside = [a.BLD && `Building ${a.BLD}`, a.FLR && `Floor ${a.FLR}`, a.ROOM && `Room ${a.ROOM}`, a.LOC].filter(Boolean).join(', ');
  const city = `${a.A3}, ${a.A1} ${a.PC}${a.country === 'US' ? '' : ` ${a.country}`}`;
  return [street, inside, city].filter((l) => l !== '');
}

export function oneLineAddress(a: CivicAddress): string {
  return addressLines(a).join(', ');
}

/** The admin's label when there is one ("HQ 3rd floor"), else the address. */
export function locationName(a: CivicAddress): string {
  return a.label?.trim() ? a.label : oneLineAddress(a);
}

/** "Floor 3, Room 301" for the admin's table; '' when neither is set. */
export function floorRoom(a: CivicAddress): string {
  return [a.FLR && `Floor ${a.FLR}`, a.ROOM && `Room ${a.ROOM}`].filter(Boolean).join(', ');
}
