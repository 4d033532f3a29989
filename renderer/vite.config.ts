import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../shared/contract/csp';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The same CSP both hosts send as a header, also as a meta tag (frame-ancestors is header-only). */
function cspMeta(): Plugin {
  const policy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'warmline-csp-meta',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  root: here,
  base: './',
  publicDir: fileURLToPath(new URL('../resources/public', import.meta.url)),
  plugins: [react(), cspMeta()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    // Served from local disk or loopback, never over the internet: one bundle is fine.
    chunkSizeWarningLimit: 1500,
  },
});
