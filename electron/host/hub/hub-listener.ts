import { createServer } from 'node:http';
import type { Hub } from './hub';

/**
 * The hub's HTTP API on 127.0.0.1 for hosts that have no web server of their
 * own (the Electron app): AI platforms on this machine, and the Lab's
 * simulated one, post to it. Everything but /feed/v1/ is 404.
 */
export async function startHubListener(hub: Hub, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (!hub.handleHttp(req, res)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Not found: the session feed lives under /feed/v1/.' }));
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (!hub.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return { url: `http://127.0.0.1:${actual}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
