import { z } from 'zod';

/**
 * Money as integer micro-units (1e-6 of the currency's major unit) so sums of
 * thousands of calls never drift the way 0.1 + 0.2 does. Carriers quote rates
 * such as $0.0085/min or $0.00425/min: six decimals hold every quote we have
 * seen, so a rate with more is refused rather than silently rounded.
 */
export const MICROS_PER_UNIT = 1_000_000;
export const MICRO_DIGITS = 6;

/**
 * The largest rate or fee accepted, in major units. Generous for currencies
 * with small units (IDR, VND per minute run into the thousands) and small
 * enough that one call's micro-units stay a safe integer (see MAX_CALL_SECONDS
 * in call-cost.ts): 100,000 × 1e6 µ/min × 44,640 min ≈ 4.5e15 < 2^53.
 */
export const MAX_MONEY_UNITS = 100_000;

/**
 * ISO 4217 currencies in circulation that a carrier can invoice in. Fund codes
 * (BOV, CHE, USN …), precious metals (XAU …), XDR and the test codes XTS/XXX
 * are left out on purpose: nobody bills minutes in them.
 */
export const ISO_4217_CURRENCIES: ReadonlySet<string> = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF ' +
    'GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP ' +
    'LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB ' +
    'PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP ' +
    'SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ' +
    'ZAR ZMW ZWG'
  ).split(' '),
);

/** ISO 4217 minor-unit digits where they are not 2: how many decimals a displayed amount keeps at least. */
const MINOR_DIGITS_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0,
  XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function minorDigits(currency: string): number {
  return Object.hasOwn(MINOR_DIGITS_EXCEPTIONS, currency) ? MINOR_DIGITS_EXCEPTIONS[currency]! : 2;
}

export const CurrencySchema = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => ISO_4217_CURRENCIES.has(v), 'must be an ISO 4217 currency code such as USD, EUR or GBP');

const DECIMAL = /^(\d{1,15})(?:\.(\d+))?$/;

export type MoneyParse = { ok: true; micros: number } | { ok: false; reason: string };

/**
 * "0.0085" or 0.0085 → 8500 micro-units. Numbers are read through their
 * shortest decimal form (String(0.1) is "0.1"), so a JSON number means what
 * its author typed; exponent forms (1e-7) are refused with the advice to
 * write a decimal string.
 */
export function parseMoney(raw: string | number): MoneyParse {
  const text = typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : '') : raw.trim();
  if (typeof raw === 'number' ? raw < 0 : text.startsWith('-')) return { ok: false, reason: 'must not be negative' };
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, reason: `"${String(raw)}" is not an amount: write a decimal such as 0.0085` };
  const fraction = m[2] ?? '';
  if (fraction.length > MICRO_DIGITS) {
    return { ok: false, reason: `"${String(raw)}" has more than ${MICRO_DIGITS} decimal places` };
  }
  const whole = Number(m[1]);
  if (whole > MAX_MONEY_UNITS || (whole === MAX_MONEY_UNITS && /[1-9]/.test(fraction))) {
    return { ok: false, reason: `must be at most ${MAX_MONEY_UNITS}` };
  }
  return { ok: true, micros: whole * MICROS_PER_UNIT + Number(fraction.padEnd(MICRO_DIGITS, '0')) };
}

/** A rate or fee from a rate card (decimal string or number) as integer micro-units. */
export const MoneySchema = z.union([z.string(), z.number()]).transform((raw, ctx) => {
  const r = parseMoney(raw);
  if (r.ok) return r.micros;
  ctx.addIssue({ code: 'custom', message: r.reason, input: raw });
  return z.NEVER;
});

/**
 * `units × 10^-scale` as an exact decimal string with at least `minFraction`
 * decimals and no trailing zeros beyond them: formatScaled(17000n, 6, 2) is
 * "0.017", formatScaled(20000n, 6, 2) is "0.02".
 */
export function formatScaled(units: bigint, scale: number, minFraction: number): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const base = 10n ** BigInt(scale);
  const whole = (abs / base).toString();
  let fraction = scale > 0 ? (abs % base).toString().padStart(scale, '0') : '';
  let end = fraction.length;
  while (end > minFraction && fraction[end - 1] === '0') end--;
  fraction = fraction.slice(0, end).padEnd(minFraction, '0');
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/** Micro-units as an exact decimal in the currency's style: 17000 USD → "0.017", 0 USD → "0.00", 0 JPY → "0". */
export function formatMicros(micros: bigint | number, currency: string): string {
  return formatScaled(BigInt(micros), MICRO_DIGITS, minorDigits(currency));
}
