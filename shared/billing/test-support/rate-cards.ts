import { ProviderRatesSchema, type ProviderRates, type ProviderRatesInput } from '../call-cost';

export const rates = (input: Partial<ProviderRatesInput> = {}): ProviderRates =>
  ProviderRatesSchema.parse({
    currency: 'USD',
    inboundPerMinute: '0.0085',
    outboundPerMinute: '0.013',
    tollFreePerMinute: '0.022',
    increment: '60/60',
    ...input,
  });

/** A per-minute carrier and a six-second one, as two trunks of one contact center. */
export const RATE_CARD = {
  minutely: rates({ increment: 'per-minute' }),
  sixer: rates({ increment: '6/6', inboundPerMinute: '0.006', outboundPerMinute: '0.012', tollFreePerMinute: '0.02', perCallFee: '0.001' }),
  euro: rates({ currency: 'EUR', increment: '1/1', inboundPerMinute: '0.01', outboundPerMinute: '0.01', tollFreePerMinute: '0.01' }),
};
