import { RatesByProviderSchema, type ProviderRates, type RatesByProvider } from '../../../shared/billing/call-cost';
import { formatBillingIncrement } from '../../../shared/billing/billing-increment';
import { formatMicros } from '../../../shared/billing/money';
import type { StoredBillingSettings, StoredRateCard } from '../../../shared/settings/schema';

/**
 * Rate cards cross two forms: settings.json and the bridge carry them as an
 * admin writes them ("0.0085", "60/60"); shared/billing computes on the
 * parsed form (integer micro-units). Both directions are exact: six decimals
 * hold every rate MoneySchema accepts.
 */

let cached: { key: string; rates: RatesByProvider } | null = null;

/** The parsed rate cards of settings.billing (validated when saved, so this does not fail on stored settings). */
export function ratesOf(billing: StoredBillingSettings): RatesByProvider {
  const key = JSON.stringify(billing.rates);
  if (cached?.key !== key) cached = { key, rates: RatesByProviderSchema.parse(billing.rates) };
  return cached.rates;
}

/** A parsed rate card (as billing.save receives it) back in the written form settings keep. */
export function writtenRateCard(r: ProviderRates): StoredRateCard {
  return {
    currency: r.currency,
    inboundPerMinute: formatMicros(r.perMinuteMicros.inbound, r.currency),
    outboundPerMinute: formatMicros(r.perMinuteMicros.outbound, r.currency),
    tollFreePerMinute: formatMicros(r.perMinuteMicros.tollFree, r.currency),
    perCallFee: formatMicros(r.perCallFeeMicros, r.currency),
    increment: formatBillingIncrement(r.increment),
  };
}

export function writtenRates(rates: Readonly<Record<string, ProviderRates>>): Record<string, StoredRateCard> {
  return Object.fromEntries(Object.entries(rates).map(([id, r]) => [id, writtenRateCard(r)]));
}
