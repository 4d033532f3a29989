/**
 * Defensive readers for getStats() report objects.
 *
 * Reports cross from the browser as plain objects whose fields vary by browser
 * and version (a field can be absent, renamed, or hold NaN before the first
 * packet). Every reader here answers null instead of throwing, so one odd
 * report can never take the quality meter down with it.
 */

export type Report = Readonly<Record<string, unknown>>;

export function asReport(value: unknown): Report | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Report) : null;
}

/** A finite number, else null (NaN and Infinity appear in real reports before media flows). */
export function numberField(report: Report, key: string): number | null {
  const v = report[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A field in seconds, converted to milliseconds. */
export function msField(report: Report, key: string): number | null {
  const s = numberField(report, key);
  return s === null ? null : s * 1000;
}

export function stringField(report: Report, key: string): string | null {
  const v = report[key];
  return typeof v === 'string' ? v : null;
}

export function booleanField(report: Report, key: string): boolean | null {
  const v = report[key];
  return typeof v === 'boolean' ? v : null;
}

/** A string field that must be one of a closed set; anything else is treated as unknown. */
export function enumField<T extends string>(report: Report, key: string, allowed: readonly T[]): T | null {
  const v = report[key];
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

/**
 * Whether a report describes audio. `kind` is the spec field; older Chromium
 * and Safari builds used `mediaType`, so both are accepted.
 */
export function isAudio(report: Report): boolean {
  return (stringField(report, 'kind') ?? stringField(report, 'mediaType')) === 'audio';
}
