import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/temp-dir';
import { createLogger, redact, redactText } from './logger';

const tempDir = useTempDirs();

describe('logger redaction', () => {
  it('never writes secrets by field name', () => {
    expect(redact({ password: 'hunter2', nested: { authorizationPassword: 'x', credential: 'y', token: 'z' }, user: 'alice' })).toEqual({
      password: '[redacted]',
      nested: { authorizationPassword: '[redacted]', credential: '[redacted]', token: '[redacted]' },
      user: 'alice',
    });
  });
  it('scrubs digest responses and URL passwords from free text', () => {
    const sip = 'Authorization: Digest username="alice", nonce="abc", response="0123456789abcdef"';
    expect(redactText(sip)).not.toMatch(/0123456789abcdef|abc"/);
    expect(redactText('wss://alice:s3cret@pbx.example.com/ws')).toBe('wss://alice:[redacted]@pbx.example.com/ws');
    expect(redactText('{"password":"hunter2"}')).not.toContain('hunter2');
  });
  it('writes redacted JSON lines to a rotating file', () => {
    const dir = tempDir();
    const log = createLogger({ dir, console: false, maxBytes: 400, keep: 2 });
    for (let i = 0; i < 20; i++) log.log('info', 'test', `line ${i}`, { password: 'hunter2' });
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['warmline.log', 'warmline.log.1', 'warmline.log.2']);
    const all = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
    expect(all).not.toContain('hunter2');
    expect(all).toContain('line 19');
  });
});
