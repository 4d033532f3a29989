import { z } from 'zod';
import { CALL_DIRECTIONS } from '../history/call-record';
import { BillingIncrementSchema, billedSeconds, type BillingIncrement } from './billing-increment';
import { CurrencySchema, formatMicros, MoneySchema } from './money';

export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/**
 * Which rate applies. A toll-free call (one on a toll-free number, usually
 * inbound to ours, where we pay for the caller) is charged at the toll-free
 * rate whatever its direction; every other call at its direction's rate.
 */
export const RATE_CLASSES = ['inbound', 'outbound', 'tollFree'] as const;
export type RateClass = (typeof RATE_CLASSES)[number];

export function rateClassOf(call: { direction: CallDirection; tollFree: boolean }): RateClass {
  return call.tollFree ? 'tollFree' : call.direction;
}

/**
 * One provider's rate card as an admin writes it: amounts per minute and per
 * call as decimal strings ("0.0085") or numbers, and the billing increment.
 * Parsed into integer micro-units; there is no default increment, because
 * guessing 1/1 for a 60/60 carrier is exactly the hidden cost R19 is about.
 */
export const ProviderRatesSchema = z
  .object({
    currency: CurrencySchema,
    inboundPerMinute: MoneySchema,
    outboundPerMinute: MoneySchema,
    tollFreePerMinute: MoneySchema,
    perCallFee: MoneySchema.default(0),
    increment: BillingIncrementSchema,
  })
  .strict()
  .transform((r) => ({
    currency: r.currency,
    perMinuteMicros: { inbound: r.inboundPerMinute, outbound: r.outboundPerMinute, tollFree: r.tollFreePerMinute } as Readonly<
      Record<RateClass, number>
    >,
    perCallFeeMicros: r.perCallFee,
    increment: r.increment as BillingIncrement,
  }));
export type ProviderRatesInput = z.input<typeof ProviderRatesSchema>;
export type ProviderRates = z.output<typeof ProviderRatesSchema>;

/** Rate cards keyed by provider id ("twilio", "telnyx"). */
export const RatesByProviderSchema = z.record(z.string().trim().min(1).max(120), ProviderRatesSchema);
export type RatesByProvider = Readonly<Record<string, ProviderRates>>;

/**
 * 31 days: longer than any real call (always-on monitoring lines included),
 * and with MAX_MONEY_UNITS it keeps one call's micro-units a safe integer.
 */
export const MAX_CALL_SECONDS = 31 * 24 * 3600;

export type BillableCall = { direction: CallDirection; tollFree: boolean; durationSec: number };
export type CallCost = {
  billedSeconds: number;
  /** Exact decimal in the rates' currency, e.g. "0.017". */
  cost: string;
  /** The same amount in integer micro-units (1e-6 of the currency unit). */
  costMicros: number;
};

/**
 * What one call costs: billed seconds × per-minute rate / 60, rounded half up
 * to the micro-unit once per call (as a carrier rounds each invoice line),
 * plus the per-call fee. Computed in bigint, so nothing drifts. A call with
 * 0 billed seconds costs nothing, fee included: connection fees are charged
 * on connected calls, and the CDRs of missed, declined and failed calls also
 * carry 0 s, so charging them would invent cost.
 *
 * Returns null for a duration that is negative, not finite or over
 * MAX_CALL_SECONDS.
 */
export function callCost(call: BillableCall, rates: ProviderRates): CallCost | null {
  if (call.durationSec > MAX_CALL_SECONDS) return null;
  const billed = billedSeconds(call.durationSec, rates.increment);
  if (billed === null) return null;
  const perMinute = BigInt(rates.perMinuteMicros[rateClassOf(call)]);
  const usage = (perMinute * BigInt(billed) + 30n) / 60n;
  const micros = billed === 0 ? 0n : usage + BigInt(rates.perCallFeeMicros);
  return { billedSeconds: billed, cost: formatMicros(micros, rates.currency), costMicros: Number(micros) };
}
