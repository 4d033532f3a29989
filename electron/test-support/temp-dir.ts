import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createLogger } from '../host/logger';

/** A fresh folder per test, removed afterwards. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-test-'));
    made.push(d);
    return d;
  };
}

/** A logger that records lines in memory instead of printing them. */
export function memoryLogger() {
  const lines: { level: string; scope: string; message: string; fields?: unknown }[] = [];
  const base = createLogger({ console: false, minLevel: 'debug' });
  const logger = {
    ...base,
    log: (level: 'debug' | 'info' | 'warn' | 'error', scope: string, message: string, fields?: Record<string, unknown>) =>
      lines.push({ level, scope, message, fields }),
    child: (scope: string) => ({
      debug: (m: string, f?: Record<string, unknown>) => logger.log('debug', scope, m, f),
      info: (m: string, f?: Record<string, unknown>) => logger.log('info', scope, m, f),
      warn: (m: string, f?: Record<string, unknown>) => logger.log('warn', scope, m, f),
      error: (m: string, f?: Record<string, unknown>) => logger.log('error', scope, m, f),
    }),
  };
  return { logger, lines };
}
