import { z } from 'zod';
import { CALL_DIRECTIONS } from '../history/call-record';
import { callCost, MAX_CALL_SECONDS, rateClassOf, type CallCost, type RateClass, type RatesByProvider } from './call-cost';
import { formatMicros } from './money';

/**
 * The part of a call detail record (R16) that billing needs. `durationSec`
 * is connected time (answer to hang-up), not ringing time; 0 for calls that
 * never connected.
 */
export const BillableCdrSchema = z.object({
  id: z.string().min(1).max(200),
  provider: z.string().trim().min(1).max(120),
  direction: z.enum(CALL_DIRECTIONS),
  tollFree: z.boolean().default(false),
  durationSec: z.number().min(0).max(MAX_CALL_SECONDS),
});
export type BillableCdr = z.output<typeof BillableCdrSchema>;

export type RatedCall = BillableCdr & CallCost & { rateClass: RateClass; currency: string };
export type UnratedCall = { id: string; provider: string; reason: string };

/**
 * Prices every record with its provider's rate card. Records that cannot be
 * priced are returned with the reason instead of being dropped, so a missing
 * rate card shows up rather than making the bill look smaller.
 */
export function rateCalls(cdrs: readonly BillableCdr[], rates: RatesByProvider): { rated: RatedCall[]; unrated: UnratedCall[] } {
  const rated: RatedCall[] = [];
  const unrated: UnratedCall[] = [];
  for (const cdr of cdrs) {
    // hasOwn: a provider named "constructor" must not find Object's prototype.
    const card = Object.hasOwn(rates, cdr.provider) ? rates[cdr.provider] : undefined;
    if (!card) {
      unrated.push({ id: cdr.id, provider: cdr.provider, reason: `no rates are configured for provider "${cdr.provider}"` });
      continue;
    }
    const cost = callCost(cdr, card);
    if (!cost) {
      unrated.push({ id: cdr.id, provider: cdr.provider, reason: `duration ${cdr.durationSec} s is not a billable duration` });
      continue;
    }
    rated.push({ ...cdr, ...cost, rateClass: rateClassOf(cdr), currency: card.currency });
  }
  return { rated, unrated };
}

/** Billed against actual time: the seed's "61 s billed as 2 min" is actual 1.02 min, billed 2 min, overhead 96.72 %. */
export type UsageSummary = {
  calls: number;
  /** Connected time as recorded, to the millisecond. */
  actualSeconds: number;
  billedSeconds: number;
  /** For display, to 2 decimals. */
  actualMinutes: number;
  billedMinutes: number;
  /** How much more was billed than used, in percent to 2 decimals; null when nothing was used (0 s billed on 0 s). */
  overheadPct: number | null;
};
export type CurrencyAmount = { currency: string; cost: string; costMicros: number };
export type ProviderReconciliation = UsageSummary & CurrencyAmount & { provider: string };
export type Reconciliation = {
  /** One row per provider with rated calls, by provider id. */
  providers: ProviderReconciliation[];
  /** All rated calls. Cost cannot be added across currencies, so it is one amount per currency. */
  totals: UsageSummary & { costs: CurrencyAmount[] };
  /** Records left out of every figure above, with why. */
  unrated: UnratedCall[];
};

const round2 = (x: number) => Math.round(x * 100) / 100;

type Tally = { calls: number; actual: number; billed: number; micros: bigint };
const emptyTally = (): Tally => ({ calls: 0, actual: 0, billed: 0, micros: 0n });

function summary(t: Tally): UsageSummary {
  const actualSeconds = Math.round(t.actual * 1000) / 1000;
  return {
    calls: t.calls,
    actualSeconds,
    billedSeconds: t.billed,
    actualMinutes: round2(actualSeconds / 60),
    billedMinutes: round2(t.billed / 60),
    overheadPct: actualSeconds > 0 ? round2(((t.billed - actualSeconds) / actualSeconds) * 100) : null,
  };
}

function add(t: Tally, c: RatedCall): void {
  t.calls += 1;
  t.actual += c.durationSec;
  t.billed += c.billedSeconds;
  t.micros += BigInt(c.costMicros);
}

/**
 * Carrier billing reconciliation (R19): per provider and overall, the time
 * the calls used against the time the increments bill, and what it cost.
 * Costs are sums of per-call costs, each already rounded to the micro-unit,
 * so they match an invoice added up line by line. `cost` strings are exact;
 * `costMicros` is exact up to 2^53 micro-units (about 9 billion currency
 * units), far beyond any one report.
 */
export function reconcile(cdrs: readonly BillableCdr[], rates: RatesByProvider): Reconciliation {
  const { rated, unrated } = rateCalls(cdrs, rates);
  const byProvider = new Map<string, Tally & { currency: string }>();
  const byCurrency = new Map<string, bigint>();
  const total = emptyTally();
  for (const c of rated) {
    let t = byProvider.get(c.provider);
    if (!t) byProvider.set(c.provider, (t = { ...emptyTally(), currency: c.currency }));
    add(t, c);
    add(total, c);
    byCurrency.set(c.currency, (byCurrency.get(c.currency) ?? 0n) + BigInt(c.costMicros));
  }
  const providers = [...byProvider.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([provider, t]) => ({ provider, ...summary(t), ...amount(t.currency, t.micros) }));
  const costs = [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, micros]) => amount(currency, micros));
  return { providers, totals: { ...summary(total), costs }, unrated };
}

function amount(currency: string, micros: bigint): CurrencyAmount {
  return { currency, cost: formatMicros(micros, currency), costMicros: Number(micros) };
}
