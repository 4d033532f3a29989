import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/temp-dir';
import { resolveStatic } from './static-files';

const tempDir = useTempDirs();

describe('resolveStatic', () => {
  it('serves files inside the root and index.html for /', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), 'x');
    fs.writeFileSync(path.join(root, 'assets', 'a.js'), 'x');
    expect(resolveStatic(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStatic(root, '/assets/a.js?v=1')).toBe(path.join(root, 'assets', 'a.js'));
  });
  it.each(['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/%00', '/%E0%A4%A', '/assets'])(
    'refuses %s',
    (p) => {
      const parent = tempDir();
      const root = path.join(parent, 'app');
      fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
      fs.writeFileSync(path.join(parent, 'secret.txt'), 'secret');
      expect(resolveStatic(root, p)).toBeNull();
    },
  );
});
