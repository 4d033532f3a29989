import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = {
  log(level: LogLevel, scope: string, message: string, fields?: Record<string, unknown>): void;
  child(scope: string): ScopedLogger;
};
export type ScopedLogger = Record<LogLevel, (message: string, fields?: Record<string, unknown>) => void>;

/** Field names whose values never reach a log file. */
const SECRET_KEYS = /pass(word)?|secret|credential|token|authorization|ha1|key$/i;
/** Digest responses and passwords inside free text (SIP messages, URLs). */
const SECRET_TEXT: [RegExp, string][] = [
  [/(response|nonce|cnonce)="[^"]*"/gi, '$1="[redacted]"'],
  [/("?password"?\s*[:=]\s*)"[^"]*"/gi, '$1"[redacted]"'],
  [/(\/\/[^:/\s]+:)[^@/\s]+@/g, '$1[redacted]@'],
];

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

export function redactText(text: string): string {
  return SECRET_TEXT.reduce((t, [re, rep]) => t.replace(re, rep), text);
}

export type LoggerOptions = {
  /** Folder for warmline.log; omitted means console only. */
  dir?: string;
  maxBytes?: number;
  keep?: number;
  console?: boolean;
  minLevel?: LogLevel;
};

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** JSON-lines logger with size-based rotation and redaction of secrets. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const keep = opts.keep ?? 3;
  const min = ORDER[opts.minLevel ?? 'info'];
  const file = opts.dir ? path.join(opts.dir, 'warmline.log') : null;
  if (opts.dir) fs.mkdirSync(opts.dir, { recursive: true });

  const rotate = () => {
    if (!file) return;
    try {
      if (fs.statSync(file).size < maxBytes) return;
    } catch {
      return;
    }
    for (let i = keep - 1; i >= 1; i--) {
      try {
        fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      } catch {
        /* that generation does not exist yet */
      }
    }
    fs.renameSync(file, `${file}.1`);
  };

  const logger: Logger = {
    log(level, scope, message, fields) {
      if (ORDER[level] < min) return;
      const line = JSON.stringify({
        at: new Date().toISOString(),
        level,
        scope,
        message: redactText(message),
        ...(fields ? { fields: redact(fields) } : {}),
      });
      if (opts.console !== false) (level === 'error' || level === 'warn' ? console.error : console.log)(line);
      if (file) {
        try {
          rotate();
          fs.appendFileSync(file, line + '\n');
        } catch (e) {
          console.error(`warmline: cannot write log file ${file}: ${(e as Error).message}`);
        }
      }
    },
    child(scope) {
      return {
        debug: (m, f) => logger.log('debug', scope, m, f),
        info: (m, f) => logger.log('info', scope, m, f),
        warn: (m, f) => logger.log('warn', scope, m, f),
        error: (m, f) => logger.log('error', scope, m, f),
      };
    },
  };
  return logger;
}
